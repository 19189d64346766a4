/**
 * The bundle under test is the shipped one: its strict CSP is intact (the harness never rewrites index.html),
 * and it really blocks network I/O, which is why the other specs run with `bypassCSP`.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { bridgeScript } from '../../harness/bridge-script';
import { DEFAULT_RENDERER_DIR } from '../../harness/server';
import { CSP_META_RE } from '../../harness/static-files';
import { expect, test } from './fixtures';

const cspOf = (html: string): string | undefined =>
  /content="([^"]*)"/.exec(CSP_META_RE.exec(html)?.[0] ?? '')?.[1];

test('the built index.html carries the same strict CSP as the source', async ({ harness }) => {
  const built = await readFile(join(DEFAULT_RENDERER_DIR, 'index.html'), 'utf8');
  const source = await readFile(resolve(__dirname, '../../../src/renderer/index.html'), 'utf8');
  const csp = cspOf(built);
  expect(csp).toBeDefined();
  expect(csp).toBe(cspOf(source));
  for (const directive of [
    "default-src 'none'",
    "script-src 'self'",
    "connect-src 'none'",
    "object-src 'none'",
    "frame-ancestors 'none'",
  ]) {
    expect(csp).toContain(directive);
  }
  // Served byte for byte, with the same policy as a header (as app:// serves it in Electron).
  const served = await fetch(`${harness.url}/`);
  expect(await served.text()).toBe(built);
  expect(served.headers.get('content-security-policy')).toBe(csp);
});

test.describe('without bypassCSP', () => {
  test.use({ bypassCSP: false });

  test('the page CSP blocks the bridge, so no request leaves the page', async ({ page, harness }) => {
    await page.addInitScript({ content: bridgeScript(harness.url) });
    await page.goto(`${harness.url}/`);
    const answer = await page.evaluate(
      `window.api.getStatus().then(() => 'reached main', (e) => 'blocked: ' + e.message)`,
    );
    expect(answer).toMatch(/^blocked/);
    // The app shows the failure instead of hanging on a skeleton.
    await expect(page.getByTestId('summary').getByRole('alert')).toBeVisible();
  });
});
