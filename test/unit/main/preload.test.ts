/**
 * The preload, loaded for real with `electron` replaced by recording fakes (the Electron binary is not
 * here): what it exposes, under which name, and that nothing beyond the contract gets through.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { API_KEY, EVENT_CHANNELS, invokeMethods, type DashboardApi } from '../../../src/shared/ipc/channels';

type Listener = (event: unknown, payload: unknown) => void;

const fake = vi.hoisted(() => {
  const listeners = new Map<string, Set<Listener>>();
  return {
    exposed: new Map<string, unknown>(),
    listeners,
    invoke: vi.fn(async (channel: string, args?: unknown) => ({ ok: true, data: { channel, args } })),
    emit(channel: string, payload: unknown) {
      for (const l of listeners.get(channel) ?? []) l({ sender: 'ipc-renderer-event' }, payload);
    },
  };
});

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => fake.exposed.set(key, value) },
  ipcRenderer: {
    invoke: fake.invoke,
    on(channel: string, l: Listener) {
      if (!fake.listeners.has(channel)) fake.listeners.set(channel, new Set());
      fake.listeners.get(channel)!.add(l);
    },
    removeListener(channel: string, l: Listener) {
      fake.listeners.get(channel)?.delete(l);
    },
    send: () => {
      throw new Error('the preload must not use send');
    },
    sendSync: () => {
      throw new Error('the preload must not use sendSync');
    },
  },
}));

let api: DashboardApi & Record<string, unknown>;

beforeAll(async () => {
  await import('../../../src/preload/index');
  api = fake.exposed.get(API_KEY) as typeof api;
});

describe('preload', () => {
  it(`exposes exactly one object, under "${API_KEY}"`, () => {
    expect([...fake.exposed.keys()]).toEqual([API_KEY]);
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('has one method per invoke channel plus `on`, and nothing else', () => {
    const methods = Object.values(invokeMethods);
    expect(new Set(methods).size).toBe(methods.length);
    expect(Object.keys(api).sort()).toEqual([...methods, 'on'].sort());
    for (const key of ['send', 'sendSync', 'invoke', 'ipcRenderer', 'process', 'require']) expect(api).not.toHaveProperty(key);
  });

  it.each(Object.entries(invokeMethods))('%s → invokes its own channel with only the first argument', async (channel, method) => {
    fake.invoke.mockClear();
    const fn = api[method] as (...a: unknown[]) => Promise<unknown>;
    const result = await fn({ probe: method }, 'extra', 'args');
    expect(fake.invoke).toHaveBeenCalledExactlyOnceWith(channel, { probe: method });
    expect(result).toEqual({ ok: true, data: { channel, args: { probe: method } } });
  });

  it('delivers only the payload of a declared event, and unsubscribes', () => {
    const got: unknown[] = [];
    const off = api.on('queue:changed', (p) => got.push(p));
    fake.emit('queue:changed', { level: 'high' });
    expect(got).toEqual([{ level: 'high' }]);
    off();
    fake.emit('queue:changed', { level: 'normal' });
    expect(got).toHaveLength(1);
    expect(fake.listeners.get('queue:changed')?.size).toBe(0);
  });

  it('keeps several listeners apart: unsubscribing one leaves the other', () => {
    const a: unknown[] = [];
    const b: unknown[] = [];
    const offA = api.on('ui:command', (p) => a.push(p));
    const offB = api.on('ui:command', (p) => b.push(p));
    offA();
    fake.emit('ui:command', { command: 'refresh' });
    expect(a).toEqual([]);
    expect(b).toEqual([{ command: 'refresh' }]);
    offB();
  });

  it.each(['ipc:raw', 'token:value', '__proto__', 'constructor', ''])('refuses to subscribe to the undeclared event %j', (event) => {
    expect(() => api.on(event as 'queue:changed', () => undefined)).toThrow(/Unknown event/);
    expect(fake.listeners.has(event)).toBe(false);
  });

  it('accepts every declared event', () => {
    for (const event of EVENT_CHANNELS) api.on(event, () => undefined)();
  });
});
