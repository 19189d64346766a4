/**
 * What to do when the window's renderer process dies (Electron's `render-process-gone`): reload once,
 * with a banner saying so, and if it dies again soon after, show a static error page instead of
 * reloading into a crash loop. A blank window is never the answer.
 */
import { RECOVERED_PARAM } from '../../shared/renderer-recovery';

/** A second death within this long of the recovery reload means reloading does not help. */
export const RELOAD_WINDOW_MS = 5 * 60_000;

export interface RecoveryState {
  /** When the last recovery reload happened (epoch ms), or null. */
  reloadedAt: number | null;
}
export const INITIAL_RECOVERY: RecoveryState = { reloadedAt: null };

export type RecoveryAction = 'none' | 'reload' | 'error-page';

/** `reason` is Electron's RenderProcessGoneDetails.reason. */
export function afterRendererGone(
  reason: string,
  state: RecoveryState,
  now: number,
): { action: RecoveryAction; state: RecoveryState } {
  // A clean exit is the window closing or the app quitting, not a failure.
  if (reason === 'clean-exit') return { action: 'none', state };
  // A tampered bundle would fail the same way on every reload.
  if (reason === 'integrity-failure') return { action: 'error-page', state };
  if (state.reloadedAt !== null && now - state.reloadedAt < RELOAD_WINDOW_MS)
    return { action: 'error-page', state };
  return { action: 'reload', state: { reloadedAt: now } };
}

/** The page URL with the recovery flag the renderer shows a banner for (any previous query kept). */
export function recoveredUrl(pageUrl: string): string {
  const url = new URL(pageUrl);
  url.searchParams.set(RECOVERED_PARAM, '1');
  return url.href;
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** A self-contained page (no script, no request) for when reloading did not help. */
export function errorPageUrl(reason: string): string {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Devin Usage Dashboard</title>
<style>body{font:15px system-ui,sans-serif;margin:3em;max-width:40em;color:#ddd;background:#1b1d23}code{color:#fff}</style>
</head><body>
<h1>The dashboard stopped unexpectedly</h1>
<p>Its window failed again right after a reload (<code>${escapeHtml(reason.slice(0, 40))}</code>), so it was not reloaded a second time.</p>
<p>Quit the app and open it again. Your synced data is safe. <b>Help → Open logs folder</b> shows what happened,
and <b>Help → Copy diagnostics</b> gives a report to send with a bug.</p>
</body></html>`;
  return `data:text/html;charset=utf-8,${encodeURIComponent(html)}`;
}
