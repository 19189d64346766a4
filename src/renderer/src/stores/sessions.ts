/**
 * The sessions table: query (range, org, filters, sort) and a sparse cache of 200-row pages fetched as the
 * viewport needs them. Pages belong to one query. When the query changes, the previous query's rows stay on
 * screen (the panel busy) until the new first page lands, as after `data:updated` the old pages stay until their
 * refetch lands: the table is updated in place instead of torn down to a skeleton and built again, and the page
 * below it does not jump. Another account's rows are dropped at once (`clear`).
 */
import { create } from 'zustand';
import type { DayString } from '../../../shared/billing-day';
import type { SessionRow, SessionSortColumn, SessionsPage, SessionsPageQuery } from '../../../shared/dashboard';
import type { AppError, Result } from '../../../shared/ipc/result';
import type { OriginBucket, SessionOutcome } from '../../../shared/outcome-buckets';
import { api, call } from '../api';

export const SESSIONS_PAGE_SIZE = 200;
/** Page size for exports: the largest the contract allows, to keep the IPC round trips few. */
const EXPORT_PAGE_SIZE = 500;

export interface SessionsBase {
  from: DayString;
  to: DayString;
  orgId: string | null;
}

export interface SessionsFilter {
  userId: string | null;
  /** Shown on the filter chip. */
  userName: string | null;
  status: string | null;
  /** Spend control: only sessions a limit stopped. */
  stoppedByLimit?: boolean;
  // ---- outcomes (issue 10): set by the filters or a slice click in "Where ACUs go" ----
  origin: OriginBucket | null;
  tag: string | null;
  outcome: SessionOutcome | null;
}

export interface SessionsSort {
  column: SessionSortColumn;
  direction: 'asc' | 'desc';
}

interface CachedPage {
  rows: SessionRow[];
  generation: number;
  queryId: number;
}

interface SessionsState {
  base: SessionsBase | null;
  filter: SessionsFilter;
  sort: SessionsSort;
  /** Identifies the current query; answers for another one are ignored. */
  queryId: number;
  /** Bumped by `invalidate()`: pages of an older generation are refetched but shown meanwhile. */
  generation: number;
  /** The row count of the pages held: the previous query's while the current one's first page loads. */
  total: number | null;
  statuses: string[];
  pages: Record<number, CachedPage>;
  error: AppError | null;
  /** `firstPage`: the first page of the new query already on its way (`app:initial-data`). */
  setBase(base: SessionsBase, firstPage?: Promise<Result<SessionsPage>>): void;
  /** The first page's query for `base` with the current filters and sort (what `setBase` would ask for). */
  firstPageQuery(base: SessionsBase): SessionsPageQuery;
  setUserFilter(userId: string | null, userName?: string | null): void;
  setStatusFilter(status: string | null): void;
  setStoppedByLimitFilter(on: boolean): void;
  /** Origin bucket, tag and outcome filters (outcomes, issue 10); keys left out stay as they are. */
  setOutcomeFilter(patch: Partial<Pick<SessionsFilter, 'origin' | 'tag' | 'outcome'>>): void;
  /** Sorts by a column; again on the same column flips the direction. */
  toggleSort(column: SessionSortColumn): void;
  /** Makes sure the pages covering rows [first, last] are cached or on their way. */
  ensureRows(first: number, last: number): void;
  invalidate(): void;
  /** Drops every row and filter (another account is now on screen) and asks for the first page again. */
  clear(): void;
}

const TEXT_COLUMNS: readonly SessionSortColumn[] = ['title', 'user', 'org', 'status'];
const NO_FILTER: SessionsFilter = { userId: null, userName: null, status: null, origin: null, tag: null, outcome: null };

// Query ids come from a module counter so they stay unique even if the store state is replaced.
let nextQueryId = 0;
const inflight = new Set<string>();

export type SessionsQuery = Omit<SessionsPageQuery, 'offset' | 'limit'>;

const pageKey = (s: Pick<SessionsState, 'queryId' | 'generation'>, offset: number): string =>
  `${s.queryId}:${s.generation}:${offset}`;

export function sessionsQuery(s: Pick<SessionsState, 'base' | 'filter' | 'sort'>): SessionsQuery | null {
  return s.base ? queryFor(s.base, s) : null;
}

function queryFor(base: SessionsBase, s: Pick<SessionsState, 'filter' | 'sort'>): SessionsQuery {
  return {
    ...base,
    userId: s.filter.userId,
    status: s.filter.status,
    ...(s.filter.stoppedByLimit ? { stoppedByLimit: true } : {}),
    origin: s.filter.origin,
    tag: s.filter.tag,
    outcome: s.filter.outcome,
    sort: s.sort.column,
    direction: s.sort.direction,
  };
}

