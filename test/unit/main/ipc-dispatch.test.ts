import { describe, expect, it, vi } from 'vitest';
import { invokeMethods, isInvokeChannel } from '../../../src/shared/ipc/channels';
import type { InvokeHandlers } from '../../../src/shared/ipc/schemas';
import { DEFAULT_SETTINGS } from '../../../src/shared/dashboard';
import { createLogger } from '../../../src/main/services/logger';
import { createDispatcher } from '../../../src/main/services/ipc-dispatch';

const TOKEN = 'cog_dispatch_secret_token_0123456789';

/** Every handler records its (parsed) arguments and answers with them. */
function recordingHandlers() {
  const calls: { channel: string; args: unknown }[] = [];
  const handlers = Object.fromEntries(
    Object.keys(invokeMethods).map((channel) => [
      channel,
      async (args: unknown) => {
        calls.push({ channel, args });
        return { echoed: args };
      },
    ]),
  ) as unknown as InvokeHandlers;
  return { handlers, calls };
}

describe('createDispatcher', () => {
  it('answers a valid call with the handler result, given the parsed arguments (defaults applied)', async () => {
    const { handlers, calls } = recordingHandlers();
    const dispatch = createDispatcher(handlers);
    await expect(dispatch('sync:run', {})).resolves.toEqual({ ok: true, data: { echoed: { full: false } } });
    expect(calls).toEqual([{ channel: 'sync:run', args: { full: false } }]);
    await expect(dispatch('settings:get', undefined)).resolves.toEqual({ ok: true, data: { echoed: undefined } });
  });

  it.each(['nope', 'app:get-status ', '__proto__', 'toString', 'constructor', 'hasOwnProperty'])(
    'refuses the unknown channel %j without calling anything',
    async (channel) => {
      const { handlers, calls } = recordingHandlers();
      const result = await createDispatcher(handlers)(channel, undefined);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('BAD_INPUT');
        expect(result.error.message).toContain('Unknown channel');
      }
      expect(calls).toEqual([]);
    },
  );

  it('refuses bad arguments, naming the channel and the path', async () => {
    const { handlers, calls } = recordingHandlers();
    const dispatch = createDispatcher(handlers);
    const bad = await dispatch('dashboard:get', { from: 20261101, to: '2026-11-30', orgId: null });
    expect(bad).toEqual({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/^dashboard:get: from: /) } });
    const wrongType = await dispatch('settings:update', { queuePollSeconds: 5 });
    expect(wrongType.ok).toBe(false);
    if (!wrongType.ok) expect(wrongType.error.message).toMatch(/^settings:update: queuePollSeconds: /);
    const extra = await dispatch('external:open', { url: 'https://app.devin.ai/', also: 1 });
    expect(extra.ok).toBe(false);
    expect(calls).toEqual([]);
  });

  it('answers BAD_INPUT even when a schema refinement throws on an impossible date', async () => {
    const { handlers, calls } = recordingHandlers();
    const result = await createDispatcher(handlers)('dashboard:get', { from: '2026-13-01', to: '2026-11-30', orgId: null });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('BAD_INPUT');
      expect(result.error.message).toMatch(/^dashboard:get: /);
    }
    expect(calls).toEqual([]);
  });

  it('names the argument itself when it is not even an object', async () => {
    const { handlers } = recordingHandlers();
    const result = await createDispatcher(handlers)('sessions:get-page', 'everything');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/^sessions:get-page: args: /);
  });

  it('refuses arguments on a channel that takes none', async () => {
    const { handlers, calls } = recordingHandlers();
    const result = await createDispatcher(handlers)('token:remove', { force: true });
    expect(result.ok).toBe(false);
    expect(calls).toEqual([]);
  });

  it('never logs a token from refused arguments', async () => {
    const lines: string[] = [];
    const { handlers } = recordingHandlers();
    const dispatch = createDispatcher(handlers, createLogger('ipc', (l) => lines.push(l), 'debug'));
    await dispatch('token:save', { token: TOKEN, extra: TOKEN });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain(TOKEN);
  });

  it('turns a thrown error into a value with a code, and keeps the token out of it', async () => {
    const { handlers } = recordingHandlers();
    const lines: string[] = [];
    handlers['settings:update'] = vi.fn(async () => {
      throw new Error(`disk full while writing ${TOKEN}`);
    });
    const result = await createDispatcher(handlers, createLogger('ipc', (l) => lines.push(l), 'debug'))('settings:update', { launchAtLogin: true });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('INTERNAL');
      expect(result.error.message).toContain('disk full');
    }
    expect(JSON.stringify(result)).not.toContain(TOKEN);
    expect(lines.join('\n')).not.toContain(TOKEN);
  });

  it('cuts every key and message of a validation failure short, so a huge key is not echoed back', async () => {
    const { handlers, calls } = recordingHandlers();
    const lines: string[] = [];
    const hugeKey = 'k'.repeat(10 * 1024 * 1024);
    const dispatch = createDispatcher(handlers, createLogger('ipc', (l) => lines.push(l), 'debug'));
    const result = await dispatch('dashboard:get', { from: '2026-11-01', to: '2026-11-30', orgId: null, [hugeKey]: 1 });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('BAD_INPUT');
      expect(result.error.message.length).toBeLessThan(600);
      expect(result.error.message).toMatch(/^dashboard:get: args: Unrecognized key/);
    }
    expect(lines.join('\n').length).toBeLessThan(1200);
    // Many bad keys: a few are named, the rest counted.
    const many = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`${'p'.repeat(300)}${i}`, 'x']));
    const manyResult = await dispatch('settings:update', many);
    if (!manyResult.ok) expect(manyResult.error.message.length).toBeLessThan(2000);
    expect(calls).toEqual([]);
  });

  it.each([
    ['dashboard:get', { from: '9999-12-01', to: '9999-12-31', orgId: null }],
    ['sessions:get-page', { from: '9999-12-01', to: '9999-12-31', orgId: null }],
    ['dashboard:get', { from: '1999-12-01', to: '1999-12-31', orgId: null }],
    ['cost:get', { orgId: null, today: '9999-12-31' }],
  ])('refuses out-of-range dates on %s as BAD_INPUT before any handler runs', async (channel, args) => {
    const { handlers, calls } = recordingHandlers();
    const result = await createDispatcher(handlers)(channel, args);
    expect(result).toEqual({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/must be between 2000-01-01 and 2100-12-31/) } });
    expect(calls).toEqual([]);
  });

  it.each(['dashboard:get', 'sessions:get-page'])('caps a %s range at 366 days', async (channel) => {
    const { handlers, calls } = recordingHandlers();
    const dispatch = createDispatcher(handlers);
    const tooLong = await dispatch(channel, { from: '2025-01-01', to: '2026-01-02', orgId: null });
    expect(tooLong).toEqual({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringContaining('at most 366 days') } });
    expect((await dispatch(channel, { from: '2025-01-01', to: '2026-01-01', orgId: null })).ok).toBe(true);
    expect(calls).toHaveLength(1);
  });

  it('passes a handler result through untouched', async () => {
    const { handlers } = recordingHandlers();
    handlers['settings:get'] = async () => DEFAULT_SETTINGS;
    await expect(createDispatcher(handlers)('settings:get', undefined)).resolves.toEqual({ ok: true, data: DEFAULT_SETTINGS });
  });
});

describe('isInvokeChannel', () => {
  it('knows exactly the contract channels', () => {
    for (const c of Object.keys(invokeMethods)) expect(isInvokeChannel(c)).toBe(true);
    for (const c of ['', 'valueOf', '__proto__', 42, null]) expect(isInvokeChannel(c)).toBe(false);
  });
});
