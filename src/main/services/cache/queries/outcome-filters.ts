/**
 * The sessions-table filters of the outcomes panels (issue 10) as SQL over `sessions s`: the same origin buckets
 * and outcome rules the outcome figures use (shared/outcome-buckets.ts), so a slice click lists exactly the
 * sessions the slice counted.
 */
import { ORIGIN_BUCKETS, type OriginBucket, type SessionOutcome } from '../../../../shared/outcome-buckets';
import type { SqlParams } from './session-scope';

const NAMED_ORIGINS = ORIGIN_BUCKETS.filter((o) => o !== 'other')
  .map((o) => `'${o}'`)
  .join(', ');

// "Merged" is a fact about the PR: any session in the cache may report it; the writer keeps it on every row of the
// URL as `pr_merged` (migration v4), which the outcome figures read too (see outcomes.ts).
const LISTS_MERGED = 'EXISTS (SELECT 1 FROM session_prs p WHERE p.session_id = s.session_id AND p.pr_merged = 1)';
const LISTS_PR = 'EXISTS (SELECT 1 FROM session_prs p WHERE p.session_id = s.session_id)';
const ERRORED = "(s.status = 'error' OR coalesce(s.status_detail, '') = 'error')";

const OUTCOME_SQL: Record<SessionOutcome, string> = {
  merged_pr: LISTS_MERGED,
  open_pr: `${LISTS_PR} AND NOT ${LISTS_MERGED}`,
  error: `NOT ${LISTS_PR} AND ${ERRORED}`,
  no_pr: `NOT ${LISTS_PR} AND NOT ${ERRORED}`,
};

export function outcomeFilters(q: {
  origin?: OriginBucket | null;
  tag?: string | null;
  outcome?: SessionOutcome | null;
}): { clauses: string[]; params: SqlParams } {
  const clauses: string[] = [];
  const params: SqlParams = {};
  if (q.origin) {
    if (q.origin === 'other') clauses.push(`(s.origin IS NULL OR s.origin NOT IN (${NAMED_ORIGINS}))`);
    else {
      clauses.push('s.origin = :origin');
      params.origin = q.origin;
    }
  }
  if (q.tag) {
    clauses.push('EXISTS (SELECT 1 FROM session_tags t WHERE t.session_id = s.session_id AND t.tag = :tag)');
    params.tag = q.tag;
  }
  if (q.outcome) clauses.push(`(${OUTCOME_SQL[q.outcome]})`);
  return { clauses, params };
}
