import { beforeEach, describe, expect, it } from 'vitest';
import { fail } from '../../../../src/shared/ipc/result';
import { selectRate, useSettingsStore } from '../../../../src/renderer/src/stores/settings';
import { selectSyncing, useStatusStore } from '../../../../src/renderer/src/stores/status';
import { installFakeApi, makeStatus, type FakeApi } from '../fake-api';

let fake: FakeApi;
beforeEach(() => {
  fake = installFakeApi();
});

describe('settings store', () => {
  it('keeps the previous settings and records why main rejected an update', async () => {
    await useSettingsStore.getState().load();
    const before = useSettingsStore.getState().settings;
    const accepted = await useSettingsStore.getState().update({ queuePollSeconds: 5 });
    expect(accepted).toBe(false);
    expect(useSettingsStore.getState().settings).toBe(before);
    expect(useSettingsStore.getState().saveError?.code).toBe('BAD_INPUT');
    expect(fake.state.settings.queuePollSeconds).toBe(60);
  });

  it('takes main’s answer on success', async () => {
    await useSettingsStore.getState().load();
    expect(await useSettingsStore.getState().update({ acuRateUsd: 2.25 })).toBe(true);
    expect(selectRate(useSettingsStore.getState())).toBe(2.25);
    expect(useSettingsStore.getState().saveError).toBeNull();
  });
});

describe('status store', () => {
  it('keeps the last status when a reload fails', async () => {
    await useStatusStore.getState().load();
    const good = useStatusStore.getState().data;
    fake.api.getStatus = async () => fail('INTERNAL', 'boom');
    await useStatusStore.getState().load();
    expect(useStatusStore.getState().data).toBe(good);
    expect(useStatusStore.getState().error?.message).toBe('boom');
  });

  it('is syncing while a sync reports progress, and stops on done', async () => {
    fake.state.status = makeStatus();
    await useStatusStore.getState().load();
    const s = useStatusStore.getState();
    expect(selectSyncing(useStatusStore.getState())).toBe(false);
    s.setProgress({ phase: 'dataset', dataset: 'sessions', done: 2, total: 9, percent: 20, etaSeconds: 30 });
    expect(selectSyncing(useStatusStore.getState())).toBe(true);
    s.setProgress({ phase: 'done', done: 9, total: 9, percent: 100, etaSeconds: 0 });
    expect(selectSyncing(useStatusStore.getState())).toBe(false);
  });

  it('runs one sync at a time on Refresh and reports a failure', async () => {
    let runs = 0;
    fake.api.syncNow = async () => {
      runs++;
      return fail('OFFLINE', 'getaddrinfo ENOTFOUND api.devin.ai');
    };
    const s = useStatusStore.getState();
    await Promise.all([s.refresh(), s.refresh()]);
    expect(runs).toBe(1);
    expect(useStatusStore.getState().refreshError?.code).toBe('OFFLINE');
    expect(useStatusStore.getState().refreshing).toBe(false);
  });

  it('applies queue and token events to the loaded status', async () => {
    await useStatusStore.getState().load();
    useStatusStore.getState().setQueue({ level: 'high', queueSize: 40, checkedAt: 1, reason: null });
    useStatusStore
      .getState()
      .setToken({ source: 'memory', keychainAvailable: false, keychainMessage: 'no secret service' });
    expect(useStatusStore.getState().data).toMatchObject({
      queue: { level: 'high' },
      token: { source: 'memory' },
    });
  });
});
