/**
 * The Electron shell (src/main/electron/compose.ts) wired to the REAL app core (demo mode: built-in
 * simulator over loopback HTTP, SQLite in a temp userData), with `electron` replaced by recording fakes
 * because the Electron binary is not installed here. Checks the security-relevant wiring: locked window
 * preferences, every channel registered behind the sender check, allow-listed external links, and the
 * production menu without reload. The Playwright `_electron` specs cover the same in real Electron.
 */
import type { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { invokeMethods } from '../../../src/shared/ipc/channels';
import { APP_ENTRY_URL } from '../../../src/main/services/app-protocol';
import { silentLogger } from '../../../src/main/services/logger';

const fake = vi.hoisted(() => {
  // vi.hoisted runs before imports: only globals here.
  let nextId = 1;
  const state = {
    userData: '',
    appEvents: new Map<string, ((...a: unknown[]) => void)[]>(),
    windows: [] as {
      options: Record<string, unknown>;
      loadedUrls: string[];
      webContents: { id: number; sent: [string, unknown][]; destroy(): void; emit(event: string, ...args: unknown[]): boolean };
    }[],
    protocols: new Map<string, (request: Request) => Promise<Response>>(),
    clipboard: [] as string[],
    openedPaths: [] as string[],
    handlers: new Map<string, (event: unknown, args: unknown) => unknown>(),
    menus: [] as unknown[],
    trays: [] as { tooltip: string; image: unknown; destroyed: boolean }[],
    opened: [] as string[],
    saveDialogPath: '',
    loginItems: [] as unknown[],
    powerListeners: new Map<string, (() => void)[]>(),
    nextId: () => nextId++,
  };
  return state;
});

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  class FakeWebContents extends Emitter {
    readonly id = fake.nextId();
    readonly sent: [string, unknown][] = [];
    private destroyed = false;
    session = { setPermissionRequestHandler() {}, setPermissionCheckHandler() {} };
    send(channel: string, payload: unknown) {
      this.sent.push([channel, payload]);
    }
    isDestroyed() {
      return this.destroyed;
    }
    destroy() {
      this.destroyed = true;
      this.emit('destroyed');
    }
  }
  class BrowserWindow extends Emitter {
    readonly webContents = new FakeWebContents();
    // No loadFile here: the app must never load a file:// page.
    loadedUrls: string[] = [];
    constructor(readonly options: Record<string, unknown>) {
      super();
      fake.windows.push(this);
    }
    async loadURL(url: string) {
      this.loadedUrls.push(url);
    }
    show() {}
    hidden = false;
    hide() {
      this.hidden = true;
    }
    focus() {}
    restore() {}
    maximize() {}
    isMinimized() {
      return false;
    }
    isMaximized() {
      return false;
    }
    isDestroyed() {
      return false;
    }
    getNormalBounds() {
      return { x: 10, y: 10, width: 1200, height: 800 };
    }
  }
  class Tray {
    tooltip = '';
    image: unknown = null;
    destroyed = false;
    constructor(image: unknown) {
      this.image = image;
      fake.trays.push(this);
    }
    on() {}
    setImage(image: unknown) {
      this.image = image;
    }
    setToolTip(t: string) {
      this.tooltip = t;
    }
    setContextMenu() {}
    isDestroyed() {
      return this.destroyed;
    }
    destroy() {
      this.destroyed = true;
    }
  }
  class Notification {
    static isSupported() {
      return false;
    }
    on() {}
    show() {}
  }
  return {
    app: {
      isPackaged: false,
      on(event: string, fn: (...a: unknown[]) => void) {
        fake.appEvents.set(event, [...(fake.appEvents.get(event) ?? []), fn]);
      },
      getPath: (name: string) => (name === 'userData' ? fake.userData : join(fake.userData, name)),
      getName: () => 'Devin Usage Dashboard',
      quit() {},
      setAppUserModelId() {},
      setLoginItemSettings: (s: unknown) => fake.loginItems.push(s),
    },
    BrowserWindow,
    Tray,
    Notification,
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    ipcMain: {
      handle: (channel: string, fn: (event: unknown, args: unknown) => unknown) => fake.handlers.set(channel, fn),
      removeHandler: (channel: string) => fake.handlers.delete(channel),
    },
    Menu: {
      buildFromTemplate: (template: unknown) => ({ template }),
      setApplicationMenu: (m: unknown) => fake.menus.push(m),
    },
    nativeImage: { createFromPath: (path: string) => ({ path }) },
    powerMonitor: {
      on: (e: string, fn: () => void) => fake.powerListeners.set(e, [...(fake.powerListeners.get(e) ?? []), fn]),
      off: (e: string, fn: () => void) => fake.powerListeners.set(e, (fake.powerListeners.get(e) ?? []).filter((f) => f !== fn)),
    },
    dialog: { showSaveDialog: async () => ({ canceled: false, filePath: fake.saveDialogPath }) },
    shell: {
      openExternal: async (url: string) => {
        fake.opened.push(url);
      },
      openPath: async (path: string) => {
        fake.openedPaths.push(path);
        return '';
      },
    },
    clipboard: { writeText: (text: string) => fake.clipboard.push(text) },
    protocol: {
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => fake.protocols.set(scheme, handler),
      unhandle: (scheme: string) => fake.protocols.delete(scheme),
    },
  };
});

