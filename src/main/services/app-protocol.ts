/**
 * The built renderer over the privileged `app://dashboard` scheme instead of `file://`: the page gets a
 * real origin of its own (so `script-src 'self'` means our bundle, not any local file), its CSP arrives
 * as a response header (where `frame-ancestors` counts; the meta in index.html stays as a backup), and
 * only files inside the renderer folder are ever read. Plain Node (WHATWG Request/Response): the
 * Electron glue (electron/app-protocol.ts) registers it, and the test harness serves with it too.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve } from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'dashboard';
/** What the sender check compares against: scheme and host (Node gives non-special schemes an opaque origin). */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** The production policy; index.html carries the same as a meta (a test keeps the two equal). */
export const RENDERER_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

// Module scripts are refused unless served with a JavaScript type, and nosniff keeps an unknown file inert.
export const contentTypeFor = (file: string): string =>
  CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';

export function rendererHeaders(file: string): Record<string, string> {
  return {
    'content-type': contentTypeFor(file),
    'content-security-policy': RENDERER_CSP,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  };
}

const inside = (root: string, file: string) => {
  const rel = relative(root, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
};

/**
 * The file under `root` that a URL path names, or null when it is malformed or would leave `root`:
 * `..` (plain or percent-encoded), backslashes, NUL. `/` is index.html. Symlinks are checked on read.
 */
export function resolveRendererPath(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return null;
  if (decoded.split('/').includes('..')) return null;
  const absRoot = resolve(root);
  const file = resolve(absRoot, `.${decoded === '/' ? '/index.html' : decoded}`);
  return inside(absRoot, file) ? file : null;
}

const notFound = () =>
  new Response('not found', {
    status: 404,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' },
  });

export interface RendererFileServer {
  /** Serves one URL path of the renderer folder (the harness calls this with its own HTTP paths). */
  serve(pathname: string, method?: string): Promise<Response>;
  /** The `protocol.handle` handler: only `app://dashboard/…`, only GET and HEAD. */
  handle(request: Request): Promise<Response>;
}

export function createRendererFileServer(root: string): RendererFileServer {
  // Resolved lazily and once: the folder does not move while the app runs.
  let realRoot: Promise<string> | null = null;

  const serve = async (pathname: string, method = 'GET'): Promise<Response> => {
    if (method !== 'GET' && method !== 'HEAD')
      return new Response('method not allowed', { status: 405, headers: { allow: 'GET, HEAD' } });
    const file = resolveRendererPath(root, pathname);
    if (!file) return notFound();
    try {
      const rootReal = await (realRoot ??= realpath(root));
      // A symlink inside the folder must not lead out of it.
      const real = await realpath(file);
      if (!inside(rootReal, real) || !(await stat(real)).isFile()) return notFound();
      const body = method === 'HEAD' ? null : new Uint8Array(await readFile(real));
      return new Response(body, { status: 200, headers: rendererHeaders(real) });
    } catch {
      return notFound();
    }
  };

  return {
    serve,
    async handle(request) {
      const url = URL.parse(request.url);
      if (!url || url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return notFound();
      return serve(url.pathname, request.method);
    },
  };
}
