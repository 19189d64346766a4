import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { AlertsPanel } from '../../../../src/renderer/src/features/limits/AlertsPanel';
import { LimitsPanel } from '../../../../src/renderer/src/features/limits/LimitsPanel';
import { clearAccountFigures } from '../../../../src/renderer/src/stores/account-figures';
import { useBudgetDrafts } from '../../../../src/renderer/src/stores/budget-drafts';
import { useQueryStore } from '../../../../src/renderer/src/stores/query';
import { useSessionsStore } from '../../../../src/renderer/src/stores/sessions';
import { useSettingsStore } from '../../../../src/renderer/src/stores/settings';
import { installFakeApi, makeLimits, type FakeApi } from '../fake-api';

let fake: FakeApi;
beforeEach(() => {
  fake = installFakeApi();
});

const rows = () => screen.getAllByTestId('limit-row');

describe('LimitsPanel', () => {
  it('asks for the cycle containing the range’s last day and lists the enterprise first, one row per scope', async () => {
    render(<LimitsPanel />);
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(fake.callsOf('getLimits')).toEqual([{ day: useQueryStore.getState().to }]);
    expect(rows().map((r) => [r.dataset.scope, r.dataset.id])).toEqual([
      ['enterprise', ''],
      ['org', 'org-a'],
      ['org', 'org-b'],
    ]);
    expect(screen.getByTestId('cycle-label').textContent).toBe('Billing cycle 5 Jun 2025 – 4 Jul 2025 · day 11 of 30');
    const enterprise = rows()[0]!;
    expect(enterprise.querySelector('[data-col="pct"]')!.textContent).toContain('62 %');
    expect(enterprise.querySelector('[data-col="run-out"]')!.textContent).toBe('27 Jun 2025');
  });

  it('sorts by use with the enterprise pinned, and shows only the selected organization', async () => {
    render(<LimitsPanel />);
    await waitFor(() => expect(rows()).toHaveLength(3));
    fireEvent.change(screen.getByLabelText('Sort'), { target: { value: 'used-pct' } });
    expect(rows().map((r) => r.dataset.id)).toEqual(['', 'org-b', 'org-a']);
    act(() => useQueryStore.getState().setOrg('org-a'));
    await waitFor(() => expect(rows().map((r) => r.dataset.id)).toEqual(['', 'org-a']));
  });

  it('names the missing permission when limits could not be read, and labels a calendar fallback', async () => {
    fake.state.limits = () =>
      makeLimits({
        cycle: { from: '2025-06-01', to: '2025-06-30', source: 'calendar' },
        limitsError: { code: 'PERMISSION_DENIED', message: 'Grant the service user ManageBilling and try again.', permission: 'ManageBilling' },
      });
    render(<LimitsPanel />);
    expect((await screen.findByTestId('limits-error')).textContent).toContain('ManageBilling');
    expect(screen.getByTestId('cycle-label').textContent).toContain('Calendar month');
  });

  it('saves a budget inline and refuses a bad amount without saving', async () => {
    await useSettingsStore.getState().load();
    render(<LimitsPanel />);
    await waitFor(() => expect(rows()).toHaveLength(3));
    const alpha = rows()[1]!;
    fireEvent.click(within(alpha).getByRole('button', { name: 'Set' }));
    fireEvent.change(within(alpha).getByLabelText('Budget per cycle'), { target: { value: '-5' } });
    fireEvent.click(within(alpha).getByRole('button', { name: 'Save' }));
    expect((await within(alpha).findByRole('alert')).textContent).toContain('above 0');
    expect(fake.callsOf('updateSettings')).toEqual([]);
    fireEvent.change(within(alpha).getByLabelText('Budget per cycle'), { target: { value: '1500' } });
    fireEvent.change(within(alpha).getByLabelText('Budget unit'), { target: { value: 'acus' } });
    fireEvent.click(within(alpha).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(fake.callsOf('updateSettings')).toEqual([{ budgets: [{ scope: 'org', id: 'org-a', amount: 1500, unit: 'acus' }] }]));
    await waitFor(() => expect(within(rows()[1]!).getByTestId('budget-value').textContent).toBe('1,500 ACUs'));
  });
});

