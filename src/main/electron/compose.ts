/**
 * Builds the desktop app from its parts: token store (keytar) → app core → IPC (with the two
 * Electron-only handlers) → window, menu, tray, notifications, power events, login item.
 * Called once from index.ts after `app.whenReady()`; returns what the lifecycle code needs.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { app, clipboard, dialog, Menu, net, powerMonitor, shell, type BrowserWindow } from 'electron';
import { EVENT_CHANNELS, type EventChannel } from '../../shared/ipc/channels';
import type { InvokeHandlers } from '../../shared/ipc/schemas';
import { createAppCore } from '../services/app-core';
import { APP_ENTRY_URL, APP_ORIGIN } from '../services/app-protocol';
import { resolveDataDir } from '../services/data-dir';
import { buildDiagnostics } from '../services/diagnostics';
import { createDispatcher } from '../services/ipc-dispatch';
import { KEYCHAIN_ACCOUNT } from '../services/account/paths';
import { createKeytarKeychain } from '../services/keytar-keychain';
import { logDirOf } from '../services/log-file';
import type { Logger } from '../services/logger';
import { startDemoApi } from '../simulator';
import { createEventSender, createTrustedSenders, registerIpcHandlers } from './ipc';
import { serveRenderer } from './app-protocol';
import { buildAppMenu } from './menu';
import { createQueueNotifier, showNotifications } from './notifications';
import { openInBrowser } from './security';
import { installTestHooks, testHooksEnabled } from './test-hooks';
import { createQueueTray } from './tray';
import { createMainWindow } from './window';

export const APP_USER_MODEL_ID = 'ai.devin.usage-dashboard';

export interface Shell {
  showWindow(): void;
  /** Stops the core and tears down tray and IPC; call before quitting. */
  dispose(): Promise<void>;
}

/** What compose does not build itself. */
export interface ComposeOptions {
  /** The text Help → Copy diagnostics puts on the clipboard (no token, no emails); default the core's report. */
  diagnostics?: () => Promise<string>;
}

interface Paths {
  preload: string;
  rendererDir: string;
  resources: string;
}

function paths(): Paths {
  // Bundled into out/main/index.js, so __dirname is out/main in development and inside app.asar when packaged.
  return {
    preload: join(__dirname, '../preload/index.cjs'),
    rendererDir: join(__dirname, '../renderer'),
    // Tray and window icons are copied next to app.asar by electron-builder's extraResources.
    resources: app.isPackaged ? process.resourcesPath : join(__dirname, '../../resources'),
  };
}

