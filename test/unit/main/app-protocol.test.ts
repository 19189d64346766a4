/**
 * The app:// file server (services/app-protocol.ts) over a real folder with real symlinks: it serves the
 * renderer's files with the right types and the CSP header, and nothing outside the folder, however the
 * path is spelled.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  APP_ORIGIN,
  createRendererFileServer,
  RENDERER_CSP,
  resolveRendererPath,
} from '../../../src/main/services/app-protocol';

const SECRET = 'outside-the-renderer-folder';
let base: string;
let root: string;
let server: ReturnType<typeof createRendererFileServer>;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'app-protocol-'));
  root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>x</title>');
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'export {};');
  writeFileSync(join(root, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(join(root, 'assets', 'font.woff2'), 'w');
  writeFileSync(join(root, 'assets', 'blob.bin'), 'b');
  writeFileSync(join(base, 'secret.txt'), SECRET);
  mkdirSync(join(base, 'outside'));
  writeFileSync(join(base, 'outside', 'index.html'), SECRET);
  symlinkSync(join(base, 'secret.txt'), join(root, 'leak.txt'));
  symlinkSync(join(base, 'outside'), join(root, 'leakdir'));
  symlinkSync(join(root, 'index.html'), join(root, 'alias.html'));
  server = createRendererFileServer(root);
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

const get = (url: string, init?: RequestInit) => server.handle(new Request(url, init));

describe('app:// file server', () => {
  it('serves index.html for the entry URL and for /, with the CSP as a header', async () => {
    for (const url of [APP_ENTRY_URL, `${APP_ORIGIN}/`, `${APP_ORIGIN}/index.html?x=1#/cost`]) {
      const res = await get(url);
      expect(res.status, url).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('content-security-policy')).toBe(RENDERER_CSP);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await res.text()).toContain('<title>x</title>');
    }
  });

  it.each([
    ['assets/index-abc.js', 'text/javascript; charset=utf-8'],
    ['assets/index-abc.css', 'text/css; charset=utf-8'],
    ['assets/font.woff2', 'font/woff2'],
    ['assets/blob.bin', 'application/octet-stream'],
  ])('serves %s as %s', async (path, type) => {
    const res = await get(`${APP_ORIGIN}/${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get(APP_ENTRY_URL, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await get(APP_ENTRY_URL, { method: 'POST', body: 'x' })).status).toBe(405);
  });

  it('refuses another host, scheme or port', async () => {
    for (const url of [
      'app://evil/index.html',
      'app://dashboard:8080/index.html',
      'other://dashboard/index.html',
      'https://dashboard/index.html',
    ]) {
      expect((await get(url)).status, url).toBe(404);
    }
  });

  it('refuses a missing file and a directory', async () => {
    expect((await get(`${APP_ORIGIN}/nope.js`)).status).toBe(404);
    expect((await get(`${APP_ORIGIN}/assets`)).status).toBe(404);
    expect((await get(`${APP_ORIGIN}/assets/`)).status).toBe(404);
  });

  it('follows a symlink that stays inside, and refuses one that leads out', async () => {
    expect((await get(`${APP_ORIGIN}/alias.html`)).status).toBe(200);
    for (const path of ['leak.txt', 'leakdir/index.html']) {
      const res = await get(`${APP_ORIGIN}/${path}`);
      expect(res.status, path).toBe(404);
      expect(await res.text()).not.toContain(SECRET);
    }
  });

  // Raw paths as a handler could see them, before any URL parser tidies them up.
  const escapes = [
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E%2Fsecret.txt',
    '/..%2fsecret.txt',
    '/assets%2f..%2f..%2fsecret.txt',
    '/..%5csecret.txt',
    '/..\\secret.txt',
    '/index.html%00.js',
    '/%E0%A4%A',
    'secret.txt',
  ];

  it.each(escapes)('resolves nothing for %j', (path) => {
    expect(resolveRendererPath(root, path)).toBeNull();
  });

  it.each(escapes)('serves nothing for %j', async (path) => {
    const res = await server.serve(path);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain(SECRET);
  });

  it('keeps an absolute path inside the folder', async () => {
    const absolute = join(base, 'secret.txt');
    expect(resolveRendererPath(root, `/${absolute}`)?.startsWith(root)).toBe(true);
    for (const path of [`/${absolute}`, `//${absolute}`, `/${encodeURIComponent(absolute)}`]) {
      const res = await server.serve(path);
      expect(res.status, path).toBe(404);
      expect(await res.text()).not.toContain(SECRET);
    }
  });
});
