import { fireEvent, render, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DashboardQuery } from '../../../../src/shared/dashboard';
import { DailyAcusChart } from '../../../../src/renderer/src/features/daily-acus/DailyAcusChart';
import { AcusByUserChart } from '../../../../src/renderer/src/features/users/AcusByUserChart';
import { formatAcus, formatDayLong } from '../../../../src/renderer/src/lib/format';
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

  it('is one tab stop whose arrow keys step through the days and announce every line', async () => {
    await load(all);
    render(<DailyAcusChart />);
    const panel = screen.getByTestId('chart-daily-acus');
    const chart = within(panel).getByRole('group', { name: 'Daily ACUs' });
    const readout = (): string => chart.querySelector('[aria-live="polite"]')?.textContent ?? '';
    expect(panel.querySelectorAll('[tabindex="0"]')).toHaveLength(1);
    fireEvent.keyDown(chart, { key: 'ArrowRight' });
    expect(readout()).toBe(`${formatDayLong('2025-06-01')}: Total ${formatAcus(10)} ACUs`);
    fireEvent.keyDown(chart, { key: 'ArrowRight' });
    expect(readout()).toBe(`${formatDayLong('2025-06-02')}: Total ${formatAcus(11)} ACUs`);
    fireEvent.keyDown(chart, { key: 'End' });
    expect(readout()).toMatch(new RegExp(`^${formatDayLong('2025-06-14')}: Total`));
    fireEvent.click(screen.getByLabelText('Split by organization'));
    const split = within(screen.getByTestId('chart-daily-acus')).getByRole('group', { name: 'Daily ACUs' });
    fireEvent.keyDown(split, { key: 'Home' });
    expect(split.querySelector('[aria-live="polite"]')?.textContent).toBe(
      `${formatDayLong('2025-06-01')}: Total ${formatAcus(10)} ACUs, Alpha ${formatAcus(4)} ACUs, Beta ${formatAcus(5)} ACUs`,
    );
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
      // Main's top 15 of 18 users; users 15–17 (85 + 84 + 83 ACUs) summed.
      acusByUser: Array.from({ length: 15 }, (_, i) => ({
        userId: `u${i}`,
        name: `User ${i}`,
        acus: 100 - i,
        sessions: 2,
      })),
      otherUsers: { users: 3, acus: 252, sessions: 6 },
    });

  const panel = (): HTMLElement => screen.getByTestId('chart-acus-by-user');
  const chart = (): HTMLElement => within(panel()).getByRole('group', { name: 'ACUs by user' });
  const readout = (): string => chart().querySelector('[aria-live="polite"]')?.textContent ?? '';
  const key = (k: string): void => {
    fireEvent.keyDown(chart(), { key: k });
  };
  const stubBar = (id: string): Element => {
    const bar = within(panel()).getByTestId('bar-canvas-stub').querySelector(`[data-index="${id}"]`);
    if (!bar) throw new Error(`no bar ${id}`);
    return bar;
  };

  it('draws the top 15 and Others, the largest on top, and names the largest in its description', async () => {
    fake.state.dashboard = manyUsers;
    await load(all);
    render(<AcusByUserChart />);
    const drawn = [...within(panel()).getByTestId('bar-canvas-stub').querySelectorAll('[data-index]')].map(
      (el) => el.getAttribute('data-index'),
    );
    // Nivo's horizontal bars go bottom-up: Others first, the largest user last (on top).
    expect(drawn).toEqual(['__others__', ...Array.from({ length: 15 }, (_, i) => `u${14 - i}`)]);
    const description = document.getElementById(chart().getAttribute('aria-describedby') ?? '');
    expect(description?.querySelector('.chart-top')?.textContent).toBe(`User 0: ${formatAcus(100)} ACUs`);
    expect(description?.textContent).toContain('16 bars');
  });

  it('filters the sessions table to the clicked user', async () => {
    fake.state.dashboard = manyUsers;
    await load(all);
    useSessionsStore.getState().setBase(all);
    render(<AcusByUserChart />);
    fireEvent.click(stubBar('u2'));
    expect(useSessionsStore.getState().filter).toMatchObject({ userId: 'u2', userName: 'User 2' });
  });

  it('does not filter on the Others bar', async () => {
    fake.state.dashboard = manyUsers;
    await load(all);
    render(<AcusByUserChart />);
    fireEvent.click(stubBar('__others__'));
    expect(useSessionsStore.getState().filter.userId).toBeNull();
  });

  it('is one tab stop whose arrow keys move between the bars, largest first, and announce each', async () => {
    fake.state.dashboard = manyUsers;
    await load(all);
    render(<AcusByUserChart />);
    expect(panel().querySelectorAll('[tabindex="0"]')).toHaveLength(1);
    expect(chart().getAttribute('tabindex')).toBe('0');
    expect(readout()).toBe('');
    key('ArrowDown');
    expect(readout()).toBe(`User 0: ${formatAcus(100)} ACUs, 2 sessions. Enter lists their sessions`);
    key('ArrowRight');
    expect(readout()).toMatch(/^User 1: /);
    key('ArrowUp');
    key('ArrowLeft');
    expect(readout()).toMatch(/^User 0: /);
    key('End');
    expect(readout()).toBe(`Others (3): ${formatAcus(252)} ACUs, 6 sessions`);
    key('Escape');
    expect(readout()).toBe('');
    key('ArrowUp');
    expect(readout()).toMatch(/^Others/);
    fireEvent.blur(chart());
    expect(readout()).toBe('');
  });

  it('applies the filter with Enter or Space on the active bar, never on Others', async () => {
    fake.state.dashboard = manyUsers;
    await load(all);
    useSessionsStore.getState().setBase(all);
    render(<AcusByUserChart />);
    key('Enter');
    expect(useSessionsStore.getState().filter.userId).toBeNull();
    key('Home');
    key('ArrowDown');
    key('ArrowDown');
    key('Enter');
    expect(useSessionsStore.getState().filter).toMatchObject({ userId: 'u2', userName: 'User 2' });
    expect(readout()).toMatch(/^User 2: .*\. Their sessions are listed below$/);
    key('ArrowDown');
    key(' ');
    expect(useSessionsStore.getState().filter.userId).toBe('u3');
    key('End');
    key('Enter');
    expect(useSessionsStore.getState().filter.userId).toBe('u3');
  });

  it('lets the keyboard pick a user from the table view', async () => {
    await load(all);
    render(<AcusByUserChart />);
    fireEvent.click(screen.getByRole('button', { name: 'Show table' }));
    fireEvent.click(screen.getByRole('button', { name: 'Bob' }));
    expect(useSessionsStore.getState().filter.userId).toBe('u-bob');
  });
});
