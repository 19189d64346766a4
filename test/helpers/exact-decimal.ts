/**
 * An oracle for figures, independent of the app's micro-ACU maths: numbers are read as the decimals they print
 * as and added with BigInt, at whatever precision they carry. The result is the double nearest to the exact
 * decimal sum, i.e. what a correct sum must equal with `toBe`.
 */

interface Decimal {
  digits: bigint;
  scale: number;
}

function parse(value: number): Decimal {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(value));
  if (!m) throw new RangeError(`not a finite number: ${value}`);
  const [, sign, int, frac = '', exp = '0'] = m;
  const e = Number(exp);
  const digits = BigInt(`${sign}${int}${frac}`);
  const scale = frac.length - e;
  return scale >= 0 ? { digits, scale } : { digits: digits * 10n ** BigInt(-scale), scale: 0 };
}

function format({ digits, scale }: Decimal): string {
  const negative = digits < 0n;
  const text = (negative ? -digits : digits).toString().padStart(scale + 1, '0');
  const int = text.slice(0, text.length - scale);
  const frac = text.slice(text.length - scale).replace(/0+$/, '');
  return `${negative ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

/** The exact decimal sum of `values`, as decimal text (e.g. "503.38"). */
export function exactSumText(values: Iterable<number>): string {
  const parts = [...values].map(parse);
  const scale = Math.max(0, ...parts.map((p) => p.scale));
  let digits = 0n;
  for (const p of parts) digits += p.digits * 10n ** BigInt(scale - p.scale);
  return format({ digits, scale });
}

/** The exact decimal sum of `values`, as the nearest double. */
export function exactSum(values: Iterable<number>): number {
  return Number(exactSumText(values));
}

/** Cents of `acus × rate`, computed exactly and rounded half up. */
export function exactCents(acus: number, rate: number): number {
  const a = parse(acus);
  const r = parse(rate);
  const scale = a.scale + r.scale; // digits of the product
  const product = a.digits * r.digits; // ≥ 0 here
  // cents = product / 10^(scale - 2), rounded half up
  const shift = scale - 2;
  if (shift <= 0) return Number(format({ digits: product * 10n ** BigInt(-shift), scale: 2 }));
  const divisor = 10n ** BigInt(shift);
  const cents = (product * 2n + divisor) / (2n * divisor);
  return Number(format({ digits: cents, scale: 2 }));
}

/** Number literals in `text` with more fractional digits than `maxDecimals` (binary-float noise shows as 15+). */
export function longDecimals(text: string, maxDecimals: number): string[] {
  return text.match(new RegExp(`\\d\\.\\d{${maxDecimals + 1},}`, 'g')) ?? [];
}
