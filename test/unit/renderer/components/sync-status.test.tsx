import { act, fireEvent, render, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { SyncStatus } from '../../../../src/renderer/src/features/header/SyncStatus';
import { connectToMain } from '../../../../src/renderer/src/stores/connect';
import { useStatusStore } from '../../../../src/renderer/src/stores/status';
import type { CacheUpgradeProgress, SyncProgress } from '../../../../src/shared/dashboard';
import { installFakeApi, type FakeApi } from '../fake-api';

let fake: FakeApi;
beforeEach(() => {
  fake = installFakeApi();
});

const running: SyncProgress = { phase: 'request', done: 3, total: 9, percent: 42, etaSeconds: 70 };
const progress = (p: SyncProgress) => act(() => useStatusStore.getState().setProgress(p));

describe('SyncStatus', () => {
  it('shows the percentage and the time left while a sync runs, as a progress bar', () => {
    render(<SyncStatus />);
    expect(screen.queryByRole('progressbar')).toBeNull();
    progress(running);
    const bar = screen.getByRole('progressbar', { name: 'Sync progress' });
    expect(bar.textContent).toBe('Syncing… 42 % · about 1 min left');
    expect(bar.getAttribute('aria-valuenow')).toBe('42');
    expect(screen.getByRole('button', { name: 'Refresh' })).toHaveProperty('disabled', true);
    progress({ ...running, phase: 'done', percent: 100, etaSeconds: 0 });
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Cancel' })).toBeNull();
  });

  it('Cancel asks main to stop the sync, then says the previous data is kept', async () => {
    render(<SyncStatus />);
    progress(running);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Cancel' })));
    expect(fake.callsOf('cancelSync')).toEqual([undefined]);
    progress({ ...running, phase: 'done' });
    expect(screen.getByText('Sync cancelled; the previous data is kept')).toBeTruthy();
    // The next sync starts afresh.
    progress({ ...running, phase: 'start', percent: 0, etaSeconds: null });
    expect(screen.queryByText('Sync cancelled; the previous data is kept')).toBeNull();
  });

  it('a sync the status said was running ends with its `done`, though no data changed', async () => {
    fake.state.status = { ...fake.state.status, syncing: true };
    await act(() => useStatusStore.getState().load());
    render(<SyncStatus />);
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeTruthy();
    progress({ ...running, phase: 'done' });
    expect(screen.queryByRole('button', { name: 'Cancel' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Refresh' })).toHaveProperty('disabled', false);
  });

  it('a Refresh that was cancelled is not reported as a failure', async () => {
    fake.api.syncNow = async () => ({ ok: false, error: { code: 'CANCELLED', message: 'Sync cancelled; the previous data is kept' } });
    render(<SyncStatus />);
    await act(() => useStatusStore.getState().refresh());
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says nothing was cancelled when no sync was running any more', async () => {
    fake.api.cancelSync = async () => ({ ok: true, data: { cancelled: false } });
    render(<SyncStatus />);
    progress(running);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Cancel' })));
    progress({ ...running, phase: 'done' });
    expect(screen.queryByText('Sync cancelled; the previous data is kept')).toBeNull();
  });

  it('says the local cache is being upgraded while the status says so, and follows main\'s progress', async () => {
    const upgrading: CacheUpgradeProgress = { step: 'migrate', from: 4, to: 5, done: 21, total: 50 };
    fake.state.status = { ...fake.state.status, cacheUpgrade: upgrading };
    await act(() => useStatusStore.getState().load());
    const off = connectToMain();
    render(<SyncStatus />);
    const bar = screen.getByRole('progressbar', { name: 'Cache upgrade progress' });
    expect(bar.textContent).toBe('Upgrading the local cache… 42 %');
    expect(bar.getAttribute('aria-valuenow')).toBe('42');
    act(() => fake.emit('cache:progress', { ...upgrading, done: 50 }));
    expect(screen.getByRole('progressbar', { name: 'Cache upgrade progress' }).textContent).toBe('Upgrading the local cache… 100 %');
    // The account's cache is in place: the status main sends next says no upgrade, and the message goes.
    fake.state.status = { ...fake.state.status, cacheUpgrade: null };
    await act(() => useStatusStore.getState().load());
    expect(screen.queryByRole('progressbar', { name: 'Cache upgrade progress' })).toBeNull();
    off();
  });
});
