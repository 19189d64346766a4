import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { SessionsPageQuery } from '../../../../src/shared/dashboard';
import { SessionsTable } from '../../../../src/renderer/src/features/sessions/SessionsTable';
import { useDashboardStore } from '../../../../src/renderer/src/stores/dashboard';
import { useSessionsStore } from '../../../../src/renderer/src/stores/sessions';
import { deferred, installFakeApi, makeSessions, type FakeApi } from '../fake-api';

const base = { from: '2025-06-01', to: '2025-06-15', orgId: null };

let fake: FakeApi;
beforeEach(() => {
  fake = installFakeApi({ sessions: makeSessions(50_000) });
});

const table = (): HTMLElement => screen.getByTestId('sessions-table');
const dataRows = (): HTMLElement[] =>
  within(table())
    .getAllByRole('row')
    .filter((r) => r.getAttribute('aria-rowindex') !== '1');
const offsets = (): number[] =>
  (fake.callsOf('getSessionsPage') as SessionsPageQuery[]).map((q) => q.offset ?? 0);

async function renderTable(): Promise<void> {
  useSessionsStore.getState().setBase(base);
  render(<SessionsTable />);
  await within(table()).findByText('Session 0');
}

describe('SessionsTable', () => {
  it('keeps the DOM small over 50,000 rows and fetches pages as the viewport needs them', async () => {
    await renderTable();
    expect(screen.getByRole('heading', { name: /Sessions \(50,000\)/ })).toBeTruthy();
    expect(dataRows().length).toBeLessThan(60);
    expect(offsets()).toEqual([0]);

    const scroller = table().querySelector<HTMLElement>('.sessions-scroll');
    if (!scroller) throw new Error('no scroll container');
    act(() => {
      scroller.scrollTop = 36 * 30_010;
      fireEvent.scroll(scroller);
    });
    await within(table()).findByText('Session 30010');
    expect(offsets()).toContain(30_000);
    expect(offsets()).not.toContain(10_000);
    expect(dataRows().length).toBeLessThan(60);
  });

  it('sorts from the headers and says so with aria-sort', async () => {
    await renderTable();
    const header = (name: string): HTMLElement => {
      const cell = within(table())
        .getByRole('button', { name: new RegExp(`^${name}`) })
        .closest('th');
      if (!cell) throw new Error(name);
      return cell;
    };
    expect(header('Created').getAttribute('aria-sort')).toBe('descending');
    expect(header('Title').getAttribute('aria-sort')).toBe('none');
    fireEvent.click(within(header('Title')).getByRole('button'));
    await waitFor(() => expect(header('Title').getAttribute('aria-sort')).toBe('ascending'));
    expect(header('Created').getAttribute('aria-sort')).toBe('none');
    expect((fake.callsOf('getSessionsPage') as SessionsPageQuery[]).at(-1)).toMatchObject({
      sort: 'title',
      direction: 'asc',
      offset: 0,
    });
  });

  it('starts a new sort at the first row even when the table was scrolled to the bottom', async () => {
    await renderTable();
    const scroller = (): HTMLElement => {
      const el = table().querySelector<HTMLElement>('.sessions-scroll');
      if (!el) throw new Error('no scroll container');
      return el;
    };
    act(() => {
      scroller().scrollTop = 36 * 50_000;
      fireEvent.scroll(scroller());
    });
    await within(table()).findByText('Session 49999');

    // Hold the new query's first page back: meanwhile the table keeps rows on screen, busy, rather than a skeleton.
    const gate = deferred<void>();
    const answer = fake.api.getSessionsPage;
    fake.api.getSessionsPage = async (q) => {
      await gate.promise;
      return answer(q);
    };
    fireEvent.click(within(table()).getByRole('button', { name: /^ACUs/ }));
    expect(table().getAttribute('aria-busy')).toBe('true');
    expect(within(table()).queryByRole('status', { name: 'Loading sessions' })).toBeNull();
    expect(dataRows().length).toBeGreaterThan(0);
    await act(async () => gate.resolve());

    // 9.5 ACUs is the largest (every tenth session); the first of them in the fake's stable sort is Session 9.
    const first = await waitFor(() => {
      const row = table().querySelector('tbody tr[aria-rowindex="2"]');
      if (!row) throw new Error('row 1 is not rendered');
      return row;
    });
    expect(first.textContent).toContain('Session 9');
    expect(table().getAttribute('aria-busy')).toBe('false');
    expect(scroller().scrollTop).toBe(0);
    expect(dataRows().length).toBeLessThan(60);
  });

  it('opens a session in the browser through main', async () => {
    await renderTable();
    fireEvent.click(within(table()).getByRole('button', { name: 'Open Session 3 in Devin' }));
    await waitFor(() =>
      expect(fake.callsOf('openExternal')).toEqual([{ url: 'https://app.devin.ai/sessions/3' }]),
    );
  });

  it('filters by status and by user, with a removable chip', async () => {
    await renderTable();
    fireEvent.change(within(table()).getByLabelText('Status filter'), { target: { value: 'error' } });
    await waitFor(() => expect(within(table()).getByRole('heading').textContent).toBe('Sessions (12,500)'));

    act(() => useSessionsStore.getState().setUserFilter('u-bob', 'Bob'));
    const chip = await within(table()).findByTestId('user-filter-chip');
    expect(chip.textContent).toContain('User: Bob');
    fireEvent.click(within(chip).getByRole('button', { name: 'Remove the filter on Bob' }));
    expect(within(table()).queryByTestId('user-filter-chip')).toBeNull();
    expect(useSessionsStore.getState().filter).toEqual({ userId: null, userName: null, status: 'error', origin: null, tag: null, outcome: null });
  });

  it('lists the users only while the user filter is open, filters them as typed, and filters by the chosen user', async () => {
    await useDashboardStore.getState().load(base);
    await renderTable();
    const input = within(table()).getByRole('combobox', { name: 'User filter' }) as HTMLInputElement;
    const list = document.getElementById(input.getAttribute('aria-controls') ?? '')!;
    const options = (): string[] => [...list.querySelectorAll('[role=option]')].map((o) => o.textContent ?? '');
    expect(options()).toEqual([]);
    expect(input.value).toBe('All users');
    fireEvent.click(input);
    // Opening the list asks main for everyone in the range.
    await waitFor(() => expect(options()).toEqual(['All users', 'Ada', 'Bob', 'Cy']));
    expect(fake.callsOf('getDashboardUsers')).toHaveLength(1);
    fireEvent.change(input, { target: { value: 'b' } });
    expect(options()).toEqual(['Bob']);
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(useSessionsStore.getState().filter).toMatchObject({ userId: 'u-bob', userName: 'Bob' });
    // Closed again: nothing is listed, and the input names the chosen user.
    expect(options()).toEqual([]);
    expect(input.value).toBe('Bob');
    // "All users" clears the filter.
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    fireEvent.keyDown(input, { key: 'Home' });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(useSessionsStore.getState().filter.userId).toBeNull();
    expect(input.value).toBe('All users');
  });

  it('shows an empty state', async () => {
    fake.state.sessions = [];
    useSessionsStore.getState().setBase(base);
    render(<SessionsTable />);
    expect(await within(table()).findByText('No sessions in this range.')).toBeTruthy();
  });

  it('exports the full filtered set, paging through main', async () => {
    fake.state.sessions = makeSessions(1203);
    await renderTable();
    act(() => useSessionsStore.getState().setUserFilter('u-ada', 'Ada'));
    await waitFor(() => expect(within(table()).getByRole('heading').textContent).toBe('Sessions (602)'));
    fireEvent.click(within(table()).getByRole('button', { name: 'Export CSV' }));
    await within(table()).findByText('Saved');
    const [saved] = fake.callsOf('saveCsv') as { suggestedName: string; content: string }[];
    expect(saved?.suggestedName).toBe('devin-sessions-2025-06-01_2025-06-15.csv');
    expect(saved?.content.trim().split('\r\n')).toHaveLength(1 + 602);
    const exportPages = (fake.callsOf('getSessionsPage') as SessionsPageQuery[]).filter(
      (q) => q.limit === 500,
    );
    expect(exportPages.map((q) => q.offset)).toEqual([0, 500]);
  });
});
