/**
 * Serves the built renderer (`out/renderer`) byte for byte, so the page under test is the bundle that ships.
 * `/bridged.html` is the one exception, for a person's own browser: index.html without its CSP meta and with
 * the bridge script added (Playwright never uses it; it injects the bridge and bypasses the CSP instead).
 */
import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.map': 'application/json',
};

export const CSP_META_RE = /<meta\s+http-equiv="Content-Security-Policy"[^>]*>/i;

/** The file under `root` that `pathname` names, or null when it would leave `root`. */
export function resolveUnder(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const absRoot = resolve(root);
  const file = resolve(absRoot, '.' + (decoded === '/' ? '/index.html' : decoded));
  return file === absRoot || file.startsWith(absRoot + sep) ? file : null;
}

export async function serveStatic(
  root: string,
  pathname: string,
  res: ServerResponse,
  bridgeSrc: string,
): Promise<void> {
  if (pathname === '/bridged.html') {
    const html = await readFile(join(root, 'index.html'), 'utf8');
    const bridged = html
      .replace(CSP_META_RE, '')
      .replace('<head>', `<head>\n    <script src="${bridgeSrc}"></script>`);
    res.writeHead(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-store' }).end(bridged);
    return;
  }
  const file = resolveUnder(root, pathname);
  const info = file ? await stat(file).catch(() => null) : null;
  if (!file || !info?.isFile()) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  res
    .writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    })
    .end(await readFile(file));
}
