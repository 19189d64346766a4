import { beforeEach, describe, expect, it } from 'vitest';
import { connectToMain, reloadData } from '../../../../src/renderer/src/stores/connect';
import { useDashboardStore } from '../../../../src/renderer/src/stores/dashboard';
import { useStatusStore } from '../../../../src/renderer/src/stores/status';
import { useUiStore } from '../../../../src/renderer/src/stores/ui';
import { deferred, installFakeApi, type FakeApi } from '../fake-api';

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

let fake: FakeApi;
beforeEach(() => {
  fake = installFakeApi();
});

describe('connectToMain', () => {
  it('subscribes to every event and unsubscribes them all', () => {
    const off = connectToMain();
    for (const e of [
      'data:updated',
      'sync:progress',
      'queue:changed',
      'token:changed',
      'ui:command',
    ] as const) {
      expect(fake.listenerCount(e)).toBe(1);
    }
    off();
    expect(fake.listenerCount('data:updated')).toBe(0);
    expect(fake.listenerCount('ui:command')).toBe(0);
  });

  it('carries out menu and tray commands', async () => {
    const off = connectToMain();
    fake.emit('ui:command', { command: 'open-settings' });
    expect(useUiStore.getState().settingsOpen).toBe(true);
    fake.emit('ui:command', { command: 'refresh' });
    await settle();
    expect(fake.callsOf('syncNow')).toEqual([{ full: false }]);
    off();
  });

  it('updates the queue badge from queue:changed', async () => {
    await useStatusStore.getState().load();
    const off = connectToMain();
    fake.emit('queue:changed', { level: 'elevated', queueSize: 14, checkedAt: 5, reason: null });
    expect(useStatusStore.getState().status?.queue.level).toBe('elevated');
    off();
  });
});

describe('reloadData', () => {
  it('collapses a burst of data:updated into at most one follow-up reload', async () => {
    await useDashboardStore.getState().load({ from: '2025-06-01', to: '2025-06-07', orgId: null });
    const gate = deferred<void>();
    const real = fake.api.getStatus;
    fake.api.getStatus = async () => {
      await gate.promise;
      return real();
    };
    const off = connectToMain();
    const before = fake.callsOf('getDashboard').length;
    for (let i = 0; i < 5; i++) fake.emit('data:updated', { datasets: ['sessions'] });
    gate.resolve();
    await reloadData();
    await settle();
    // The first reload plus one for everything that arrived while it ran (the call above joins them).
    expect(fake.callsOf('getDashboard').length - before).toBe(2);
    off();
  });
});
