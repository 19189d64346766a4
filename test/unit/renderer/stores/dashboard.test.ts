import { beforeEach, describe, expect, it } from 'vitest';
import type { DashboardData, DashboardQuery } from '../../../../src/shared/dashboard';
import { fail, ok, type Result } from '../../../../src/shared/ipc/result';
import { useCostStore } from '../../../../src/renderer/src/stores/cost';
import { useDashboardStore } from '../../../../src/renderer/src/stores/dashboard';
import { deferred, installFakeApi, makeCost, makeDashboard, type FakeApi } from '../fake-api';

const q1: DashboardQuery = { from: '2025-06-01', to: '2025-06-07', orgId: null };
const q2: DashboardQuery = { from: '2025-06-01', to: '2025-06-07', orgId: 'org-a' };

let fake: FakeApi;
beforeEach(() => {
  fake = installFakeApi();
});

describe('dashboard store', () => {
  it('keeps the last good data and shows the error beside it when a reload fails', async () => {
    await useDashboardStore.getState().load(q1);
    const good = useDashboardStore.getState().data;
    expect(good?.query).toEqual(q1);

    fake.api.getDashboard = async () => fail('CACHE_ERROR', 'the cache file is locked');
    await useDashboardStore.getState().reload();
    const s = useDashboardStore.getState();
    expect(s.data).toBe(good);
    expect(s.error).toMatchObject({ code: 'CACHE_ERROR', message: 'the cache file is locked' });
    expect(s.loading).toBe(false);
  });

  it('clears the error once a request succeeds again', async () => {
    fake.api.getDashboard = async () => fail('CACHE_ERROR', 'locked');
    await useDashboardStore.getState().load(q1);
    expect(useDashboardStore.getState().error).not.toBeNull();
    fake.api.getDashboard = async (q) => ok(makeDashboard(q));
    await useDashboardStore.getState().load(q1);
    expect(useDashboardStore.getState().error).toBeNull();
    expect(useDashboardStore.getState().data).not.toBeNull();
  });

  it('ignores an answer that arrives after a newer query was asked', async () => {
    const slow = deferred<Result<DashboardData>>();
    fake.api.getDashboard = async (q) => (q.orgId === null ? slow.promise : ok(makeDashboard(q)));
    const first = useDashboardStore.getState().load(q1);
    await useDashboardStore.getState().load(q2);
    slow.resolve(ok(makeDashboard(q1)));
    await first;
    expect(useDashboardStore.getState().data?.query).toEqual(q2);
    expect(useDashboardStore.getState().query).toEqual(q2);
  });

  it('turns a rejected call into an error instead of loading forever', async () => {
    fake.api.getDashboard = () => Promise.reject(new Error('No handler registered for dashboard:get'));
    await useDashboardStore.getState().load(q1);
    expect(useDashboardStore.getState()).toMatchObject({
      loading: false,
      error: { code: 'INTERNAL', message: 'No handler registered for dashboard:get' },
    });
  });
});

describe('cost store', () => {
  it('ignores stale answers and keeps the last good data on failure', async () => {
    const slow = deferred<Result<ReturnType<typeof makeCost>>>();
    fake.api.getCost = async (q) => (q.orgId === null ? slow.promise : ok(makeCost(q.orgId)));
    const first = useCostStore.getState().load({ orgId: null });
    await useCostStore.getState().load({ orgId: 'org-b' });
    slow.resolve(ok(makeCost(null)));
    await first;
    expect(useCostStore.getState().data?.orgId).toBe('org-b');

    fake.api.getCost = async () => fail('CACHE_ERROR', 'locked');
    await useCostStore.getState().reload();
    expect(useCostStore.getState().data?.orgId).toBe('org-b');
    expect(useCostStore.getState().error?.message).toBe('locked');
  });
});