export async function composeApp(log: Logger, options: ComposeOptions = {}): Promise<Shell> {
  const isMac = process.platform === 'darwin';
  const isDev = !app.isPackaged;
  const p = paths();
  // The built renderer comes over app:// (never file://); unpackaged, the dev server's URL when there is one.
  const devUrl = isDev ? process.env.ELECTRON_RENDERER_URL : undefined;
  const pageUrl = devUrl ?? APP_ENTRY_URL;
  const allowedOrigins = [devUrl ?? APP_ORIGIN];
  const stopServing = devUrl ? () => undefined : serveRenderer(p.rendererDir);
  if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);

  // Specs use their own keychain entry so a run never touches the user's real token.
  const keychainAccount = (testHooksEnabled() && process.env.DEVIN_USAGE_TEST_KEYCHAIN_ACCOUNT) || KEYCHAIN_ACCOUNT;
  const dataDir = resolveDataDir(process.env, app.getPath('userData'));
  const core = createAppCore({
    dataDir,
    keychainFor: (account) => createKeytarKeychain({ account }),
    keychainAccount,
    startDemoApi,
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
  const openLimits = () => {
    showWindow();
    send('ui:command', { command: 'open-limits' });
  };
  const openRunaway = () => {
    showWindow();
    send('ui:command', { command: 'open-runaway' });
  };
  const refresh = () => void core.refresh().catch((err: unknown) => log.warn('refresh failed', { error: err }));
  const quit = () => {
    quitting = true;
    app.quit();
  };
  const logsDir = logDirOf(dataDir);
  const openLogsFolder = () => {
    void mkdir(logsDir, { recursive: true })
      .then(() => shell.openPath(logsDir))
      // openPath answers with an error message, empty on success.
      .then((failure) => {
        if (failure) log.warn('could not open the logs folder', { error: failure });
      })
      .catch((err: unknown) => log.warn('could not open the logs folder', { error: err }));
  };
  const diagnostics =
    options.diagnostics ??
    (async () =>
      buildDiagnostics({
        app: { name: app.getName(), version: app.getVersion() },
        settings: core.getSettings(),
        status: core.getStatus(),
        logDir: logsDir,
      }));
  const copyDiagnostics = () => {
    void diagnostics()
      .then((text) => clipboard.writeText(text))
      .catch((err: unknown) => log.warn('could not build the diagnostics', { error: err }));
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
    // PR links may also go to the hosts of PR URLs the API returned.
    'external:open': async ({ url }) => ({ opened: await openInBrowser(url, core.prHosts()) }),
  };
  const unregisterIpc = registerIpcHandlers({
    dispatch: createDispatcher(handlers, log.child('ipc')),
    trusted,
    allowedOrigins,
    log: log.child('ipc'),
  });
  const unsubscribe = EVENT_CHANNELS.map((event: EventChannel) => core.on(event, (payload) => send(event, payload as never)));

  applyLoginItem(core.getSettings().launchAtLogin);

  Menu.setApplicationMenu(
    buildAppMenu({
      appName: app.getName(),
      isMac,
      isDev,
      onSettings: openSettings,
      onRefresh: refresh,
      onQuit: quit,
      onOpenLogs: openLogsFolder,
      onCopyDiagnostics: copyDiagnostics,
    }),
  );

  win = createMainWindow({
    preloadPath: p.preload,
    pageUrl,
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
    onSwitchProfile: (id) =>
      void core.handlers['profiles:switch']({ id }).catch((err: unknown) => log.warn('profile switch failed', { error: err })),
    onQuit: quit,
    onLimits: openLimits,
  });
  const showProfiles = () =>
    void core.handlers['profiles:list'](undefined).then((p) => tray.setProfiles(p, core.getStatus().mode === 'demo'));
  showProfiles();
  const lastSyncAt = () => core.getStatus().lastSync?.finishedAt ?? null;
  tray.update(core.getStatus().queue, lastSyncAt());
  const notify = createQueueNotifier({ preference: () => core.getSettings().notifications, onClick: showWindow, log: log.child('notify') });
  unsubscribe.push(
    core.on('queue:changed', (health) => {
      tray.update(health, lastSyncAt());
      notify(health);
    }),
    core.on('data:updated', () => tray.update(core.getStatus().queue, lastSyncAt())),
    core.on('profiles:changed', (p) => tray.setProfiles(p, core.getStatus().mode === 'demo')),
    core.on('sync:progress', (p) => tray.updateSync(p)),
    core.on('cache:progress', (p) => tray.updateCacheUpgrade(p)),
    core.on('account:changed', () => {
      showProfiles();
      // The limits lines were the previous account's; the next sync's check brings this one's.
      tray.updateSpend({ lines: [], tooltip: null });
    }),
    // spend control (issue 9)
    core.on('spend:alerts', (e) => {
      tray.updateSpend(e.tray);
      showNotifications(e.notifications, openLimits, log.child('notify'));
    }),
    // outcomes (issue 10): main decided (setting on, desktop notifications not off); a click opens the runaway panel
    core.on('runaway:alerts', (e) => showNotifications(e.notifications, openRunaway, log.child('notify'))),
  );

  const onSuspend = () => core.suspend();
  const onResume = () => core.resume();
  powerMonitor.on('suspend', onSuspend);
  powerMonitor.on('resume', onResume);

  installTestHooks({
    tray: () => tray.current(),
    tokenState: () => core.getStatus().token,
    status: () => core.getStatus(),
    refresh: () => core.refresh(),
    userDataDir: app.getPath('userData'),
  });

  // Started last, once the window and tray can say how far a long cache upgrade is (core.start opens the cache;
  // a large one from an older release is upgraded in a worker thread first, `cache:progress`).
  await core.start();

  return {
    showWindow,
    async dispose() {
      powerMonitor.off('suspend', onSuspend);
      powerMonitor.off('resume', onResume);
      unsubscribe.forEach((off) => off());
      unregisterIpc();
      tray.destroy();
      stopServing();
      await core.stop();
    },
  };
}
