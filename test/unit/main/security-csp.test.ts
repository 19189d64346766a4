/**
 * Pins the production Content-Security-Policy of the renderer page, in the index.html meta and in the
 * header app:// sends. The renderer never fetches (main does all network I/O), so connect-src is 'none';
 * loosening any directive must fail here first.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RENDERER_CSP } from '../../../src/main/services/app-protocol';

const EXPECTED_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const INDEX_HTML = resolve(__dirname, '../../../src/renderer/index.html');

function cspMetas(html: string): string[] {
  const metas = html.match(/<meta\b[^>]*>/gis) ?? [];
  return metas
    .filter((m) => /http-equiv\s*=\s*["']Content-Security-Policy["']/i.test(m))
    .map((m) => /content\s*=\s*"([^"]*)"/is.exec(m)?.[1] ?? /content\s*=\s*'([^']*)'/is.exec(m)?.[1] ?? '');
}

describe('renderer CSP', () => {
  const html = readFileSync(INDEX_HTML, 'utf8');

  it('has exactly one CSP meta tag, with exactly the production policy', () => {
    const found = cspMetas(html);
    expect(found).toHaveLength(1);
    expect(found[0]!.replace(/\s+/g, ' ').trim()).toBe(EXPECTED_CSP);
  });

  it('is also what app:// sends as the Content-Security-Policy header', () => {
    expect(RENDERER_CSP).toBe(EXPECTED_CSP);
  });

  it('loads no remote script, style, font or image', () => {
    expect(html).not.toMatch(/<(script|link|img)\b[^>]*(src|href)\s*=\s*["'](https?:)?\/\//i);
  });

  it('has no inline script', () => {
    const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)].filter(([, attrs, body]) => !/\bsrc=/.test(attrs ?? '') && (body ?? '').trim() !== '');
    expect(inline).toEqual([]);
  });
});
