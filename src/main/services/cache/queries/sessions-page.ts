/** One page of the sessions table: filtered, sorted (session_id breaks ties), with names joined in. */
import { z } from 'zod';
import type {
  SessionRow,
  SessionSortColumn,
  SessionsPage,
  SessionsPageQueryParsed,
} from '../../../../shared/dashboard';
import { roundAcus } from '../../../../shared/money';
import { LIMIT_STOP_DETAILS } from '../../../../shared/spend';
import type { Logger } from '../../logger';
import type { Db } from '../connection';
import { acus, epochSeconds, jsonColumn, parseRows } from '../rows';
import { outcomeFilters } from './outcome-filters';
import { sessionScope, statusTotalsScope, type SqlParams } from './session-scope';

const CREATOR = 'coalesce(s.user_id, s.service_user_id)';
const DURATION = 'max(s.updated_at - s.created_at, 0)';

/** What each column sorts by: the value shown in the table (names fall back to ids as the UI does). */
const SORT_SQL: Record<SessionSortColumn, string> = {
  created_at: 's.created_at',
  acus: 's.acus',
  duration: DURATION,
  title: 's.title COLLATE NOCASE',
  user: `coalesce(nullif(p.name, ''), nullif(p.email, ''), ${CREATOR}) COLLATE NOCASE`,
  org: 'coalesce(o.name, s.org_id) COLLATE NOCASE',
  status: 's.status',
};

const pageRow = z.object({
  session_id: z.string().min(1),
  title: z.string().nullable(),
  user_id: z.string().nullable(),
  user_name: z.string().nullable(),
  org_id: z.string().min(1),
  org_name: z.string().nullable(),
  status: z.string(),
  created_at: epochSeconds,
  updated_at: epochSeconds,
  duration: z.number().int().nonnegative(),
  acus,
  url: z.string(),
  origin: z.string().nullable(),
  tags: jsonColumn(z.array(z.string())).catch([]),
  prs: jsonColumn(z.array(z.object({ url: z.string(), state: z.string().nullable() }))).catch([]),
});

/** The PRs a row lists, as the session reports them (outcomes, issue 10). */
const ROW_PRS = `(SELECT json_group_array(json_object('url', p.pr_url, 'state', p.pr_state))
  FROM session_prs p WHERE p.session_id = s.session_id)`;

const statusCount = z.object({ status: z.string(), n: z.number().int().nonnegative() });

export function getSessionsPage(db: Db, log: Logger, q: SessionsPageQueryParsed): SessionsPage {
  const scope = sessionScope(q.from, q.to, q.orgId);
  const filters = [scope.where];
  const params: SqlParams = { ...scope.params };
  if (q.userId !== null) {
    filters.push('(s.user_id = :user OR s.service_user_id = :user)');
    params.user = q.userId;
  }
  if (q.status !== null) {
    filters.push('s.status = :status');
    params.status = q.status;
  }
  if (q.stoppedByLimit) {
    filters.push('s.status_detail IN (SELECT value FROM json_each(:stopDetails))');
    params.stopDetails = JSON.stringify(LIMIT_STOP_DETAILS);
  }
  const outcome = outcomeFilters(q); // outcomes (issue 10)
  filters.push(...outcome.clauses);
  Object.assign(params, outcome.params);
  const where = filters.join(' AND ');
  const dir = q.direction === 'asc' ? 'ASC' : 'DESC';

  // The session totals give the status menu and, unless a user or an outcome filter is selected, the total too.
  const totals = statusTotalsScope(q.from, q.to, q.orgId);
  const byStatus = parseRows(
    db
      .stmt(
        `SELECT st.status, sum(st.sessions) AS n FROM session_status_totals st WHERE ${totals.where}
         GROUP BY st.status ORDER BY st.status`,
      )
      .all(totals.params),
    statusCount,
    'sessions',
    log,
  );
  const total =
    q.userId !== null || q.stoppedByLimit || outcome.clauses.length > 0
      ? Number(db.stmt(`SELECT count(*) AS n FROM sessions s WHERE ${where}`).get(params)?.n ?? 0)
      : byStatus.filter((c) => q.status === null || c.status === q.status).reduce((sum, c) => sum + c.n, 0);

  // Pick the page's rowids first (from the covering index for numeric sorts), then fetch only those rows.
  const order = `${SORT_SQL[q.sort]} ${dir}, s.session_id ${dir}`;
  const joins = `LEFT JOIN people p ON p.id = ${CREATOR} LEFT JOIN organizations o ON o.org_id = s.org_id`;
  const needsJoins = q.sort === 'user' || q.sort === 'org';
  // Without statistics the planner reads the created_at range and sorts all of it (table lookups for every
  // title); walking the title index in order reads only the page and what it skips, from the index alone.
  const index = q.sort === 'title' ? 'INDEXED BY sessions_title' : '';
  const rows = db
    .stmt(
      `WITH page AS (
         SELECT s.rowid AS id FROM sessions s ${index} ${needsJoins ? joins : ''}
         WHERE ${where} ORDER BY ${order} LIMIT :limit OFFSET :offset)
       SELECT s.session_id, s.title, ${CREATOR} AS user_id, coalesce(nullif(p.name, ''), nullif(p.email, '')) AS user_name,
              s.org_id, o.name AS org_name, s.status, s.created_at, s.updated_at, ${DURATION} AS duration, s.acus, s.url,
              s.origin, s.tags, ${ROW_PRS} AS prs
       FROM page JOIN sessions s ON s.rowid = page.id ${joins}
       ORDER BY ${order}`,
    )
    .all({ ...params, limit: q.limit, offset: q.offset });

  return {
    total,
    offset: q.offset,
    rows: parseRows(rows, pageRow, 'sessions', log).map(toSessionRow),
    statuses: byStatus.map((c) => c.status),
  };
}

function toSessionRow(r: z.output<typeof pageRow>): SessionRow {
  return {
    sessionId: r.session_id,
    title: r.title,
    userId: r.user_id,
    userName: r.user_name,
    orgId: r.org_id,
    orgName: r.org_name,
    status: r.status,
    createdAt: r.created_at * 1000,
    updatedAt: r.updated_at * 1000,
    durationSeconds: r.duration,
    acus: roundAcus(r.acus),
    url: r.url,
    origin: r.origin,
    tags: r.tags,
    prs: r.prs,
  };
}
