import { memo, useEffect, useRef } from 'react';
import type { SessionRow, UserAcus } from '../../../../shared/dashboard';
import { openInBrowser } from '../../lib/open-in-browser';
import { Combobox } from '../../components/Combobox';
import { ExportCsvButton } from '../../components/ExportCsvButton';
import { EmptyState, ErrorNote, Skeleton } from '../../components/Feedback';
import { Panel } from '../../components/Panel';
import { SpacerRow, useVirtualRows } from '../../components/VirtualRows';
import { csvFileName, sessionsCsv } from '../../lib/csv-exports';
import { formatAcus, formatCost, formatDateTime, formatDuration } from '../../lib/format';
import { useDashboardUsersStore } from '../../stores/dashboard';
import { selectDashboardQuery, useQueryStore } from '../../stores/query';
import { fetchAllSessions, rowAt, selectLoading, sessionsQuery, useSessionsStore } from '../../stores/sessions';
import { selectRate, useSettingsStore } from '../../stores/settings';
import { SESSION_COLUMNS } from './columns';
import { OutcomeFilters, PrChips, TagChips } from './OutcomeCells';

/** Origin, tags and PRs (issue 10): not sortable, so not in SESSION_COLUMNS. */
const OUTCOME_COLUMNS = 3;

const OVERSCAN = 10;
const NO_USERS: UserAcus[] = [];
const userKey = (u: UserAcus): string => u.userId;
const userLabel = (u: UserAcus): string => u.name;

export function SessionsTable() {
  const total = useSessionsStore((s) => s.total);
  const pages = useSessionsStore((s) => s.pages);
  const error = useSessionsStore((s) => s.error);
  const loading = useSessionsStore(selectLoading);
  const queryId = useSessionsStore((s) => s.queryId);
  const generation = useSessionsStore((s) => s.generation);
  const ensureRows = useSessionsStore((s) => s.ensureRows);
  const base = useSessionsStore((s) => s.base);
  const filtered = useSessionsStore(
    (s) =>
      s.filter.userId !== null ||
      s.filter.status !== null ||
      s.filter.stoppedByLimit === true ||
      s.filter.origin !== null ||
      s.filter.tag !== null ||
      s.filter.outcome !== null,
  );
  const rate = useSettingsStore(selectRate);
  const scrollRef = useRef<HTMLDivElement>(null);

  const { virtualizer, items, before, after } = useVirtualRows(total ?? 0, scrollRef, OVERSCAN);
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    ensureRows(first, last);
  }, [first, last, queryId, generation, ensureRows]);

  // A new query starts at its first row. The container stays mounted while the query loads, so it is
  // there to scroll; going through the virtualizer resets the offset it remembers as well.
  // Only when scrolled: scrolling reads the page's layout, which then has to be computed again mid-change.
  useEffect(() => {
    if ((virtualizer.scrollOffset ?? 0) !== 0) virtualizer.scrollToOffset(0);
  }, [queryId, virtualizer]);

  const exportCsv = async (): Promise<string> => {
    const query = sessionsQuery(useSessionsStore.getState());
    if (!query) return sessionsCsv([], rate);
    const res = await fetchAllSessions(query);
    if (!res.ok) throw new Error(res.error.message);
    return sessionsCsv(res.data, rate);
  };

  return (
    <Panel
      testId="sessions-table"
      busy={loading}
      title={total === null ? 'Sessions' : `Sessions (${total.toLocaleString()})`}
      actions={
        <ExportCsvButton
          disabled={!total}
          fileName={csvFileName('sessions', base ?? undefined)}
          build={exportCsv}
        />
      }
    >
      <SessionFilters />
      <OutcomeFilters />
      {error ? <ErrorNote error={error} prefix="Could not load sessions" /> : null}
      {total === 0 ? (
        <EmptyState>
          {filtered ? 'No sessions match these filters.' : 'No sessions in this range.'}
        </EmptyState>
      ) : null}
      {/* The scroll container stays mounted while a query loads: a new container would make the
          virtualizer restore the previous query's scroll offset. */}
      {total !== 0 && !(error && total === null) ? (
        <div className="table-scroll sessions-scroll" ref={scrollRef}>
          {total === null ? (
            <Skeleton lines={5} label="Loading sessions" />
          ) : (
            <table className="data-table sessions" aria-rowcount={total + 1}>
              <SessionsHead />
              <tbody>
                <SpacerRow height={before} />
                {items.map((item) => {
                  const row = rowAt(pages, item.index);
                  return row ? (
                    <SessionRowView key={row.sessionId} row={row} index={item.index} rate={rate} />
                  ) : (
                    <tr key={`loading-${item.index}`} className="row-loading" aria-rowindex={item.index + 2}>
                      <td colSpan={SESSION_COLUMNS.length + 1 + OUTCOME_COLUMNS}>Loading…</td>
                    </tr>
                  );
                })}
                <SpacerRow height={after} />
              </tbody>
            </table>
          )}
        </div>
      ) : null}
    </Panel>
  );
}

