import { fireEvent, render, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DashboardQuery } from '../../../../src/shared/dashboard';
import { DailyAcusChart } from '../../../../src/renderer/src/features/daily-acus/DailyAcusChart';
import { AcusByUserChart } from '../../../../src/renderer/src/features/users/AcusByUserChart';
import { formatAcus } from '../../../../src/renderer/src/lib/format';
import { useDashboardStore } from '../../../../src/renderer/src/stores/dashboard';
import { useSessionsStore } from '../../../../src/renderer/src/stores/sessions';
import { installFakeApi, makeDashboard, type FakeApi } from '../fake-api';

const all: DashboardQuery = { from: '2025-06-01', to: '2025-06-14', orgId: null };
const one: DashboardQuery = { ...all, orgId: 'org-a' };

let fake: FakeApi;
beforeEach(() => {
  fake = installFakeApi();
});

const load = (q: DashboardQuery): Promise<void> => useDashboardStore.getState().load(q);

describe('DailyAcusChart', () => {
  it('draws the total, and one line per organization when split', async () => {
    await load(all);
    render(<DailyAcusChart />);
    const stub = (): HTMLElement => screen.getByTestId('line-canvas-stub');
    expect(stub().dataset.series).toBe('Total');
    expect(stub().dataset.points).toBe('14');
    expect(within(screen.getByTestId('chart-daily-acus')).queryByRole('list')).toBeNull();
    fireEvent.click(screen.getByLabelText('Split by organization'));
    expect(stub().dataset.series).toBe('Total|Alpha|Beta');
    const legend = within(screen.getByTestId('chart-daily-acus')).getByRole('list');
    expect(
      within(legend)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Total', 'Alpha', 'Beta']);
  });

  it('offers no split for a single organization', async () => {
    await load(one);
    render(<DailyAcusChart />);
    expect(screen.queryByLabelText('Split by organization')).toBeNull();
  });

  it('explains ACUs that belong to no organization', async () => {
    await load(all);
    render(<DailyAcusChart />);
    const note = within(screen.getByTestId('chart-daily-acus')).getByText(/belong to no organization/);
    expect(note.textContent).toContain(`${formatAcus(12.5)} ACUs of Cascade, Terminal and Review`);
  });

  it('shows the figures as a table on request', async () => {
    await load(all);
    render(<DailyAcusChart />);
    fireEvent.click(screen.getByRole('button', { name: 'Show table' }));
    const rows = within(screen.getByTestId('chart-daily-acus')).getAllByRole('row');
    expect(rows).toHaveLength(1 + 14);
    expect(screen.queryByTestId('line-canvas-stub')).toBeNull();
  });

  it('says so when the range has no ACUs', async () => {
    fake.state.dashboard = (q) => {
      const d = makeDashboard(q);
      return { ...d, acusByDay: d.acusByDay.map((p) => ({ ...p, acus: 0 })), unattributedAcus: 0 };
    };
    await load(all);
    render(<DailyAcusChart />);
    expect(screen.getByText('No ACUs used in this range.')).toBeTruthy();
    expect(screen.queryByTestId('line-canvas-stub')).toBeNull();
  });

  it('shows a loading skeleton before the first answer and the error when it fails', async () => {
    const { unmount } = render(<DailyAcusChart />);
    expect(screen.getByRole('status', { name: 'Loading daily ACUs' })).toBeTruthy();
    unmount();
    fake.api.getDashboard = async () => ({
      ok: false,
      error: { code: 'CACHE_ERROR', message: 'database disk image is malformed' },
    });
    await load(all);
    render(<DailyAcusChart />);
    expect(screen.getByRole('alert').textContent).toBe('database disk image is malformed');
  });
});

describe('AcusByUserChart', () => {
  const manyUsers = (q: DashboardQuery) =>
    makeDashboard(q, {
      acusByUser: Array.from({ length: 18 }, (_, i) => ({
        userId: `u${i}`,
        name: `User ${i}`,
        acus: 100 - i,
        sessions: 2,
      })),
    });

  it('draws the top 15 and Others', async () => {
    fake.state.dashboard = manyUsers;
    await load(all);
    render(<AcusByUserChart />);
    const panel = screen.getByTestId('chart-acus-by-user');
    const bars = [...panel.querySelectorAll('svg [aria-label$=" ACUs"]')].map((el) =>
      el.getAttribute('aria-label'),
    );
    expect(bars).toHaveLength(16);
    expect(bars).not.toContain(`User 15: ${formatAcus(85)} ACUs`);
    expect(within(panel).getByLabelText(`Others (3): ${formatAcus(85 + 84 + 83)} ACUs`)).toBeTruthy();
  });

  it('filters the sessions table to the clicked user', async () => {
    fake.state.dashboard = manyUsers;
    await load(all);
    useSessionsStore.getState().setBase(all);
    render(<AcusByUserChart />);
    fireEvent.click(screen.getByLabelText(`User 2: ${formatAcus(98)} ACUs`));
    expect(useSessionsStore.getState().filter).toMatchObject({ userId: 'u2', userName: 'User 2' });
  });

  it('does not filter on the Others bar', async () => {
    fake.state.dashboard = manyUsers;
    await load(all);
    render(<AcusByUserChart />);
    fireEvent.click(screen.getByLabelText(`Others (3): ${formatAcus(252)} ACUs`));
    expect(useSessionsStore.getState().filter.userId).toBeNull();
  });

  it('draws bar lengths in proportion to ACUs', async () => {
    fake.state.dashboard = manyUsers;
    await load(all);
    render(<AcusByUserChart />);
    const width = (label: string): number => Number(screen.getByLabelText(label).getAttribute('width'));
    const top = width(`User 0: ${formatAcus(100)} ACUs`);
    expect(top).toBeGreaterThan(0);
    expect(width(`User 1: ${formatAcus(99)} ACUs`) / top).toBeCloseTo(99 / 100, 6);
    expect(width(`Others (3): ${formatAcus(252)} ACUs`) / top).toBeCloseTo(252 / 100, 6);
  });

  it('picks a user from the keyboard on the bars, and marks the picked bar', async () => {
    fake.state.dashboard = manyUsers;
    await load(all);
    useSessionsStore.getState().setBase(all);
    render(<AcusByUserChart />);
    const bar = screen.getByRole('button', { name: `User 4: ${formatAcus(96)} ACUs` });
    expect(bar.getAttribute('tabindex')).toBe('0');
    expect(bar.getAttribute('aria-pressed')).toBe('false');
    fireEvent.keyDown(bar, { key: 'Enter' });
    expect(useSessionsStore.getState().filter.userId).toBe('u4');
    expect(bar.getAttribute('aria-pressed')).toBe('true');
    fireEvent.keyDown(screen.getByRole('button', { name: `User 5: ${formatAcus(95)} ACUs` }), { key: ' ' });
    expect(useSessionsStore.getState().filter.userId).toBe('u5');
    // The Others bar sums many users: it is no button.
    expect(screen.queryByRole('button', { name: /^Others/ })).toBeNull();
  });

  it('lets the keyboard pick a user from the table view', async () => {
    await load(all);
    render(<AcusByUserChart />);
    fireEvent.click(screen.getByRole('button', { name: 'Show table' }));
    fireEvent.click(screen.getByRole('button', { name: 'Bob' }));
    expect(useSessionsStore.getState().filter.userId).toBe('u-bob');
  });
});