export const useSessionsStore = create<SessionsState>()((set, get) => {
  /**
   * Starts a new query and requests its first page. The rows on screen stay until it lands, unless `dropRows`
   * (they belong to another account).
   */
  const requery = (
    changes: Partial<Pick<SessionsState, 'base' | 'filter' | 'sort'>>,
    firstPage?: Promise<Result<SessionsPage>>,
    dropRows = false,
  ): void => {
    inflight.clear();
    const keepRows = !dropRows && Object.keys(get().pages).length > 0;
    set({
      ...changes,
      queryId: ++nextQueryId,
      error: null,
      ...(keepRows ? {} : { pages: {}, total: null }),
      ...(dropRows ? { statuses: [] } : {}),
    });
    if (firstPage) {
      const key = pageKey(get(), 0);
      inflight.add(key);
      void fetchPage(0, key, firstPage);
    }
    get().ensureRows(0, 0);
  };

  const fetchPage = async (offset: number, key: string, answer?: Promise<Result<SessionsPage>>): Promise<void> => {
    const s = get();
    const query = sessionsQuery(s);
    if (!query) return;
    const { queryId, generation } = s;
    const res = await (answer ?? call(() => api().getSessionsPage({ ...query, offset, limit: SESSIONS_PAGE_SIZE })));
    inflight.delete(key);
    const now = get();
    if (now.queryId !== queryId || now.generation !== generation) return;
    // The previous query's rows, kept on screen until now, are replaced by this query's.
    const pages = showsPreviousQuery(now) ? {} : now.pages;
    if (!res.ok) {
      // Rows of another query are not left under this query's error.
      set(pages === now.pages ? { error: res.error } : { error: res.error, pages, total: null });
      return;
    }
    set({
      pages: { ...pages, [offset]: { rows: res.data.rows, generation, queryId } },
      total: res.data.total,
      statuses: res.data.statuses,
      error: null,
    });
  };

  return {
    base: null,
    filter: NO_FILTER,
    sort: { column: 'created_at', direction: 'desc' },
    queryId: 0,
    generation: 0,
    total: null,
    statuses: [],
    pages: {},
    error: null,
    setBase: (base, firstPage) => {
      const b = get().base;
      if (b && b.from === base.from && b.to === base.to && b.orgId === base.orgId) return;
      requery({ base }, firstPage);
    },
    firstPageQuery: (base) => {
      return { ...queryFor(base, get()), offset: 0, limit: SESSIONS_PAGE_SIZE };
    },
    setUserFilter: (userId, userName = null) => {
      const f = get().filter;
      if (f.userId === userId) return;
      requery({ filter: { ...f, userId, userName: userId === null ? null : userName } });
    },
    setStoppedByLimitFilter: (on) => {
      const f = get().filter;
      if ((f.stoppedByLimit ?? false) === on) return;
      // Absent rather than false when off, so a filter without it equals NO_FILTER's shape.
      const { stoppedByLimit: _off, ...rest } = f;
      requery({ filter: on ? { ...rest, stoppedByLimit: true } : rest });
    },
    setStatusFilter: (status) => {
      const f = get().filter;
      if (f.status !== status) requery({ filter: { ...f, status } });
    },
    setOutcomeFilter: (patch) => {
      const f = get().filter;
      const next = { ...f, ...patch };
      if (next.origin !== f.origin || next.tag !== f.tag || next.outcome !== f.outcome) requery({ filter: next });
    },
    toggleSort: (column) => {
      const { sort } = get();
      const direction =
        sort.column === column
          ? sort.direction === 'asc'
            ? 'desc'
            : 'asc'
          : TEXT_COLUMNS.includes(column)
            ? 'asc'
            : 'desc';
      requery({ sort: { column, direction } });
    },
    ensureRows: (first, last) => {
      const s = get();
      if (!s.base) return;
      const end = s.total === null || showsPreviousQuery(s) ? first : Math.min(last, Math.max(s.total - 1, 0));
      for (
        let offset = Math.floor(Math.max(first, 0) / SESSIONS_PAGE_SIZE) * SESSIONS_PAGE_SIZE;
        offset <= end;
        offset += SESSIONS_PAGE_SIZE
      ) {
        const page = s.pages[offset];
        if (page?.generation === s.generation && page.queryId === s.queryId) continue;
        const key = pageKey(s, offset);
        if (inflight.has(key)) continue;
        inflight.add(key);
        void fetchPage(offset, key);
      }
    },
    clear: () => {
      // The user filter names a person of the previous account; its rows and statuses go with it.
      requery({ filter: NO_FILTER }, undefined, true);
    },
    invalidate: () => {
      if (!get().base) return;
      set((s) => ({ generation: s.generation + 1 }));
      // The table asks for the rows it shows again; at least the first page is refreshed for the total.
      get().ensureRows(0, 0);
    },
  };
});

/** The pages hold the previous query's rows: the current query's first page has not landed yet. */
function showsPreviousQuery(s: Pick<SessionsState, 'pages' | 'queryId'>): boolean {
  for (const offset in s.pages) return s.pages[offset]!.queryId !== s.queryId;
  return false;
}

/** The table is waiting for its query's rows (the previous query's, if any, are on screen meanwhile). */
export const selectLoading = (s: SessionsState): boolean => showsPreviousQuery(s) || (s.total === null && !s.error);

/** The row at `index`, if its page is cached. */
export function rowAt(pages: Record<number, CachedPage>, index: number): SessionRow | undefined {
  const offset = Math.floor(index / SESSIONS_PAGE_SIZE) * SESSIONS_PAGE_SIZE;
  return pages[offset]?.rows[index - offset];
}

/** Every row of a query, paging through main (for the CSV export of the full filtered set). */
export async function fetchAllSessions(query: SessionsQuery): Promise<Result<SessionRow[]>> {
  const rows: SessionRow[] = [];
  for (;;) {
    const res = await call(() =>
      api().getSessionsPage({ ...query, offset: rows.length, limit: EXPORT_PAGE_SIZE }),
    );
    if (!res.ok) return res;
    rows.push(...res.data.rows);
    if (res.data.rows.length === 0 || rows.length >= res.data.total) return { ok: true, data: rows };
  }
}