function SessionsHead() {
  const sort = useSessionsStore((s) => s.sort);
  const toggleSort = useSessionsStore((s) => s.toggleSort);
  return (
    <thead>
      <tr aria-rowindex={1}>
        {SESSION_COLUMNS.map((c) => {
          const active = sort.column === c.sort;
          const ariaSort = active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none';
          return (
            <th key={c.key} scope="col" aria-sort={ariaSort} className={c.numeric ? 'num' : undefined}>
              <button type="button" className="sort-button" onClick={() => toggleSort(c.sort)}>
                {c.label}
                <span aria-hidden="true" className="sort-arrow">
                  {active ? (sort.direction === 'asc' ? '▲' : '▼') : ''}
                </span>
              </button>
            </th>
          );
        })}
        {/* outcomes (issue 10) */}
        <th scope="col">Origin</th>
        <th scope="col">Tags</th>
        <th scope="col">PRs</th>
        <th scope="col">
          <span className="visually-hidden">Link</span>
        </th>
      </tr>
    </thead>
  );
}

/** Memoised: scrolling re-renders the table, but a row already on screen keeps its props. */
const SessionRowView = memo(function SessionRowView({
  row,
  index,
  rate,
}: {
  row: SessionRow;
  index: number;
  rate: number | null;
}) {
  const open = (): void => openInBrowser(row.url);
  return (
    <tr aria-rowindex={index + 2}>
      <td className="cell-title" title={row.title ?? undefined}>
        {row.title ?? <span className="muted">Untitled session</span>}
      </td>
      <td>{row.userName ?? row.userId ?? '—'}</td>
      <td>{row.orgName ?? row.orgId}</td>
      <td>
        <span className={`status status-${row.status.replace(/[^\w-]/g, '')}`}>{row.status}</span>
      </td>
      <td>{formatDateTime(row.createdAt)}</td>
      <td className="num">{formatDuration(row.durationSeconds)}</td>
      <td className="num">{formatAcus(row.acus)}</td>
      <td className="num">{formatCost(row.acus, rate)}</td>
      {/* outcomes (issue 10) */}
      <td className="cell-origin">{row.origin ?? <span className="muted">—</span>}</td>
      <td>
        <TagChips tags={row.tags} />
      </td>
      <td>
        <PrChips prs={row.prs} />
      </td>
      <td>
        <button
          type="button"
          className="button-small"
          onClick={open}
          aria-label={`Open ${row.title ?? 'session'} in Devin`}
        >
          Open ↗
        </button>
      </td>
    </tr>
  );
});

function SessionFilters() {
  const filter = useSessionsStore((s) => s.filter);
  const statuses = useSessionsStore((s) => s.statuses);
  const setStatusFilter = useSessionsStore((s) => s.setStatusFilter);
  const setUserFilter = useSessionsStore((s) => s.setUserFilter);
  const setStoppedByLimitFilter = useSessionsStore((s) => s.setStoppedByLimitFilter);
  // Everyone with sessions in the range, asked for when the list opens (thousands of people, not needed before).
  const users = useDashboardUsersStore((s) => s.data ?? NO_USERS);
  const loadUsers = (): void => {
    const query = selectDashboardQuery(useQueryStore.getState());
    const loaded = useDashboardUsersStore.getState().query;
    if (loaded === null || loaded.from !== query.from || loaded.to !== query.to || loaded.orgId !== query.orgId)
      void useDashboardUsersStore.getState().load(query);
  };

  const statusOptions =
    filter.status && !statuses.includes(filter.status) ? [...statuses, filter.status] : statuses;
  const selectedUserLabel = filter.userId
    ? (users.find((u) => u.userId === filter.userId)?.name ?? filter.userName ?? filter.userId)
    : 'All users';

  return (
    <div className="filters">
      <label className="field-inline">
        Status
        <select
          aria-label="Status filter"
          value={filter.status ?? ''}
          onChange={(e) => setStatusFilter(e.target.value || null)}
        >
          <option value="">All statuses</option>
          {statusOptions.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <div className="field-inline">
        <span aria-hidden="true">User</span>
        {/* A searchable, virtualised combobox: a large organization lists thousands of users. */}
        <Combobox
          label="User filter"
          className="user-filter"
          items={users}
          itemKey={userKey}
          itemLabel={userLabel}
          selectedKey={filter.userId}
          selectedLabel={selectedUserLabel}
          allLabel="All users"
          onSelect={(id, user) => setUserFilter(id, user?.name ?? id)}
          onOpen={loadUsers}
        />
      </div>
      {filter.userId ? (
        <span className="chip" data-testid="user-filter-chip">
          User: {filter.userName ?? filter.userId}
          <button
            type="button"
            aria-label={`Remove the filter on ${filter.userName ?? filter.userId}`}
            onClick={() => setUserFilter(null)}
          >
            ×
          </button>
        </span>
      ) : null}
      {filter.stoppedByLimit ? (
        <span className="chip" data-testid="stopped-filter-chip">
          Stopped by a limit
          <button type="button" aria-label="Remove the filter on sessions stopped by a limit" onClick={() => setStoppedByLimitFilter(false)}>
            ×
          </button>
        </span>
      ) : null}
    </div>
  );
}
