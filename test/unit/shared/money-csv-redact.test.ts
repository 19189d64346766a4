import { describe, expect, it } from 'vitest';
import { toCsv } from '../../../src/shared/csv';
import {
  costUsd,
  fromMicroAcus,
  parseRate,
  projectMonthEnd,
  roundAcus,
  roundCents,
  sumAcus,
  toMicroAcus,
} from '../../../src/shared/money';
import { redact, redactDeep, REDACTED } from '../../../src/shared/redact';

describe('ACU figures', () => {
  it('sums exactly, without binary-float noise', () => {
    expect(0.1 + 0.2).not.toBe(0.3); // why
    expect(sumAcus([0.1, 0.2])).toBe(0.3);
    expect(sumAcus([123.9, 0.01, 0.02])).toBe(123.93);
    expect(sumAcus(new Set([503.37, 0.01]))).toBe(503.38);
    expect(sumAcus([])).toBe(0);
  });

  it('keeps six decimals and strips noise a value already carries', () => {
    expect(roundAcus(0.30000000000000004)).toBe(0.3);
    expect(roundAcus(123.92999999999999)).toBe(123.93);
    expect(roundAcus(1.234567)).toBe(1.234567);
    expect(roundAcus(1.2345674)).toBe(1.234567);
  });

  it('converts to and from whole micro-ACUs', () => {
    expect(toMicroAcus(4.75)).toBe(4_750_000);
    expect(toMicroAcus(0.000001)).toBe(1);
    expect(fromMicroAcus(503_380_000)).toBe(503.38);
  });
});

describe('money', () => {
  it('derives cost from exact ACUs and rounds once', () => {
    const acus = [0.002, 0.002, 0.002];
    const sumOfRounded = acus.reduce((s, a) => s + (roundCents(costUsd(a, 1)) ?? 0), 0);
    const roundedSum = roundCents(costUsd(acus.reduce((s, a) => s + a, 0), 1));
    expect(roundedSum).toBe(0.01);
    expect(sumOfRounded).not.toBe(roundedSum); // why we round once, at the end
  });

  it('has no cost without a rate', () => {
    expect(costUsd(10, null)).toBeNull();
    expect(roundCents(null)).toBeNull();
  });

  it('rounds half-cents up despite binary floating point', () => {
    expect(roundCents(1.005)).toBe(1.01);
    expect(roundCents(2.675)).toBe(2.68);
    expect(roundCents(2678320.405)).toBe(2678320.41); // (x + EPSILON) * 100 gives .40 at this size
    expect(roundCents(costUsd(0.1 + 0.2, 3))).toBe(0.9);
  });

  it('projects month-end on a straight line', () => {
    expect(projectMonthEnd(100, 10, 30)).toBe(300);
    expect(projectMonthEnd(0, 0, 30)).toBe(0);
  });

  it('accepts only plain non-negative rates', () => {
    expect(parseRate('2.25')).toBe(2.25);
    expect(parseRate(' 0 ')).toBe(0);
    for (const bad of ['-1', 'abc', '1e3', '', 'NaN', 'Infinity', '1001']) expect(parseRate(bad)).toBeNull();
  });
});

describe('csv', () => {
  it('quotes separators, quotes and newlines', () => {
    expect(toCsv(['a', 'b'], [['x,y', 'say "hi"'], ['line\nbreak', null]])).toBe('a,b\r\n"x,y","say ""hi"""\r\n"line\nbreak",\r\n');
  });

  it('defuses spreadsheet formulas in text cells but not negative numbers', () => {
    expect(toCsv(['v'], [['=HYPERLINK("x")'], [-3]])).toBe(`v\r\n"'=HYPERLINK(""x"")"\r\n-3\r\n`);
  });
});

describe('redact', () => {
  const token = 'cog_live_9f8e7d6c5b4a3210';
  it('hides tokens and bearer values anywhere in text', () => {
    const out = redact(`GET /v3/self failed: Authorization: Bearer ${token}; echoed ${token}`);
    expect(out).not.toContain(token);
    expect(out).toContain(REDACTED);
  });

  it('hides legacy keys and tokens inside nested fields', () => {
    const out = redactDeep({ a: [{ b: `key apk_user_abcdef123 and ${token}` }], n: 1 });
    expect(JSON.stringify(out)).not.toMatch(/apk_user_abcdef123|cog_live/);
    expect(out.n).toBe(1);
  });
});
