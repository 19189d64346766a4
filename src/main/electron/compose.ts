/**
 * Builds the desktop app from its parts: token store (keytar) → app core → IPC (with the two
 * Electron-only handlers) → window, menu, tray, notifications, power events, login item.
 * Called once from index.ts after `app.whenReady()`; returns what the lifecycle code needs.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, dialog, Menu, net, powerMonitor, shell, type BrowserWindow } from 'electron';
import { EVENT_CHANNELS, type EventChannel, type InvokeHandlers } from '../../shared/ipc/contract';
import { createAppCore } from '../services/app-core';
import { resolveDataDir } from '../services/data-dir';
import { openExternalSafely } from '../services/external-links';
import { createDispatcher } from '../services/ipc-dispatch';
import { createKeytarKeychain, KEYCHAIN_ACCOUNT } from '../services/keytar-keychain';
import type { Logger } from '../services/logger';
import { createTokenStore } from '../services/token-store';
import { createEventSender, createTrustedSenders, registerIpcHandlers } from './ipc';
import { buildAppMenu } from './menu';
import { createQueueNotifier } from './notifications';
import { installTestHooks, testHooksEnabled } from './test-hooks';
import { createQueueTray } from './tray';
import { createMainWindow, type RendererPage } from './window';

export const APP_USER_MODEL_ID = 'ai.devin.usage-dashboard';

export interface Shell {
  showWindow(): void;
  /** Stops the core and tears down tray and IPC; call before quitting. */
  dispose(): Promise<void>;
}

interface Paths {
  preload: string;
  rendererFile: string;
  resources: string;
}

function paths(): Paths {
  // Bundled into out/main/index.js, so __dirname is out/main in development and inside app.asar when packaged.
  return {
    preload: join(__dirname, '../preload/index.cjs'),
    rendererFile: join(__dirname, '../renderer/index.html'),
    // Tray and window icons are copied next to app.asar by electron-builder's extraResources.
    resources: app.isPackaged ? process.resourcesPath : join(__dirname, '../../resources'),
  };
}

export async function composeApp(log: Logger): Promise<Shell> {
  const isMac = process.platform === 'darwin';
  const isDev = !app.isPackaged;
  const p = paths();
  const devUrl = isDev ? process.env.ELECTRON_RENDERER_URL : undefined;
  const page: RendererPage = devUrl ? { kind: 'url', url: devUrl } : { kind: 'file', path: p.rendererFile };
  const allowedPages = devUrl ? [devUrl] : [pathToFileURL(p.rendererFile).href];
  if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);

  // Specs use their own keychain entry so a run never touches the user's real token.
  const account = (testHooksEnabled() && process.env.DEVIN_USAGE_TEST_KEYCHAIN_ACCOUNT) || KEYCHAIN_ACCOUNT;
  const tokenStore = createTokenStore({ keychain: createKeytarKeychain({ account }), log: log.child('token') });
  const core = createAppCore({
    dataDir: resolveDataDir(process.env, app.getPath('userData')),
    tokenStore,
    log: log.child('core'),
    // Chromium's network stack: the OS proxy settings and certificate store, which corporate networks need.
    fetch: (input, init) => net.fetch(input instanceof URL ? input.href : input, init),
  });

  let quitting = false;
  let win: BrowserWindow | null = null;
  const trusted = createTrustedSenders();
  const send = createEventSender(trusted);

  const showWindow = () => {
    if (!win || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  };
  const openSettings = () => {
    showWindow();
    send('ui:command', { command: 'open-settings' });
  };
  const refresh = () => void core.refresh().catch((err: unknown) => log.warn('refresh failed', { error: err }));
  const quit = () => {
    quitting = true;
    app.quit();
  };

  const applyLoginItem = (openAtLogin: boolean) => {
    // Not supported on Linux (no standard autostart API); packaged builds only, or dev would register Electron itself.
    if (process.platform === 'linux' || isDev) return;
    app.setLoginItemSettings({ openAtLogin });
  };

  const handlers: InvokeHandlers = {
    ...core.handlers,
    'settings:update': async (patch) => {
      const next = await core.handlers['settings:update'](patch);
      if (patch.launchAtLogin !== undefined) applyLoginItem(next.launchAtLogin);
      return next;
    },
    'export:save-csv': async ({ suggestedName, content }) => {
      const parent = win && !win.isDestroyed() ? win : undefined;
      const options = {
        defaultPath: join(app.getPath('downloads'), suggestedName),
        filters: [{ name: 'CSV', extensions: ['csv'] }],
      };
      const choice = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
      if (choice.canceled || !choice.filePath) return { saved: false, path: null };
      await writeFile(choice.filePath, content, 'utf8');
      return { saved: true, path: choice.filePath };
    },
    // PR links (outcomes, issue 10) may also go to the hosts of PR URLs the API returned.
    'external:open': async ({ url }) => ({ opened: await openExternalSafely(url, (u) => shell.openExternal(u), process.env, core.prHosts()) }),
  };
  const unregisterIpc = registerIpcHandlers({
    dispatch: createDispatcher(handlers, log.child('ipc')),
    trusted,
    allowedPages,
    log: log.child('ipc'),
  });
  const unsubscribe = EVENT_CHANNELS.map((event: EventChannel) => core.on(event, (payload) => send(event, payload as never)));

  await core.start();
  applyLoginItem(core.getSettings().launchAtLogin);

  Menu.setApplicationMenu(
    buildAppMenu({ appName: app.getName(), isMac, isDev, onSettings: openSettings, onRefresh: refresh, onQuit: quit }),
  );

  win = createMainWindow({
    preloadPath: p.preload,
    page,
    stateFile: join(app.getPath('userData'), 'window-state.json'),
    iconPath: join(p.resources, 'icon.png'),
    title: app.getName(),
    log: log.child('window'),
    // Closing the window leaves the app in the tray (and, on macOS, in the Dock); Quit ends it.
    hideOnClose: () => !quitting,
  });
  trusted.add(win.webContents);
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('activate', showWindow);

  const tray = createQueueTray({
    iconsDir: join(p.resources, 'tray'),
    isMac,
    onOpen: showWindow,
    onRefresh: refresh,
    onSettings: openSettings,
    onQuit: quit,
  });
  const lastSyncAt = () => core.getStatus().lastSync?.finishedAt ?? null;
  tray.update(core.getStatus().queue, lastSyncAt());
  const notify = createQueueNotifier({ preference: () => core.getSettings().notifications, onClick: showWindow, log: log.child('notify') });
  unsubscribe.push(
    core.on('queue:changed', (health) => {
      tray.update(health, lastSyncAt());
      notify(health);
    }),
    core.on('data:updated', () => tray.update(core.getStatus().queue, lastSyncAt())),
  );

  const onSuspend = () => core.suspend();
  const onResume = () => core.resume();
  powerMonitor.on('suspend', onSuspend);
  powerMonitor.on('resume', onResume);

  installTestHooks({
    tray: () => tray.current(),
    tokenState: () => tokenStore.state(),
    status: () => core.getStatus(),
    refresh: () => core.refresh(),
    userDataDir: app.getPath('userData'),
  });

  return {
    showWindow,
    async dispose() {
      powerMonitor.off('suspend', onSuspend);
      powerMonitor.off('resume', onResume);
      unsubscribe.forEach((off) => off());
      unregisterIpc();
      tray.destroy();
      await core.stop();
    },
  };
}