type Handler = (event: unknown, args: unknown) => Promise<{ ok: boolean; data?: unknown; error?: { code: string } }>;
const call = (channel: string, sender: { id: number; url: string | null }, args?: unknown) =>
  (fake.handlers.get(channel) as Handler)({ sender: { id: sender.id }, senderFrame: sender.url === null ? null : { url: sender.url } }, args);

const SAVED_ENV = { ...process.env };
let shell: { dispose(): Promise<void> };
let win: (typeof fake.windows)[number];
let page: string;

beforeAll(async () => {
  fake.userData = mkdtempSync(join(tmpdir(), 'shell-test-'));
  fake.saveDialogPath = join(fake.userData, 'export.csv');
  delete process.env.DEVIN_SERVICE_USER_TOKEN;
  delete process.env.DEVIN_API_BASE_URL;
  delete process.env.ELECTRON_RENDERER_URL;
  process.env.NODE_ENV = 'test';
  // Never the real keychain entry, should a Secret Service be reachable.
  process.env.DEVIN_USAGE_TEST_KEYCHAIN_ACCOUNT = `shell-test-${process.pid}`;
  const { composeApp } = await import('../../../src/main/electron/compose');
  shell = await composeApp(silentLogger, { diagnostics: async () => 'diagnostics report' });
  win = fake.windows[0]!;
  page = win.loadedUrls[0]!;
}, 60_000);

afterAll(async () => {
  await shell?.dispose();
  process.env = SAVED_ENV;
  rmSync(fake.userData, { recursive: true, force: true });
});

