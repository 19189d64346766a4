import { beforeEach, describe, expect, it } from 'vitest';
import type { SessionsPage, SessionsPageQuery } from '../../../../src/shared/dashboard';
import { ok, type Result } from '../../../../src/shared/ipc/result';
import {
  fetchAllSessions,
  rowAt,
  selectLoading,
  SESSIONS_PAGE_SIZE,
  sessionsQuery,
  useSessionsStore,
} from '../../../../src/renderer/src/stores/sessions';
import { deferred, installFakeApi, makeSessions, type FakeApi } from '../fake-api';

const base = { from: '2025-06-01', to: '2025-06-15', orgId: null };
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

let fake: FakeApi;
beforeEach(() => {
  fake = installFakeApi({ sessions: makeSessions(1000) });
});

const pageRequests = (): SessionsPageQuery[] => fake.callsOf('getSessionsPage') as SessionsPageQuery[];

describe('sessions store', () => {
  it('fetches the first page of 200 when the query is set', async () => {
    useSessionsStore.getState().setBase(base);
    await settle();
    expect(pageRequests()).toEqual([
      expect.objectContaining({
        ...base,
        offset: 0,
        limit: SESSIONS_PAGE_SIZE,
        sort: 'created_at',
        direction: 'desc',
      }),
    ]);
    const s = useSessionsStore.getState();
    expect(s.total).toBe(1000);
    expect(rowAt(s.pages, 0)?.sessionId).toBe('s-0');
    expect(rowAt(s.pages, 199)).toBeDefined();
    expect(rowAt(s.pages, 200)).toBeUndefined();
  });

  it('fetches only the pages the viewport needs, once each', async () => {
    const s = useSessionsStore.getState();
    s.setBase(base);
    await settle();
    s.ensureRows(390, 420); // pages at 200 and 400
    s.ensureRows(395, 425); // already on their way
    await settle();
    s.ensureRows(0, 10); // cached
    await settle();
    expect(pageRequests().map((q) => q.offset)).toEqual([0, 200, 400]);
    expect(rowAt(useSessionsStore.getState().pages, 410)?.sessionId).toBe('s-410');
  });

  it('drops cached pages when the query changes', async () => {
    const s = useSessionsStore.getState();
    s.setBase(base);
    await settle();
    s.setUserFilter('u-bob', 'Bob');
    await settle();
    const st = useSessionsStore.getState();
    expect(st.filter).toEqual({ userId: 'u-bob', userName: 'Bob', status: null, origin: null, tag: null, outcome: null });
    expect(st.total).toBe(500);
    expect(rowAt(st.pages, 0)?.userId).toBe('u-bob');
    expect(pageRequests().at(-1)).toMatchObject({ userId: 'u-bob', offset: 0 });
  });

  it('ignores a page answer for a query that is no longer current', async () => {
    const slow = deferred<Result<SessionsPage>>();
    const real = fake.api.getSessionsPage;
    fake.api.getSessionsPage = (q) => (q.status === null ? slow.promise : real(q));
    const s = useSessionsStore.getState();
    s.setBase(base);
    s.setStatusFilter('error');
    await settle();
    slow.resolve(ok({ total: 1, offset: 0, rows: makeSessions(1), statuses: [] }));
    await settle();
    const st = useSessionsStore.getState();
    expect(st.total).toBe(250);
    expect(rowAt(st.pages, 0)?.status).toBe('error');
  });

  it('keeps showing rows after data:updated until the refetch lands', async () => {
    const s = useSessionsStore.getState();
    s.setBase(base);
    await settle();
    const { gate } = holdPages(fake);
    fake.state.sessions = makeSessions(1001).slice(1);
    s.invalidate();
    expect(rowAt(useSessionsStore.getState().pages, 0)?.sessionId).toBe('s-0');
    gate.resolve();
    await settle();
    await settle();
    expect(rowAt(useSessionsStore.getState().pages, 0)?.sessionId).toBe('s-1');
  });

  it('keeps the previous query\'s rows on screen, busy, until the new query\'s first page lands', async () => {
    const s = useSessionsStore.getState();
    s.setBase(base);
    await settle();
    const { gate, held } = holdPages(fake);
    s.setUserFilter('u-bob', 'Bob');
    await settle();
    let st = useSessionsStore.getState();
    // Asked for, although a page 0 (of the previous query) is cached.
    expect(held).toEqual([expect.objectContaining({ userId: 'u-bob', offset: 0 })]);
    expect(selectLoading(st)).toBe(true);
    expect(st.total).toBe(1000);
    expect(rowAt(st.pages, 0)?.sessionId).toBe('s-0');

    gate.resolve();
    await settle();
    st = useSessionsStore.getState();
    expect(selectLoading(st)).toBe(false);
    expect(st.total).toBe(500);
    expect(rowAt(st.pages, 0)?.userId).toBe('u-bob');
    expect(Object.values(st.pages).every((p) => p.rows.every((r) => r.userId === 'u-bob'))).toBe(true);
  });

  it('drops the previous query\'s rows when the new query fails, and shows its error', async () => {
    const s = useSessionsStore.getState();
    s.setBase(base);
    await settle();
    fake.api.getSessionsPage = async () => ({ ok: false, error: { code: 'CACHE_ERROR', message: 'locked' } });
    s.setStatusFilter('error');
    await settle();
    const st = useSessionsStore.getState();
    expect(st.error).toEqual({ code: 'CACHE_ERROR', message: 'locked' });
    expect(st.total).toBeNull();
    expect(rowAt(st.pages, 0)).toBeUndefined();
    expect(selectLoading(st)).toBe(false);
  });

  it('drops every row at once when another account comes on screen', async () => {
    const s = useSessionsStore.getState();
    s.setBase(base);
    await settle();
    fake.api.getSessionsPage = () => new Promise(() => undefined);
    s.clear();
    const st = useSessionsStore.getState();
    expect(st.total).toBeNull();
    expect(st.pages).toEqual({});
    expect(st.statuses).toEqual([]);
    expect(selectLoading(st)).toBe(true);
  });

  it('sorts text columns ascending first, numbers descending first, and flips on a second click', () => {
    const s = useSessionsStore.getState();
    s.setBase(base);
    s.toggleSort('title');
    expect(useSessionsStore.getState().sort).toEqual({ column: 'title', direction: 'asc' });
    s.toggleSort('title');
    expect(useSessionsStore.getState().sort).toEqual({ column: 'title', direction: 'desc' });
    s.toggleSort('acus');
    expect(useSessionsStore.getState().sort).toEqual({ column: 'acus', direction: 'desc' });
  });
});

