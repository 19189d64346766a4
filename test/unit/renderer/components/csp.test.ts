import { describe, expect, it } from 'vitest';
import html from '../../../../src/renderer/index.html?raw';

const PRODUCTION_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

describe('index.html', () => {
  it('pins the production Content-Security-Policy', () => {
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const metas = doc.querySelectorAll('meta[http-equiv="Content-Security-Policy"]');
    expect(metas).toHaveLength(1);
    expect(metas[0]?.getAttribute('content')).toBe(PRODUCTION_CSP);
  });

  it('loads nothing remote and no inline script or style', () => {
    const doc = new DOMParser().parseFromString(html, 'text/html');
    expect(doc.querySelectorAll('style, [style]')).toHaveLength(0);
    const scripts = [...doc.querySelectorAll('script')];
    expect(scripts.every((s) => s.getAttribute('src') && s.textContent === '')).toBe(true);
    expect(html).not.toMatch(/https?:\/\//);
  });
});
