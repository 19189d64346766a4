import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DashboardQuery } from '../../../../src/shared/dashboard';
import { OutcomesPanel } from '../../../../src/renderer/src/features/outcomes/OutcomesPanel';
import { RunawaySessions } from '../../../../src/renderer/src/features/outcomes/RunawaySessions';
import { WhereAcusGo } from '../../../../src/renderer/src/features/outcomes/WhereAcusGo';
import { PrChips } from '../../../../src/renderer/src/features/sessions/OutcomeCells';
import { useOutcomesStore } from '../../../../src/renderer/src/stores/outcomes';
import { useSessionsStore } from '../../../../src/renderer/src/stores/sessions';
import { useSettingsStore } from '../../../../src/renderer/src/stores/settings';
import { installFakeApi, makeOutcomes, type FakeApi } from '../fake-api';

const q: DashboardQuery = { from: '2025-06-01', to: '2025-06-14', orgId: null };
let fake: FakeApi;
beforeEach(() => {
  fake = installFakeApi();
});

describe('OutcomesPanel', () => {
  it('shows merged PRs, merge rate and ACUs / $ per merged PR with their change', async () => {
    fake.state.settings = { ...fake.state.settings, acuRateUsd: 2 };
    await Promise.all([useOutcomesStore.getState().load(q), useSettingsStore.getState().load()]);
    render(<OutcomesPanel />);
    expect(screen.getByTestId('outcome-merged-prs').textContent).toContain('12');
    expect(screen.getByTestId('outcome-merged-prs').textContent).toContain('▲ 20%');
    expect(screen.getByTestId('outcome-merge-rate').textContent).toContain('63.2%');
    expect(screen.getByTestId('outcome-acus-per-pr').textContent).toContain('25.88');
    expect(screen.getByTestId('outcome-cost-per-pr').textContent).toContain('$51.75');
    expect(within(screen.getByTestId('outcomes-by-org')).getAllByRole('row')).toHaveLength(3);
  });

  it('says why the API count differs, or that the permission is missing', async () => {
    fake.state.outcomes = (query) => makeOutcomes(query, { prMetrics: { status: 'permission-missing', reason: 'No API comparison: the token lacks ViewAccountMetrics.' } });
    await useOutcomesStore.getState().load(q);
    render(<OutcomesPanel />);
    expect(screen.getByTestId('pr-metrics-note').textContent).toBe('No API comparison: the token lacks ViewAccountMetrics.');
    // Our own figures are still there.
    expect(screen.getByTestId('outcome-merged-prs').textContent).toContain('12');
  });
});

describe('WhereAcusGo', () => {
  it('a slice click filters the sessions table, a second click clears it', async () => {
    await useOutcomesStore.getState().load(q);
    useSessionsStore.getState().setBase(q);
    render(<WhereAcusGo />);
    const slice = within(screen.getByTestId('slice-origin-slack')).getByRole('button');
    fireEvent.click(slice);
    expect(useSessionsStore.getState().filter.origin).toBe('slack');
    await waitFor(() => expect(fake.callsOf('getSessionsPage').at(-1)).toMatchObject({ origin: 'slack' }));
    fireEvent.click(within(screen.getByTestId('slice-origin-slack')).getByRole('button'));
    expect(useSessionsStore.getState().filter.origin).toBeNull();
  });
});

describe('RunawaySessions', () => {
  it('lists flagged sessions with the reason', async () => {
    await useOutcomesStore.getState().load(q);
    render(<RunawaySessions />);
    const panel = screen.getByTestId('runaway-sessions');
    expect(panel.textContent).toContain('Runaway sessions (1)');
    expect(panel.textContent).toContain("48.5 ACUs ≥ 3 × the org's 30-day median of 4 ACUs");
  });
});

describe('PrChips', () => {
  it('links allowed PR URLs through openExternal and shows others as text', async () => {
    await useOutcomesStore.getState().load(q);
    render(
      <PrChips
        prs={[
          { url: 'https://github.com/acme/web/pull/1', state: 'MERGED' },
          { url: 'http://github.com/acme/web/pull/2', state: 'open' },
          { url: 'https://github.com.evil.example/x', state: null },
        ]}
      />,
    );
    const buttons = screen.getAllByRole('button');
    expect(buttons).toHaveLength(1);
    fireEvent.click(buttons[0]!);
    expect(fake.callsOf('openExternal')).toEqual([{ url: 'https://github.com/acme/web/pull/1' }]);
    expect(screen.getByText('open: http://github.com/acme/web/pull/2')).toBeTruthy();
    expect(screen.getByText('unknown: https://github.com.evil.example/x')).toBeTruthy();
  });
});

describe('outcomes store', () => {
  afterEach(() => vi.useRealTimers());

  it('asks again when the API comparison was still pending', async () => {
    vi.useFakeTimers();
    let calls = 0;
    fake.state.outcomes = (query) =>
      makeOutcomes(query, ++calls === 1 ? { prMetrics: { status: 'pending', reason: 'Checking…' } } : {});
    await useOutcomesStore.getState().load(q);
    expect(useOutcomesStore.getState().data?.prMetrics.status).toBe('pending');
    await vi.advanceTimersByTimeAsync(1_500);
    expect(fake.callsOf('getOutcomes')).toHaveLength(2);
    expect(useOutcomesStore.getState().data?.prMetrics.status).toBe('ok');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(fake.callsOf('getOutcomes')).toHaveLength(2);
  });

  it('keeps the PR hosts array while the hosts stay the same, so the PR chips need not re-render', async () => {
    await useOutcomesStore.getState().load(q);
    const hosts = useOutcomesStore.getState().data?.prHosts;
    await useOutcomesStore.getState().load({ ...q, orgId: 'org-a' });
    expect(useOutcomesStore.getState().data?.query.orgId).toBe('org-a');
    expect(useOutcomesStore.getState().data?.prHosts).toBe(hosts);
    fake.state.outcomes = (query) => ({ ...makeOutcomes(query), prHosts: ['github.com', 'gitlab.com'] });
    await useOutcomesStore.getState().load(q);
    expect(useOutcomesStore.getState().data?.prHosts).toEqual(['github.com', 'gitlab.com']);
  });
});
