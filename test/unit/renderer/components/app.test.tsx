import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DashboardQuery } from '../../../../src/shared/dashboard';
import type { InvokeArgs } from '../../../../src/shared/ipc/schemas';
import { fail } from '../../../../src/shared/ipc/result';
import { App } from '../../../../src/renderer/src/App';
import { useQueryStore } from '../../../../src/renderer/src/stores/query';
import { installFakeApi, makeStatus, type FakeApi } from '../fake-api';

let fake: FakeApi;
beforeEach(() => {
  fake = installFakeApi();
});

const sessionsCardShows = (text: string): Promise<void> =>
  waitFor(() => expect(screen.getByTestId('card-sessions').textContent).toContain(text));

async function renderApp(): Promise<void> {
  render(<App />);
  await sessionsCardShows('120');
}

describe('App', () => {
  it('asks main for the first screen in one call at once on start, for the last 30 days of all organizations', async () => {
    render(<App />);
    const [initial] = fake.callsOf('getInitialData') as InvokeArgs<'app:initial-data'>[];
    const s = useQueryStore.getState();
    const range = { from: s.from, to: s.to, orgId: null };
    expect(initial).toEqual({
      dashboard: range,
      cost: { orgId: null },
      sessionsPage: expect.objectContaining({ ...range, offset: 0, sort: 'created_at', direction: 'desc' }),
      limits: { day: s.to },
    });
    await sessionsCardShows('120');
    // Every panel took its part of that answer: nothing was asked again on its own channel (the fake's
    // getInitialData records one call per part), and only outcomes, not part of it, came separately.
    expect(fake.callsOf('getInitialData')).toHaveLength(1);
    for (const method of ['getStatus', 'getSettings', 'listProfiles', 'getDashboard', 'getCost', 'getSessionsPage', 'getLimits', 'listAlerts'] as const)
      expect(fake.callsOf(method), method).toHaveLength(1);
    expect(fake.callsOf('getOutcomes')).toEqual([range]);
  });

  it('shows each part of the first answer on its own: a failed part is that panel\'s error, the rest shows', async () => {
    fake.api.getCost = async () => fail('CACHE_ERROR', 'cost table unreadable');
    await renderApp();
    await waitFor(() => expect(screen.getByTestId('cost-view').textContent).toContain('cost table unreadable'));
    expect(screen.getByTestId('card-sessions').textContent).toContain('120');
  });

  it('shows every panel by its test id', async () => {
    await renderApp();
    for (const id of [
      'org-select',
      'date-range',
      'queue-status',
      'sync-status',
      'card-sessions',
      'card-acus',
      'card-cost',
      'card-active-users',
      'chart-daily-acus',
      'chart-acus-by-user',
      'sessions-table',
      'cost-view',
    ]) {
      expect(screen.getByTestId(id)).toBeTruthy();
    }
    expect(screen.queryByTestId('offline-banner')).toBeNull();
    expect(screen.queryByTestId('demo-badge')).toBeNull();
  });

  it('re-queries when the organization changes', async () => {
    await renderApp();
    const org = within(screen.getByTestId('org-select')).getByRole('combobox', { name: 'Organization' });
    fireEvent.click(org);
    const options = within(screen.getByTestId('org-select'))
      .getAllByRole('option')
      .map((o) => o.textContent);
    expect(options).toEqual(['All organizations', 'Alpha', 'Beta']);
    fireEvent.change(org, { target: { value: 'bet' } });
    fireEvent.keyDown(org, { key: 'Enter' });
    await waitFor(() => expect((fake.callsOf('getDashboard').at(-1) as DashboardQuery).orgId).toBe('org-b'));
    expect(fake.callsOf('getCost').at(-1)).toEqual({ orgId: 'org-b' });
    expect((org as HTMLInputElement).value).toBe('Beta');
  });

  it('reloads from the cache when main says data was updated', async () => {
    await renderApp();
    const before = fake.callsOf('getDashboard').length;
    const original = fake.state.dashboard;
    fake.state.dashboard = (q) => {
      const data = original(q);
      return { ...data, totals: { ...data.totals, sessions: 777 } };
    };
    act(() => fake.emit('data:updated', { datasets: ['sessions'] }));
    await sessionsCardShows('777');
    expect(fake.callsOf('getDashboard').length).toBeGreaterThan(before);
  });

  it('shows the demo badge and opens Settings from the call to action', async () => {
    fake.state.status = makeStatus({ mode: 'demo' });
    await renderApp();
    expect(await screen.findByTestId('demo-badge')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Connect your Devin account' }));
    expect(screen.getByTestId('settings')).toBeTruthy();
  });

  it('shows the offline banner while keeping the panels on cached data', async () => {
    fake.state.status = makeStatus({ online: false });
    await renderApp();
    const banner = await screen.findByTestId('offline-banner');
    expect(banner.textContent).toMatch(/^Offline — showing data synced/);
    expect(screen.getByTestId('card-sessions').textContent).toContain('120');
  });

  it('colours the queue badge only when elevated or high, with size and time in the tooltip', async () => {
    await renderApp();
    const badge = screen.getByTestId('queue-status');
    expect(badge.className).not.toMatch(/queue-(elevated|high)/);
    act(() =>
      fake.emit('queue:changed', { level: 'high', queueSize: 42, checkedAt: Date.now(), reason: null }),
    );
    await waitFor(() => expect(screen.getByTestId('queue-status').className).toContain('queue-high'));
    expect(screen.getByTestId('queue-status').getAttribute('title')).toContain('42 in queue');
  });

  it('refreshes from the header and shows "as of"', async () => {
    await renderApp();
    const sync = screen.getByTestId('sync-status');
    expect(sync.textContent).toMatch(/as of \S+/);
    fireEvent.click(within(sync).getByRole('button', { name: 'Refresh' }));
    await waitFor(() => expect(fake.callsOf('syncNow')).toEqual([{ full: false }]));
  });
});

describe('RecoveredBanner', () => {
  it('says the window was reloaded after a crash when main added ?recovered=1, until dismissed', async () => {
    window.history.replaceState(null, '', '/index.html?recovered=1');
    try {
      await renderApp();
      const banner = screen.getByTestId('recovered-banner');
      expect(banner.textContent).toContain('stopped unexpectedly and was reloaded');
      fireEvent.click(within(banner).getByRole('button', { name: 'Dismiss' }));
      expect(screen.queryByTestId('recovered-banner')).toBeNull();
    } finally {
      window.history.replaceState(null, '', '/');
    }
  });

  it('is absent on a normal start', async () => {
    await renderApp();
    expect(screen.queryByTestId('recovered-banner')).toBeNull();
  });
});
