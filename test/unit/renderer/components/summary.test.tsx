import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DashboardQuery } from '../../../../src/shared/dashboard';
import { SummaryCards } from '../../../../src/renderer/src/features/summary/SummaryCards';
import { summaryCsv } from '../../../../src/renderer/src/lib/csv-exports';
import { formatCost } from '../../../../src/renderer/src/lib/format';
import { useDashboardStore } from '../../../../src/renderer/src/stores/dashboard';
import { useSettingsStore } from '../../../../src/renderer/src/stores/settings';
import { useUiStore } from '../../../../src/renderer/src/stores/ui';
import { installFakeApi, makeDashboard, type FakeApi } from '../fake-api';

const q: DashboardQuery = { from: '2025-06-01', to: '2025-06-14', orgId: null };
let fake: FakeApi;
beforeEach(() => {
  fake = installFakeApi();
});

const card = (id: string): HTMLElement => screen.getByTestId(id);

describe('SummaryCards', () => {
  it('shows skeletons before the first answer', () => {
    render(<SummaryCards />);
    expect(within(card('card-sessions')).getByRole('status')).toBeTruthy();
  });

  it('shows totals with their change, and asks for a rate before showing cost', async () => {
    await Promise.all([useDashboardStore.getState().load(q), useSettingsStore.getState().load()]);
    render(<SummaryCards />);
    expect(card('card-sessions').textContent).toContain('▲ 20%');
    fireEvent.click(within(card('card-cost')).getByRole('button', { name: 'Set a $/ACU rate' }));
    expect(useUiStore.getState().settingsOpen).toBe(true);
  });

  it('shows no cost and no "set a rate" until the settings have loaded', async () => {
    fake.state.settings = { ...fake.state.settings, acuRateUsd: 2 };
    await useDashboardStore.getState().load(q);
    render(<SummaryCards />);
    expect(within(card('card-cost')).getByRole('status')).toBeTruthy();
    expect(within(card('card-cost')).queryByRole('button')).toBeNull();
    await act(() => useSettingsStore.getState().load());
    expect(card('card-cost').textContent).toContain(formatCost(300, 2));
  });

  it('shows cost from the rate and a dash when the previous period is empty', async () => {
    fake.state.settings = { ...fake.state.settings, acuRateUsd: 2.25 };
    fake.state.dashboard = (query) =>
      makeDashboard(query, {
        totals: { sessions: 120, acus: 300, activeUsers: { dau: 2, wau: 5, mau: 9, source: 'sessions' } },
        previous: {
          sessions: 0,
          acus: 0,
          activeUsers: { dau: null, wau: null, mau: null, source: 'sessions' },
        },
      });
    await Promise.all([useDashboardStore.getState().load(q), useSettingsStore.getState().load()]);
    render(<SummaryCards />);
    expect(card('card-cost').textContent).toContain(formatCost(300, 2.25));
    expect(card('card-acus').textContent).toContain('—');
    expect(card('card-active-users').textContent).toMatch(/created sessions in this organization/);
  });

  it('exports exactly the figures shown', async () => {
    await Promise.all([useDashboardStore.getState().load(q), useSettingsStore.getState().load()]);
    render(<SummaryCards />);
    fireEvent.click(within(screen.getByTestId('summary')).getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(fake.callsOf('saveCsv')).toHaveLength(1));
    const data = useDashboardStore.getState().data;
    if (!data) throw new Error('no data');
    expect(fake.callsOf('saveCsv')[0]).toEqual({
      suggestedName: 'devin-summary-2025-06-01_2025-06-14.csv',
      content: summaryCsv(data, null),
    });
  });

  it('shows why an export failed', async () => {
    fake.api.saveCsv = async () => ({
      ok: false,
      error: { code: 'INTERNAL', message: 'EACCES: permission denied' },
    });
    await useDashboardStore.getState().load(q);
    render(<SummaryCards />);
    fireEvent.click(within(screen.getByTestId('summary')).getByRole('button', { name: 'Export CSV' }));
    expect((await within(screen.getByTestId('summary')).findByRole('alert')).textContent).toBe(
      'EACCES: permission denied',
    );
  });
});
