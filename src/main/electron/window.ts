/**
 * The one window factory. webPreferences are fixed here and nowhere else: isolated, sandboxed, no Node,
 * no webview, web security on. The window is shown once its first paint is ready; if its renderer
 * process dies, services/renderer-recovery.ts decides between a reload and an error page.
 */
import { BrowserWindow, screen } from 'electron';
import { clampToDisplays, MIN_WINDOW_SIZE, readWindowState, writeWindowState } from './window-state';
import type { Logger } from '../services/logger';
import { afterRendererGone, errorPageUrl, INITIAL_RECOVERY, recoveredUrl } from '../services/renderer-recovery';

export interface MainWindowOptions {
  preloadPath: string;
  /** app://dashboard/index.html, or the dev server's URL when unpackaged. */
  pageUrl: string;
  stateFile: string;
  iconPath?: string;
  title: string;
  log: Logger;
  /** Called when the user closes the window; return true to hide it instead (the app lives on in the tray). */
  hideOnClose: () => boolean;
}

export function createMainWindow(opts: MainWindowOptions): BrowserWindow {
  const saved = clampToDisplays(
    readWindowState(opts.stateFile),
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const win = new BrowserWindow({
    ...(saved.x !== undefined && saved.y !== undefined ? { x: saved.x, y: saved.y } : { center: true }),
    width: saved.width,
    height: saved.height,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title: opts.title,
    show: false,
    backgroundColor: '#1b1d23',
    ...(opts.iconPath ? { icon: opts.iconPath } : {}),
    webPreferences: {
      preload: opts.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      // Middle-click would otherwise ask for a new window; setWindowOpenHandler denies it anyway, this stops it earlier.
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
    },
  });

  win.once('ready-to-show', () => {
    if (saved.maximized) win.maximize();
    win.show();
  });

  win.on('close', (event) => {
    saveState(win, opts);
    if (opts.hideOnClose()) {
      event.preventDefault();
      win.hide();
    }
  });

  const load = (url: string) => {
    win.loadURL(url).catch((err: unknown) => opts.log.error('the renderer failed to load', { error: err }));
  };

  let recovery = INITIAL_RECOVERY;
  win.webContents.on('render-process-gone', (_event, details) => {
    const next = afterRendererGone(details.reason, recovery, Date.now());
    recovery = next.state;
    if (next.action === 'none' || win.isDestroyed()) return;
    opts.log.error('the window renderer process is gone', { reason: details.reason, exitCode: details.exitCode, action: next.action });
    load(next.action === 'reload' ? recoveredUrl(opts.pageUrl) : errorPageUrl(details.reason));
  });

  load(opts.pageUrl);
  return win;
}

function saveState(win: BrowserWindow, opts: MainWindowOptions) {
  try {
    const bounds = win.getNormalBounds();
    writeWindowState(opts.stateFile, { ...bounds, maximized: win.isMaximized() });
  } catch (err) {
    opts.log.warn('could not save the window position', { error: err });
  }
}
