/**
 * Electron's side of the app:// scheme (the logic is services/app-protocol.ts): the privileges must be
 * registered before `ready`, the handler after it.
 */
import { protocol } from 'electron';
import { APP_SCHEME, createRendererFileServer } from '../services/app-protocol';

/**
 * Before `ready`, and only once: `standard` gives app:// real origins and relative URLs like https:,
 * `secure` makes it a secure context. No CSP bypass, no fetch or CORS privileges: the page needs none.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true } },
  ]);
}

/** After `ready`: app://dashboard/… answers from `rendererDir` only. Returns the unregister. */
export function serveRenderer(rendererDir: string): () => void {
  const server = createRendererFileServer(rendererDir);
  protocol.handle(APP_SCHEME, (request) => server.handle(request));
  return () => protocol.unhandle(APP_SCHEME);
}
