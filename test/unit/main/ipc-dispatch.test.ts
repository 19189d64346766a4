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
