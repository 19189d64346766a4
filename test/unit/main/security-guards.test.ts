/**
 * The web-contents guards of src/main/electron/security.ts, wired to recording fakes of `app`, `shell`
 * and a WebContents (the Electron binary is not here; the Playwright specs cover the real thing).
 */
import { EventEmitter } from 'node:events';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../../src/main/services/logger';

const fake = vi.hoisted(() => ({
  created: null as null | ((event: unknown, contents: unknown) => void),
  opened: [] as string[],
}));

vi.mock('electron', () => ({
  app: {
    on(event: string, handler: (event: unknown, contents: unknown) => void) {
      if (event === 'web-contents-created') fake.created = handler;
    },
  },
  shell: {
    openExternal: async (url: string) => {
      fake.opened.push(url);
    },
  },
}));

class FakeSession {
  requestHandler: ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void) | null = null;
  checkHandler: ((...args: unknown[]) => boolean) | null = null;
  setPermissionRequestHandler(h: FakeSession['requestHandler']) {
    this.requestHandler = h;
  }
  setPermissionCheckHandler(h: FakeSession['checkHandler']) {
    this.checkHandler = h;
  }
}

class FakeContents extends EventEmitter {
  openHandler: ((d: { url: string }) => { action: string }) | null = null;
  constructor(readonly session: FakeSession) {
    super();
  }
  setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
    this.openHandler = h;
  }
}

const flush = () => new Promise<void>((r) => setImmediate(r));

function created(session = new FakeSession()) {
  const contents = new FakeContents(session);
  fake.created!({}, contents);
  return contents;
}

function cancellable(url = '') {
  const e = { url, prevented: false, preventDefault: () => (e.prevented = true) };
  return e;
}

beforeAll(async () => {
  const { installSecurityGuards } = await import('../../../src/main/electron/security');
  installSecurityGuards(silentLogger);
});

beforeEach(() => {
  fake.opened.length = 0;
});

describe('installSecurityGuards', () => {
  it('registers on web-contents-created', () => {
    expect(fake.created).toBeTypeOf('function');
  });

  it('denies every window.open; opens only allowed links outside', async () => {
    const wc = created();
    expect(wc.openHandler!({ url: 'https://app.devin.ai/sessions/1' })).toEqual({ action: 'deny' });
    expect(wc.openHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(wc.openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    await flush();
    expect(fake.opened).toEqual(['https://app.devin.ai/sessions/1']);
  });

  it('prevents every navigation and redirect', async () => {
    const wc = created();
    for (const url of ['https://app.devin.ai/sessions/2', 'file:///etc/passwd', 'https://evil.example/']) {
      const nav = cancellable(url);
      wc.emit('will-navigate', nav);
      expect(nav.prevented, url).toBe(true);
      const redirect = cancellable(url);
      wc.emit('will-redirect', redirect);
      expect(redirect.prevented, url).toBe(true);
    }
    await flush();
    // Only the allowed link clicked as a navigation goes to the browser; redirects never do.
    expect(fake.opened).toEqual(['https://app.devin.ai/sessions/2']);
  });

  it('prevents webviews', () => {
    const wc = created();
    const e = cancellable();
    wc.emit('will-attach-webview', e, {}, {});
    expect(e.prevented).toBe(true);
  });

  it('denies every permission request and check', () => {
    const session = new FakeSession();
    created(session);
    for (const permission of ['notifications', 'media', 'geolocation', 'clipboard-read', 'openExternal']) {
      const cb = vi.fn();
      session.requestHandler!({}, permission, cb);
      expect(cb).toHaveBeenCalledExactlyOnceWith(false);
      expect(session.checkHandler!({}, permission, 'file://', {})).toBe(false);
    }
  });

  it('hardens each session once, even when many web contents share it', () => {
    const session = new FakeSession();
    const spy = vi.spyOn(session, 'setPermissionRequestHandler');
    created(session);
    created(session);
    expect(spy).toHaveBeenCalledTimes(1);
  });
});
