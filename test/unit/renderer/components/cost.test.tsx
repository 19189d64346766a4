import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { CostView } from '../../../../src/renderer/src/features/cost/CostView';
import { OTHER_ORGS_ID } from '../../../../src/renderer/src/features/cost/monthly';
import {
  formatAcus,
  formatCost,
  formatDayLong,
  formatMonth,
  formatUsd,
} from '../../../../src/renderer/src/lib/format';
import { useCostStore } from '../../../../src/renderer/src/stores/cost';
import { useSettingsStore } from '../../../../src/renderer/src/stores/settings';
import { useQueryStore } from '../../../../src/renderer/src/stores/query';
import { installFakeApi, makeCost, type FakeApi } from '../fake-api';

let fake: FakeApi;
beforeEach(() => {
  fake = installFakeApi();
});

const view = (): HTMLElement => screen.getByTestId('cost-view');

describe('CostView', () => {
  it('loads costs for the selected organization and projects the month end in dollars', async () => {
    fake.state.settings = { ...fake.state.settings, acuRateUsd: 2 };
    await useSettingsStore.getState().load();
    useQueryStore.getState().setOrg('org-a');
    render(<CostView />);
    await within(view()).findByText('Projected month end');
    expect(fake.callsOf('getCost')).toEqual([{ orgId: 'org-a' }]);
    // 300 ACUs over 15 of 30 days → 600 ACUs by month end.
    expect(view().textContent).toContain(formatCost(300, 2));
    expect(view().textContent).toContain(formatCost(600, 2));
    const table = within(view()).getAllByRole('table')[0];
    if (!table) throw new Error('no monthly table');
    const rows = within(table)
      .getAllByRole('row')
      .map((r) => r.textContent);
    expect(rows[1]).toContain('Alpha');
    expect(rows[1]).toContain(formatCost(400, 2));
  });

  it('falls back to ACUs and asks for a rate when none is set', async () => {
    await useSettingsStore.getState().load();
    render(<CostView />);
    await waitFor(() => expect(view().textContent).toContain(`${formatAcus(600)} ACUs`));
    expect(within(view()).getByRole('button', { name: 'Set a $/ACU rate' })).toBeTruthy();
    expect(view().textContent).not.toMatch(/\$\d/);
  });

  it('says when there is nothing to show', async () => {
    fake.state.cost = (orgId) =>
      makeCost(orgId, {
        monthlyByOrg: [],
        last30Days: makeCost(orgId).last30Days.map((p) => ({ ...p, acus: 0 })),
      });
    await useSettingsStore.getState().load();
    render(<CostView />);
    expect(await within(view()).findByText('No organization usage in the last six months.')).toBeTruthy();
    expect(within(view()).getByText('No usage in the last 30 days.')).toBeTruthy();
  });

  it('shows neither ACUs nor "set a rate" until the settings say whether there is a rate', async () => {
    fake.state.settings = { ...fake.state.settings, acuRateUsd: 2 };
    render(<CostView />);
    // The costs are in; only the settings are missing.
    await waitFor(() => expect(useCostStore.getState().data).not.toBeNull());
    expect(within(view()).getByRole('status', { name: 'Loading costs' })).toBeTruthy();
    expect(view().textContent).not.toContain('Set a $/ACU rate');
    expect(view().textContent).not.toContain('ACUs');
    await act(() => useSettingsStore.getState().load());
    expect(view().textContent).toContain(formatCost(300, 2));
  });

  it('stacks the seven largest organizations and Others in the chart, and lists every one in the table', async () => {
    const orgs = Array.from({ length: 10 }, (_, i) => ({
      orgId: `org-${i}`,
      name: `Org ${i}`,
      acus: 100 - i,
    }));
    fake.state.cost = (orgId) =>
      makeCost(orgId, { monthlyByOrg: orgs.map((o) => ({ month: '2025-06', ...o })) });
    await useSettingsStore.getState().load();
    render(<CostView />);
    const stub = await within(view()).findByTestId('bar-canvas-stub');
    expect(stub.dataset.keys?.split('|')).toEqual([...orgs.slice(0, 7).map((o) => o.orgId), OTHER_ORGS_ID]);
    const legend = within(view()).getAllByRole('list')[0];
    if (!legend) throw new Error('no legend');
    expect(within(legend).getAllByRole('listitem').at(-1)?.textContent).toBe('Others (3)');
    const table = within(view()).getAllByRole('table')[0];
    if (!table) throw new Error('no monthly table');
    expect(within(table).getAllByRole('row')).toHaveLength(1 + orgs.length);
    expect(table.textContent).toContain('Org 9');
  });

  it('renders only the monthly table rows around its viewport, and every organization is reachable by scrolling', async () => {
    const orgs = Array.from({ length: 400 }, (_, i) => ({ orgId: `org-${i}`, name: `Org ${i}`, acus: 1000 - i }));
    fake.state.cost = (orgId) =>
      makeCost(orgId, { monthlyByOrg: orgs.map((o) => ({ month: '2025-06', ...o })) });
    await useSettingsStore.getState().load();
    render(<CostView />);
    const box = await within(view()).findByRole('region', { name: /per organization, table$/ });
    const table = within(box).getByRole('table');
    expect(table.getAttribute('aria-rowcount')).toBe('401');
    const rows = (): HTMLElement[] => within(table).getAllByRole('row');
    expect(rows().length).toBeLessThan(40);
    expect(rows()[1]?.textContent).toContain('Org 0');

    act(() => {
      box.scrollTop = 36 * 400;
      fireEvent.scroll(box);
    });
    const last = await within(table).findByText('Org 399');
    expect(last.closest('tr')?.getAttribute('aria-rowindex')).toBe('401');
    expect(rows().length).toBeLessThan(40);
  });

  it('makes each chart one tab stop whose arrow keys step through months and days', async () => {
    fake.state.settings = { ...fake.state.settings, acuRateUsd: 2 };
    await useSettingsStore.getState().load();
    render(<CostView />);
    const monthly = await within(view()).findByRole('group', { name: 'Monthly cost per organization' });
    const daily = within(view()).getByRole('group', { name: 'Daily cost over the last 30 days' });
    // Between them the monthly table's scroll box (a region): a box that scrolls must be reachable by keyboard.
    const table = within(view()).getByRole('region', { name: 'Monthly cost per organization, table' });
    expect([...view().querySelectorAll('[tabindex="0"]')]).toEqual([monthly, table, daily]);
    const readout = (chart: HTMLElement): string =>
      chart.querySelector('[aria-live="polite"]')?.textContent ?? '';

    fireEvent.keyDown(monthly, { key: 'ArrowRight' });
    expect(readout(monthly)).toBe(
      `${formatMonth('2025-05')}: Alpha ${formatUsd(800)}, Beta ${formatUsd(200)}`,
    );
    fireEvent.keyDown(monthly, { key: 'ArrowRight' });
    expect(readout(monthly)).toBe(
      `${formatMonth('2025-06')}: Alpha ${formatUsd(420)}, Beta ${formatUsd(180)}`,
    );

    fireEvent.keyDown(daily, { key: 'ArrowLeft' });
    expect(readout(daily)).toBe(`${formatDayLong('2025-06-15')}: ${formatUsd(2 * (5 + (29 % 4)))}`);
    fireEvent.keyDown(daily, { key: 'Home' });
    expect(readout(daily)).toBe(`${formatDayLong('2025-05-17')}: ${formatUsd(10)}`);
  });
});
