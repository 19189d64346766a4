/**
 * Serves the built renderer (`out/renderer`) with the app's own app:// file server
 * (src/main/services/app-protocol.ts): the same bytes, types, CSP header and path checks as in Electron.
 * `/bridged.html` is the one exception, for a person's own browser: index.html without its CSP meta and with
 * the bridge script added (Playwright never uses it; it injects the bridge and bypasses the CSP instead).
 */
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { contentTypeFor, createRendererFileServer } from '../../src/main/services/app-protocol';

export const CSP_META_RE = /<meta\s+http-equiv="Content-Security-Policy"[^>]*>/i;

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
    res
      .writeHead(200, { 'content-type': contentTypeFor('index.html'), 'cache-control': 'no-store' })
      .end(bridged);
    return;
  }
  const answer = await createRendererFileServer(root).serve(pathname);
  res
    .writeHead(answer.status, Object.fromEntries(answer.headers))
    .end(Buffer.from(await answer.arrayBuffer()));
}
