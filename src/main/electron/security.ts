/**
 * Guards every web contents the app ever creates (wired before the first window exists): no new
 * windows, no navigation or redirects away from our page, no webviews, no permissions. Links to the
 * Devin web app open in the OS browser through the allow-list in services/external-links.ts.
 */
import { app, shell, type Session, type WebContents } from 'electron';
import { openExternalSafely } from '../services/external-links';
import type { Logger } from '../services/logger';

/** The app's one way to hand a URL to the OS browser: allow-listed Devin https: URLs only. */
/** The one caller of `shell.openExternal`; `prHosts` admits PR links on hosts the API returned (outcomes). */
export const openInBrowser = (url: string, prHosts: readonly string[] = []): Promise<boolean> =>
  openExternalSafely(url, (u) => shell.openExternal(u), process.env, prHosts);

export function installSecurityGuards(log: Logger): void {
  const hardenedSessions = new WeakSet<Session>();

  const openOutside = (url: string, via: string) => {
    openInBrowser(url)
      .then((opened) => {
        if (!opened) log.warn('blocked a URL that is not on the allow-list', { via, url: url.slice(0, 200) });
      })
      .catch((err: unknown) => log.warn('the OS could not open a link', { via, error: err }));
  };

  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.setWindowOpenHandler(({ url }) => {
      openOutside(url, 'window.open');
      return { action: 'deny' };
    });
    // Our page never navigates: a link click is a request to open it outside, a redirect is refused.
    contents.on('will-navigate', (details) => {
      details.preventDefault();
      openOutside(details.url, 'navigation');
    });
    contents.on('will-redirect', (details) => {
      details.preventDefault();
      log.warn('blocked a redirect', { url: details.url.slice(0, 200) });
    });
    contents.on('will-attach-webview', (event) => {
      event.preventDefault();
      log.warn('blocked a webview');
    });

    const session = contents.session;
    if (!hardenedSessions.has(session)) {
      hardenedSessions.add(session);
      // The dashboard uses no permission at all (no notifications from the page: main shows them).
      session.setPermissionRequestHandler((_wc, permission, callback) => {
        log.warn('denied a permission request', { permission });
        callback(false);
      });
      session.setPermissionCheckHandler(() => false);
    }
  });
}
