/**
 * Token redaction used by every logger and error path: a `cog_` (or legacy `apk_`) token never leaves main as text.
 * `redact` works from the token's shape alone; `secretRedactor` also knows the configured token, so it catches it
 * in any shape and in the encodings a server might echo it back in (JSON, URL, base64).
 */
// Not preceded by a letter (so `x_cog_…` and `Bearer%20cog_…` match, `precog_` does not); the body takes URL
// escapes and the base64 alphabet too, so an echoed `cog_a%2Bb/c=` is hidden whole rather than cut at the `%`.
const TOKEN_RE = /(?<![A-Za-z])(?:cog|apk(?:_user)?)_(?:[A-Za-z0-9_\-.~+/=]|%[0-9A-Fa-f]{2})+/g;
// The separator as sent (`Bearer x`), URL-encoded (`Bearer%20x`) or form-encoded (`Bearer+x`).
const BEARER_RE = /(Bearer(?:\s+|%20|\+))[^\s"',;&]+/gi;

export const REDACTED = '[REDACTED]';

export function redact(text: string): string {
  return text.replace(BEARER_RE, `$1${REDACTED}`).replace(TOKEN_RE, REDACTED);
}

/** Redacts every string inside a value (for structured log fields); Errors keep name, message and stack. */
export function redactDeep<T>(value: T): T {
  return redactValue(value, new WeakSet()) as T;
}

function redactValue(value: unknown, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redact(value);
  if (!value || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  // An Error's fields are not enumerable: without this it would be logged as `{}`.
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return {
      name: value.name,
      message: redact(value.message),
      ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
      ...(value.stack ? { stack: redact(value.stack) } : {}),
      ...(value.cause !== undefined ? { cause: redactValue(value.cause, seen) } : {}),
    };
  }
  if (Array.isArray(value)) return value.map((v) => redactValue(v, seen));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(v, seen)]));
}

/**
 * The forms `secret` can take in text a server sends back: as is, JSON-escaped (with and without `\/`),
 * URL-encoded (upper- and lower-case hex, `+ / =` → `%2B %2F %3D`), and base64/base64url at each of the three
 * alignments it can have inside a longer base64 text (e.g. an echoed `Authorization` header).
 */
export function secretVariants(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const url = encodeURIComponent(secret);
  const variants = [
    secret,
    json,
    json.replace(/\//g, '\\/'),
    url,
    url.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()),
    ...base64Variants(secret),
  ];
  // Longest first, so a variant that contains another is replaced whole.
  return [...new Set(variants.filter((v) => v === secret || v.length >= 8))].sort((a, b) => b.length - a.length);
}

function base64Variants(secret: string): string[] {
  const bytes = new TextEncoder().encode(secret);
  const out: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const shifted = new Uint8Array(shift + bytes.length);
    shifted.set(bytes, shift);
    const b64 = btoa(String.fromCharCode(...shifted)).replace(/=+$/, '');
    // Only the characters made of the secret's bits alone: the first `shift` bytes and the tail depend on neighbours.
    const start = Math.ceil((shift * 8) / 6);
    const end = Math.floor(((shift + bytes.length) * 8) / 6);
    const core = b64.slice(start, end);
    out.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return out;
}

/** `redact` plus every variant of the given secrets (the configured token): for text that came from a server. */
export function secretRedactor(secrets: readonly (string | null | undefined)[]): (text: string) => string {
  const variants = [...new Set(secrets.flatMap((s) => (s ? secretVariants(s) : [])))].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const v of variants) if (out.includes(v)) out = out.split(v).join(REDACTED);
    return redact(out);
  };
}
