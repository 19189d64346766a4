import { describe, expect, it } from 'vitest';
import { dashboardQuerySchema, sessionsPageQuerySchema, settingsPatchSchema } from '../../../src/shared/dashboard';
import { EVENT_CHANNELS, invokeMethods, isEventChannel, isInvokeChannel } from '../../../src/shared/ipc/channels';
import { invokeArgSchemas, tokenSchema } from '../../../src/shared/ipc/schemas';

describe('IPC argument schemas', () => {
  it('accepts a valid dashboard query and rejects reversed, oversized or padded ones', () => {
    expect(dashboardQuerySchema.safeParse({ from: '2026-11-01', to: '2026-11-30', orgId: null }).success).toBe(true);
    expect(dashboardQuerySchema.safeParse({ from: '2026-11-30', to: '2026-11-01', orgId: null }).success).toBe(false);
    expect(dashboardQuerySchema.safeParse({ from: '2024-01-01', to: '2026-01-01', orgId: null }).success).toBe(false);
    expect(dashboardQuerySchema.safeParse({ from: '2026-11-01', to: '2026-11-30', orgId: null, extra: 1 }).success).toBe(false);
    expect(dashboardQuerySchema.safeParse({ from: '2026-11-01', to: '2026-11-30', orgId: '../../etc' }).success).toBe(false);
  });

  it('fills sessions-page defaults and bounds the page size', () => {
    const parsed = sessionsPageQuerySchema.parse({ from: '2026-11-01', to: '2026-11-30', orgId: null });
    expect(parsed).toMatchObject({ sort: 'created_at', direction: 'desc', offset: 0, limit: 100, userId: null });
    expect(sessionsPageQuerySchema.safeParse({ from: '2026-11-01', to: '2026-11-30', orgId: null, limit: 10_000 }).success).toBe(false);
  });

  it('enforces the queue-poll minimum of 30 s and a sane rate', () => {
    expect(settingsPatchSchema.safeParse({ queuePollSeconds: 29 }).success).toBe(false);
    expect(settingsPatchSchema.safeParse({ acuRateUsd: -1 }).success).toBe(false);
    expect(settingsPatchSchema.safeParse({ acuRateUsd: 2.25, queuePollSeconds: 30 }).success).toBe(true);
  });

  it('accepts v3 tokens only', () => {
    expect(tokenSchema.safeParse('cog_abcdef0123456789').success).toBe(true);
    expect(tokenSchema.safeParse('apk_user_abcdef0123456789').success).toBe(false);
    expect(tokenSchema.safeParse('cog_short').success).toBe(false);
    expect(tokenSchema.safeParse('cog_abc def 0123456789').success).toBe(false);
  });

  it('maps every channel to a distinct preload method', () => {
    const methods = Object.values(invokeMethods);
    expect(new Set(methods).size).toBe(methods.length);
  });

  it('has a schema for exactly the channels of the channel table', () => {
    expect(Object.keys(invokeArgSchemas).sort()).toEqual(Object.keys(invokeMethods).sort());
  });
});

describe('channel table', () => {
  it('knows the declared events and channels, and no inherited property name', () => {
    for (const event of EVENT_CHANNELS) expect(isEventChannel(event)).toBe(true);
    for (const channel of Object.keys(invokeMethods)) expect(isInvokeChannel(channel)).toBe(true);
    for (const name of ['', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'ipc:raw', 42, null, undefined]) {
      expect(isEventChannel(name), String(name)).toBe(false);
      expect(isInvokeChannel(name), String(name)).toBe(false);
    }
  });

  it('lists each event once', () => {
    expect(new Set(EVENT_CHANNELS).size).toBe(EVENT_CHANNELS.length);
    expect(EVENT_CHANNELS).toEqual(expect.arrayContaining(['sync:progress', 'data:updated', 'queue:changed', 'token:changed', 'ui:command']));
  });
});