/** Holds every page request (listed in `held`) until `gate` resolves, then answers it as before. */
function holdPages(api: FakeApi): { gate: ReturnType<typeof deferred<void>>; held: SessionsPageQuery[] } {
  const gate = deferred<void>();
  const held: SessionsPageQuery[] = [];
  const real = api.api.getSessionsPage;
  api.api.getSessionsPage = async (q) => {
    held.push(q);
    await gate.promise;
    return real(q);
  };
  return { gate, held };
}

describe('fetchAllSessions', () => {
  it('pages through the whole filtered set', async () => {
    fake.state.sessions = makeSessions(1203);
    const query = sessionsQuery({
      base,
      filter: { userId: 'u-ada', userName: 'Ada', status: null, origin: null, tag: null, outcome: null },
      sort: { column: 'acus', direction: 'asc' },
    });
    if (!query) throw new Error('query');
    const res = await fetchAllSessions(query);
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.data).toHaveLength(602);
    expect(new Set(res.data.map((r) => r.sessionId)).size).toBe(602);
    expect(res.data.every((r) => r.userId === 'u-ada')).toBe(true);
    expect(pageRequests().map((q) => q.offset)).toEqual([0, 500]);
  });

  it('returns the error of a failed page', async () => {
    fake.api.getSessionsPage = async () => ({ ok: false, error: { code: 'CACHE_ERROR', message: 'locked' } });
    const res = await fetchAllSessions({ ...base });
    expect(res).toEqual({ ok: false, error: { code: 'CACHE_ERROR', message: 'locked' } });
  });
});