describe('composeApp (fake Electron, real core)', () => {
  it('creates one window with locked web preferences, hidden until ready', () => {
    expect(fake.windows).toHaveLength(1);
    expect(win.options.show).toBe(false);
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
      preload: expect.stringMatching(/preload[\\/]index\.cjs$/),
    });
  });

  it('loads the renderer from app://, never from a file', () => {
    expect(win.loadedUrls).toEqual([APP_ENTRY_URL]);
    expect(win).not.toHaveProperty('loadFile');
  });

  it('serves app:// from the renderer folder only', async () => {
    const handler = fake.protocols.get('app')!;
    expect(handler).toBeTypeOf('function');
    for (const url of ['app://dashboard/%2e%2e/%2e%2e/package.json', 'app://dashboard/..%2f..%2fpackage.json', 'app://other/index.html']) {
      expect((await handler(new Request(url))).status, url).toBe(404);
    }
  });

  it('registers exactly the contract channels', () => {
    expect([...fake.handlers.keys()].sort()).toEqual(Object.keys(invokeMethods).sort());
  });

  it('serves our page in our window from the real core', async () => {
    const res = await call('app:get-status', { id: win.webContents.id, url: page });
    expect(res.ok).toBe(true);
    expect(res.data).toMatchObject({ mode: 'demo', token: { source: 'none' } });
  });

  it('refuses a foreign web contents, a foreign page, and a missing frame', async () => {
    for (const sender of [
      { id: 9999, url: page },
      { id: win.webContents.id, url: 'https://evil.example/' },
      { id: win.webContents.id, url: pathToFileURL(join(fake.userData, 'index.html')).href },
      // The page the app loaded before app://: a file: URL is never trusted now.
      { id: win.webContents.id, url: pathToFileURL(join(__dirname, '../../../out/renderer/index.html')).href },
      { id: win.webContents.id, url: 'app://evil/index.html' },
      { id: win.webContents.id, url: null },
    ]) {
      const res = await call('settings:get', sender);
      expect(res, JSON.stringify(sender)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    }
  });

  it('opens only allow-listed links in the OS browser', async () => {
    const sender = { id: win.webContents.id, url: page };
    expect(await call('external:open', sender, { url: 'javascript:alert(1)' })).toEqual({ ok: true, data: { opened: false } });
    expect(await call('external:open', sender, { url: 'https://app.devin.ai/sessions/1' })).toEqual({ ok: true, data: { opened: true } });
    expect(fake.opened).toEqual(['https://app.devin.ai/sessions/1']);
  });

  it('saves a CSV where the save dialog says, and refuses a path-like suggested name', async () => {
    const sender = { id: win.webContents.id, url: page };
    const ok = await call('export:save-csv', sender, { suggestedName: 'sessions.csv', content: 'a,b\r\n1,2\r\n' });
    expect(ok).toEqual({ ok: true, data: { saved: true, path: fake.saveDialogPath } });
    expect(readFileSync(fake.saveDialogPath, 'utf8')).toBe('a,b\r\n1,2\r\n');
    const bad = await call('export:save-csv', sender, { suggestedName: '../../.bashrc.csv', content: 'x' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });

  it('forwards core events to the window and draws the tray', async () => {
    await vi.waitFor(() => expect(win.webContents.sent.some(([channel]) => channel === 'data:updated')).toBe(true), { timeout: 30_000 });
    const tray = fake.trays[0]!;
    expect(tray.tooltip).toContain('Devin queue');
    expect(tray.image).toMatchObject({ path: expect.stringMatching(/tray[\\/]\w+\.png$/) });
  });

  it('has Help → Open logs folder (created under the data dir) and Copy diagnostics', async () => {
    const help = (fake.menus.at(-1) as { template: { label?: string; role?: string; submenu?: { label?: string; click?: () => void }[] }[] }).template.find(
      (m) => m.label === 'Help' || m.role === 'help',
    );
    const item = (label: string) => help?.submenu?.find((i) => i.label === label);
    item('Open logs folder')!.click!();
    await vi.waitFor(() => expect(fake.openedPaths).toEqual([join(fake.userData, 'logs')]));
    item('Copy diagnostics')!.click!();
    await vi.waitFor(() => expect(fake.clipboard).toEqual(['diagnostics report']));
  });

  it('reloads a crashed renderer once with the recovery flag, then shows the error page', () => {
    win.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    expect(win.loadedUrls.at(-1)).toBe(`${APP_ENTRY_URL}?recovered=1`);
    win.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    expect(win.loadedUrls.at(-1)).toMatch(/^data:text\/html/);
    expect(win.loadedUrls).toHaveLength(3);
  });

  it('hooks sleep and wake', () => {
    expect(fake.powerListeners.get('suspend')).toHaveLength(1);
    expect(fake.powerListeners.get('resume')).toHaveLength(1);
    expect(() => fake.powerListeners.get('suspend')![0]!()).not.toThrow();
    expect(() => fake.powerListeners.get('resume')![0]!()).not.toThrow();
  });

  it('installs test hooks only because NODE_ENV is test', () => {
    expect('__devinUsageTestHooks' in globalThis).toBe(true);
  });

  it('hides on close (the app stays in the tray) and remembers the window bounds', () => {
    const event = { prevented: false, preventDefault: () => (event.prevented = true) };
    (win as unknown as EventEmitter).emit('close', event);
    expect(event.prevented).toBe(true);
    expect((win as unknown as { hidden: boolean }).hidden).toBe(true);
    const saved = JSON.parse(readFileSync(join(fake.userData, 'window-state.json'), 'utf8')) as unknown;
    expect(saved).toEqual({ x: 10, y: 10, width: 1200, height: 800, maximized: false });
  });

  it('stops trusting a window once its web contents is destroyed', async () => {
    win.webContents.destroy();
    const res = await call('settings:get', { id: win.webContents.id, url: page });
    expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
  });
});

describe('window state', () => {
  it('keeps a saved position on a present display and drops one on a display that is gone', async () => {
    const { clampToDisplays } = await import('../../../src/main/electron/window-state');
    const displays = [{ x: 0, y: 0, width: 1920, height: 1080 }];
    expect(clampToDisplays({ x: 100, y: 50, width: 1200, height: 800, maximized: false }, displays)).toEqual({ x: 100, y: 50, width: 1200, height: 800, maximized: false });
    // Last seen on a second monitor to the right that is no longer connected.
    expect(clampToDisplays({ x: 2500, y: 100, width: 1200, height: 800, maximized: true }, displays)).toEqual({ width: 1200, height: 800, maximized: true });
    // Bigger than the display it lands on: shrunk to fit.
    expect(clampToDisplays({ x: 0, y: 0, width: 4000, height: 3000, maximized: false }, displays)).toEqual({ x: 0, y: 0, width: 1920, height: 1080, maximized: false });
  });

  it('falls back to defaults for a hand-edited or truncated file', async () => {
    const { readWindowState, DEFAULT_WINDOW_STATE } = await import('../../../src/main/electron/window-state');
    const { writeFileSync } = await import('node:fs');
    const file = join(fake.userData, 'bad-window-state.json');
    for (const content of ['{"width": 1200, "hei', '{"width": -5, "height": 800}', '[]', '']) {
      writeFileSync(file, content);
      expect(readWindowState(file), content).toEqual(DEFAULT_WINDOW_STATE);
    }
  });
});

describe('buildAppMenu', () => {
  const roles = (items: unknown): string[] =>
    (items as { role?: string; submenu?: unknown }[]).flatMap((i) => [...(i.role ? [i.role] : []), ...(Array.isArray(i.submenu) ? roles(i.submenu) : [])]);
  const labels = (items: unknown): { label?: string; accelerator?: string }[] =>
    (items as { label?: string; accelerator?: string; submenu?: unknown }[]).flatMap((i) => [i, ...(Array.isArray(i.submenu) ? labels(i.submenu) : [])]);

  it.each([true, false])('has no reload or devtools in production (isMac=%s), but Refresh and Settings accelerators', async (isMac) => {
    const { buildAppMenu } = await import('../../../src/main/electron/menu');
    const noop = () => undefined;
    const menu = buildAppMenu({ appName: 'X', isMac, isDev: false, onSettings: noop, onRefresh: noop, onQuit: noop, onOpenLogs: noop }) as unknown as { template: unknown };
    const r = roles(menu.template);
    for (const role of ['reload', 'forceReload', 'toggleDevTools']) expect(r).not.toContain(role);
    expect(r).toEqual(expect.arrayContaining(['about', 'copy', 'paste']));
    const l = labels(menu.template);
    expect(l.find((i) => i.label === 'Refresh')?.accelerator).toBe('CmdOrCtrl+R');
    expect(l.find((i) => i.label?.startsWith('Settings'))?.accelerator).toBe('CmdOrCtrl+,');
    // Help: the logs folder always; Copy diagnostics only with a diagnostics source.
    expect(l.some((i) => i.label === 'Open logs folder')).toBe(true);
    expect(l.some((i) => i.label === 'Copy diagnostics')).toBe(false);
    const dev = buildAppMenu({ appName: 'X', isMac, isDev: true, onSettings: noop, onRefresh: noop, onQuit: noop, onOpenLogs: noop }) as unknown as { template: unknown };
    expect(roles(dev.template)).toContain('toggleDevTools');
  });
});
