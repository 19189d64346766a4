/** Redaction: token shapes in any encoding, the configured token in every variant, Errors in log fields. */
import { describe, expect, it } from 'vitest';
import { redact, redactDeep, REDACTED, secretRedactor } from '../../../src/shared/redact';

describe('redact: broadened patterns', () => {
  it.each([
    ['Authorization: Bearer%20cog_abc%2Bdef%2Fghi%3D', 'cog_abc'],
    ['header Bearer+cog_abc123xyz', 'cog_abc123xyz'],
    ['x_cog_abc123xyz in a field name', 'abc123xyz'],
    ['token=cog_abc+def/ghi== and more', 'def/ghi'],
    ['q?t=cog_abc%2Bdef&x=1', 'def'],
  ])('hides the token in %j', (text, secretPart) => {
    const out = redact(text);
    expect(out).not.toContain(secretPart);
    expect(out).toContain(REDACTED);
  });

  it('keeps words that merely contain cog_', () => {
    expect(redact('precog_mode stays')).toBe('precog_mode stays');
  });
});

describe('secretRedactor', () => {
  // Not token-shaped on purpose (no cog_ prefix): only knowing the value can hide it.
  const secret = 'Tk9+a/b=c+LongEnoughSecret/Value==';
  const scrub = secretRedactor([secret]);
  const b64 = (s: string) => Buffer.from(s).toString('base64');

  it.each([
    ['raw', `echo ${secret} back`],
    ['JSON-escaped', JSON.stringify({ detail: `echo "${secret}"` })],
    ['JSON with escaped slashes', `{"detail":"${secret.replace(/\//g, '\\/')}"}`],
    ['URL-encoded', `/cb?t=${encodeURIComponent(secret)}`],
    ['URL-encoded, lower-case hex', `/cb?t=${encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase())}`],
    ['base64', `blob ${b64(secret)}`],
    ['base64 inside a longer text (offset 1)', b64(`x${secret}y`)],
    ['base64 inside a longer text (offset 2)', b64(`Bearer ${secret}`)],
    ['base64url', b64(`ab${secret}`).replace(/\+/g, '-').replace(/\//g, '_')],
  ])('hides it %s', (_name, text) => {
    const out = scrub(text);
    expect(out).toContain(REDACTED);
    expect(out).not.toContain(secret);
    expect(out).not.toContain(encodeURIComponent(secret));
    expect(out).not.toContain(b64(secret).slice(2, 30));
  });

  it('also applies the shape-based patterns and ignores missing secrets', () => {
    expect(secretRedactor([null, undefined])('a cog_abcdef123 b')).toBe(`a ${REDACTED} b`);
  });
});

describe('redactDeep', () => {
  it('keeps an Error as name, message and a redacted stack instead of {}', () => {
    const err = new TypeError('bad header Bearer cog_stacksecret123');
    const out = JSON.parse(JSON.stringify(redactDeep({ error: err }))) as { error: Record<string, string> };
    expect(out.error.name).toBe('TypeError');
    expect(out.error.message).toBe(`bad header Bearer ${REDACTED}`);
    expect(out.error.stack).toContain('TypeError');
    expect(JSON.stringify(out)).not.toContain('stacksecret');
  });

  it('survives a circular value', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    expect(redactDeep(a)).toEqual({ name: 'a', self: '[Circular]' });
  });
});
