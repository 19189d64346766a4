/**
 * The outcomes part of the CLI report (issue 10): what the ACUs bought, where they went and which sessions ran
 * away, in the JSON shape scripts rely on. ACU figures stay exact; money is rounded to cents once, like the
 * rest of the report.
 */
import type { DayString } from '../../shared/billing-day';
import { costUsd, roundAcus, roundCents } from '../../shared/money';
import type { Cache } from './cache';

export interface OutcomesReport {
  outcomes: {
    merged_prs: number;
    opened_prs: number;
    sessions_with_merged_pr: number;
    session_acus: number;
    acus_per_merged_pr: number | null;
    cost_usd_per_merged_pr: number | null;
    by_org: { org_id: string; name: string; merged_prs: number; session_acus: number; acus_per_merged_pr: number | null }[];
    by_user: { user_id: string; name: string; merged_prs: number; session_acus: number; acus_per_merged_pr: number | null }[];
  };
  acus_by_origin: { origin: string; sessions: number; acus: number }[];
  acus_by_tag: { tag: string; sessions: number; acus: number }[];
  runaway_sessions: { session_id: string; acus: number; reason: string }[];
}

export function buildOutcomesReport(
  cache: Cache,
  q: { from: DayString; to: DayString; orgId: string | null; rate: number | null },
): OutcomesReport {
  const o = cache.getOutcomes({ from: q.from, to: q.to, orgId: q.orgId });
  const t = o.totals;
  return {
    outcomes: {
      merged_prs: t.mergedPrs,
      opened_prs: t.openedPrs,
      sessions_with_merged_pr: t.sessionsWithMergedPr,
      session_acus: t.sessionAcus,
      acus_per_merged_pr: perPr(t.acusPerMergedPr),
      cost_usd_per_merged_pr: t.acusPerMergedPr === null ? null : roundCents(costUsd(t.acusPerMergedPr, q.rate)),
      by_org: o.byOrg.map((r) => ({
        org_id: r.orgId,
        name: r.name,
        merged_prs: r.mergedPrs,
        session_acus: r.sessionAcus,
        acus_per_merged_pr: perPr(r.acusPerMergedPr),
      })),
      by_user: o.byUser.map((r) => ({
        user_id: r.userId,
        name: r.name,
        merged_prs: r.mergedPrs,
        session_acus: r.sessionAcus,
        acus_per_merged_pr: perPr(r.acusPerMergedPr),
      })),
    },
    acus_by_origin: o.acusByOrigin.map((r) => ({ origin: r.origin, sessions: r.sessions, acus: r.acus })),
    acus_by_tag: o.acusByTag.map((r) => ({ tag: r.tag, sessions: r.sessions, acus: r.acus })),
    runaway_sessions: o.runaway.map((r) => ({ session_id: r.sessionId, acus: r.acus, reason: r.reason })),
  };
}

/** The CSV tables of the outcomes part, as [name, header, rows] like the report's own tables. */
export function outcomesCsvTables(r: OutcomesReport): [string, string[], (string | number | null)[][]][] {
  const o = r.outcomes;
  return [
    [
      'outcomes',
      ['merged_prs', 'opened_prs', 'sessions_with_merged_pr', 'session_acus', 'acus_per_merged_pr', 'cost_usd_per_merged_pr'],
      [[o.merged_prs, o.opened_prs, o.sessions_with_merged_pr, o.session_acus, o.acus_per_merged_pr, o.cost_usd_per_merged_pr]],
    ],
    [
      'outcomes_by_org',
      ['org_id', 'name', 'merged_prs', 'session_acus', 'acus_per_merged_pr'],
      o.by_org.map((x) => [x.org_id, x.name, x.merged_prs, x.session_acus, x.acus_per_merged_pr]),
    ],
    [
      'outcomes_by_user',
      ['user_id', 'name', 'merged_prs', 'session_acus', 'acus_per_merged_pr'],
      o.by_user.map((x) => [x.user_id, x.name, x.merged_prs, x.session_acus, x.acus_per_merged_pr]),
    ],
    ['acus_by_origin', ['origin', 'sessions', 'acus'], r.acus_by_origin.map((x) => [x.origin, x.sessions, x.acus])],
    ['acus_by_tag', ['tag', 'sessions', 'acus'], r.acus_by_tag.map((x) => [x.tag, x.sessions, x.acus])],
    ['runaway_sessions', ['session_id', 'acus', 'reason'], r.runaway_sessions.map((x) => [x.session_id, x.acus, x.reason])],
  ];
}

/** ACUs per merged PR at the API's precision (micro-ACUs); its cost is computed from the exact ratio. */
const perPr = (acus: number | null): number | null => (acus === null ? null : roundAcus(acus));
