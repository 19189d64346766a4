import { beforeEach, describe, expect, it } from 'vitest';
import type { DatasetName } from '../../../../src/shared/dashboard';
import { ok } from '../../../../src/shared/ipc/result';
import { connectToMain, reloadData } from '../../../../src/renderer/src/stores/connect';
import { useCostStore } from '../../../../src/renderer/src/stores/cost';
import { useDashboardStore } from '../../../../src/renderer/src/stores/dashboard';
import { useProfilesStore } from '../../../../src/renderer/src/stores/profiles';
import { useQueryStore } from '../../../../src/renderer/src/stores/query';
import { useSessionsStore } from '../../../../src/renderer/src/stores/sessions';
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
      'cache:progress',
      'queue:changed',
      'token:changed',
      'account:changed',
      'profiles:changed',
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
    expect(useStatusStore.getState().data?.queue.level).toBe('elevated');
    off();
  });
});

describe('account:changed', () => {
  it('drops every figure of the previous account at once, and an answer still on its way never lands', async () => {
    const q = { from: '2025-06-01', to: '2025-06-07', orgId: 'org-a' };
    await useDashboardStore.getState().load(q);
    await useCostStore.getState().load({ orgId: 'org-a' });
    await useStatusStore.getState().load();
    useQueryStore.getState().setOrg('org-a');
    useSessionsStore.getState().setBase(q);
    await settle();
    expect(useSessionsStore.getState().total).not.toBeNull();
    // A reload of the previous account's dashboard is in flight when the account changes.
    const held = deferred<void>();
    const real = fake.api.getDashboard;
    fake.api.getDashboard = async (query) => {
      await held.promise;
      return real(query);
    };
    const inFlight = useDashboardStore.getState().reload();
    const off = connectToMain();
    const account = { profileId: 'p-b', profileName: 'B', identity: null, verified: false, problem: null };
    fake.emit('account:changed', account);

    expect(useDashboardStore.getState().data).toBeNull();
    expect(useCostStore.getState().data).toBeNull();
    expect(useSessionsStore.getState().pages).toEqual({});
    expect(useSessionsStore.getState().total).toBeNull();
    expect(useQueryStore.getState().orgId).toBeNull();
    expect(useStatusStore.getState().data?.account).toEqual(account);
    held.resolve();
    await inFlight;
    expect(useDashboardStore.getState().data).toBeNull();
    await settle();
    expect(fake.callsOf('listProfiles').length).toBeGreaterThan(0);
    off();
  });

  it('keeps the profile list current from profiles:changed', () => {
    const off = connectToMain();
    const next = { ...fake.state.profiles, activeId: 'p-1' };
    fake.emit('profiles:changed', next);
    expect(useProfilesStore.getState().profiles).toEqual(next);
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
    await reloadData(['sessions']);
    await settle();
    // The first reload plus one for everything that arrived while it ran (the call above joins them).
    expect(fake.callsOf('getDashboard').length - before).toBe(2);
    off();
  });
});

describe('data:updated', () => {
  const query = { from: '2025-06-01', to: '2025-06-07', orgId: null };

  /** Loads every panel's store, clears the call log, and counts the calls one event then causes. */
  async function callsAfter(datasets: DatasetName[]): Promise<Record<string, number>> {
    await Promise.all([
      useDashboardStore.getState().load(query),
      useCostStore.getState().load({ orgId: null }),
    ]);
    useSessionsStore.getState().setBase(query);
    await settle();
    fake.calls.length = 0;
    const off = connectToMain();
    fake.emit('data:updated', { datasets });
    await settle();
    off();
    const count = (m: 'getStatus' | 'getDashboard' | 'getCost' | 'getSessionsPage') => fake.callsOf(m).length;
    return {
      status: count('getStatus'),
      dashboard: count('getDashboard'),
      cost: count('getCost'),
      sessions: count('getSessionsPage'),
    };
  }

  it('reloads only the stores that read a dataset it names', async () => {
    expect(await callsAfter(['sessions'])).toEqual({ status: 1, dashboard: 1, cost: 0, sessions: 1 });
  });

  it('reloads the cost view, not the sessions table, for consumption', async () => {
    expect(await callsAfter(['consumption', 'org_consumption'])).toEqual({
      status: 1,
      dashboard: 1,
      cost: 1,
      sessions: 0,
    });
  });

  it('reloads only the status for the queue', async () => {
    expect(await callsAfter(['queue'])).toEqual({ status: 1, dashboard: 0, cost: 0, sessions: 0 });
  });

  it('reloads everything when it names no dataset (a mode or account switch)', async () => {
    expect(await callsAfter([])).toEqual({ status: 1, dashboard: 1, cost: 1, sessions: 1 });
  });

  it('merges the datasets of a burst into the follow-up reload', async () => {
    await useCostStore.getState().load({ orgId: null });
    const gate = deferred<void>();
    const real = fake.api.getStatus;
    fake.api.getStatus = async () => {
      await gate.promise;
      return real();
    };
    const off = connectToMain();
    fake.emit('data:updated', { datasets: ['queue'] });
    fake.emit('data:updated', { datasets: ['sessions'] });
    fake.emit('data:updated', { datasets: ['consumption'] });
    gate.resolve();
    await settle();
    off();
    // The first reload is for the queue alone; the follow-up covers consumption, so the cost view reloads.
    expect(fake.callsOf('getStatus')).toHaveLength(2);
    expect(fake.callsOf('getCost')).toHaveLength(2);
  });
});

describe('a sync', () => {
  it('asks for the status once, after the data changed', async () => {
    await useStatusStore.getState().load();
    const off = connectToMain();
    fake.calls.length = 0;
    fake.api.syncNow = async () => {
      fake.emit('sync:progress', { phase: 'dataset', dataset: 'sessions', done: 1, total: 2, percent: 40, etaSeconds: null });
      fake.emit('sync:progress', { phase: 'done', done: 2, total: 2, percent: 100, etaSeconds: 0 });
      fake.emit('data:updated', { datasets: ['sessions'] });
      return ok({
        startedAt: 1,
        finishedAt: 2,
        kind: 'incremental',
        requests: 3,
        updated: ['sessions'],
        failed: [],
      });
    };
    await useStatusStore.getState().refresh();
    await settle();
    off();
    expect(fake.callsOf('getStatus')).toHaveLength(1);
  });

  it('asks for the status after a Refresh main refused (no data:updated follows)', async () => {
    fake.api.syncNow = async () => ({ ok: false, error: { code: 'OFFLINE', message: 'offline' } });
    await useStatusStore.getState().refresh();
    expect(fake.callsOf('getStatus')).toHaveLength(1);
  });
});