describe('LimitsPanel with hundreds of organizations', () => {
  const manyOrgs = () => {
    const base = makeLimits();
    const org = base.scopes[1]!;
    return makeLimits({
      scopes: [base.scopes[0]!, ...Array.from({ length: 400 }, (_, i) => ({ ...org, id: `org-${i}`, name: `Org ${String(i).padStart(3, '0')}` }))],
    });
  };
  const box = () => screen.getByRole('region', { name: 'Limits and budgets table' });
  const scrollTo = (top: number) =>
    act(() => {
      box().scrollTop = top;
      fireEvent.scroll(box());
    });

  it('renders only the rows around its box, and every scope is reachable by scrolling', async () => {
    fake.state.limits = manyOrgs;
    render(<LimitsPanel />);
    await waitFor(() => expect(rows()[0]?.dataset.scope).toBe('enterprise'));
    expect(within(box()).getByRole('table').getAttribute('aria-rowcount')).toBe('402');
    expect(rows().length).toBeLessThan(40);
    scrollTo(36 * 401);
    const last = await screen.findByText('Org 399');
    expect(last.closest('tr')?.getAttribute('aria-rowindex')).toBe('402');
    expect(rows().length).toBeLessThan(40);
  });

  it('keeps a budget being edited when its row scrolls out of view and back, without taking the focus back', async () => {
    fake.state.limits = manyOrgs;
    await useSettingsStore.getState().load();
    render(<LimitsPanel />);
    await waitFor(() => expect(rows()[1]?.dataset.id).toBe('org-0'));
    const row = () => screen.getAllByTestId('limit-row').find((r) => r.dataset.id === 'org-0');
    fireEvent.click(within(row()!).getByRole('button', { name: 'Set' }));
    const amount = within(row()!).getByLabelText('Budget per cycle');
    await waitFor(() => expect(document.activeElement).toBe(amount));
    fireEvent.change(amount, { target: { value: '123' } });
    amount.blur();

    scrollTo(36 * 300);
    await waitFor(() => expect(row()).toBeUndefined());
    scrollTo(0);
    await waitFor(() => expect(row()).toBeDefined());
    const again = within(row()!).getByLabelText<HTMLInputElement>('Budget per cycle');
    expect(again.value).toBe('123');
    expect(document.activeElement).not.toBe(again);
  });

  it('forgets budgets being edited when another account comes on screen', () => {
    useBudgetDrafts.getState().edit('org:org-a', { amount: '5' });
    clearAccountFigures();
    expect(useBudgetDrafts.getState().drafts).toEqual({});
  });
});

describe('stopped sessions', () => {
  it('clicking a scope’s count filters the sessions table to the sessions a limit stopped there', async () => {
    render(<LimitsPanel />);
    await waitFor(() => expect(rows()).toHaveLength(3));
    fireEvent.click(within(rows()[2]!).getByRole('button', { name: '3' }));
    expect(useQueryStore.getState()).toMatchObject({ orgId: 'org-b', from: '2025-06-05' });
    expect(useSessionsStore.getState().filter).toMatchObject({ stoppedByLimit: true, userId: null });
  });
});

describe('AlertsPanel', () => {
  it('lists alerts and acknowledges them', async () => {
    fake.state.alerts = [
      { id: 1, scope: 'org', scopeId: 'org-b', name: 'Beta', cycleFrom: '2025-06-05', kind: 'used', threshold: 80, valueAcus: 410, targetAcus: 500, runOutDate: null, firedAt: Date.UTC(2025, 5, 10, 9), acknowledgedAt: null },
    ];
    render(<AlertsPanel />);
    const row = await screen.findByTestId('alert-row');
    expect(row.textContent).toContain('Beta');
    expect(row.textContent).toContain('80 % of 500 ACUs');
    fireEvent.click(within(row).getByRole('button', { name: 'Acknowledge' }));
    await waitFor(() => expect(screen.getByTestId('alert-row').textContent).toContain('Acknowledged'));
    expect(fake.callsOf('acknowledgeAlerts')).toEqual([{ ids: [1] }]);
  });
});
