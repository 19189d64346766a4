/**
 * Outcomes: what the ACUs bought (PRs, merge rate, ACUs per merged PR), where they went (origin, tag, playbook,
 * outcome) and which sessions ran away. The definitions are written out in the README ("How the numbers are
 * made"); main computes every figure, the renderer and the CLI only format them.
 */
import type { z } from 'zod';
import type { DayString } from './billing-day';
import { dashboardQuerySchema } from './dashboard';

export {
  isMergedState,
  ORIGIN_BUCKETS,
  originBucket,
  SESSION_OUTCOMES,
  type OriginBucket,
  type SessionOutcome,
} from './outcome-buckets';
import type { OriginBucket, SessionOutcome } from './outcome-buckets';

/** Top tags listed by name; the rest are summed into one `others` row. */
export const TOP_TAGS = 10;
export const OTHER_TAGS = 'others';

/** Runaway rule: at least this many times the org's trailing median session ACUs … */
export const RUNAWAY_MEDIAN_FACTOR = 3;
/** … over this many billing days ending with the range's last day … */
export const RUNAWAY_MEDIAN_DAYS = 30;
/** … or at least this share of the org's per-session ACU limit, when one is set. */
export const RUNAWAY_LIMIT_SHARE = 0.8;

export const outcomesQuerySchema = dashboardQuerySchema;
export type OutcomesQuery = z.infer<typeof outcomesQuerySchema>;

export interface OutcomeTotals {
  sessions: number;
  /** Sum of `acus_consumed` of the sessions created in the range and scope. */
  sessionAcus: number;
  /** Unique PR URLs listed by those sessions. */
  openedPrs: number;
  /** Unique merged PR URLs among them. */
  mergedPrs: number;
  /** Sessions listing at least one merged PR. */
  sessionsWithMergedPr: number;
  /** sessionAcus / mergedPrs; null when no PR merged. */
  acusPerMergedPr: number | null;
  /** mergedPrs / openedPrs; null when no PR was opened. */
  mergeRate: number | null;
}

export interface OrgOutcomes extends OutcomeTotals {
  orgId: string;
  name: string;
}

export interface UserOutcomes extends OutcomeTotals {
  /** The creator: user id, or service user id for sessions a service user created. */
  userId: string;
  name: string;
}

export interface WeeklyOutcome {
  /** First billing day of the 7-day bucket; buckets start at the range's first day, the last may be shorter. */
  weekStart: DayString;
  /** Merged PRs counted in the week of the earliest session (in scope) that lists them. */
  mergedPrs: number;
  acus: number;
}

export interface AcuSlice {
  sessions: number;
  acus: number;
}

export interface RunawaySession {
  sessionId: string;
  orgId: string;
  userId: string | null;
  title: string | null;
  status: string;
  /** Epoch ms. */
  createdAt: number;
  acus: number;
  reason: string;
}

/** A running session that crossed the runaway rule during a sync (announced once; services/runaway-alerts.ts). */
export interface RunawayAlert {
  sessionId: string;
  title: string;
  body: string;
}

/** After a sync with runaway notifications on: what crossed the rule, and what the desktop shows for it. */
export interface RunawayAlertsEvent {
  alerts: RunawayAlert[];
  notifications: { title: string; body: string }[];
}

/** `/metrics/prs` beside our own count: by PR event time there, by session creation here. */
export type PrMetricsComparison =
  | { status: 'ok'; apiMergedPrs: number; apiCreatedPrs: number; differs: boolean; reason: string | null }
  | { status: 'permission-missing'; reason: string }
  /** The API call is still on its way; ask again shortly (our own figures never wait for it). */
  | { status: 'pending'; reason: string }
  | { status: 'unavailable'; reason: string };

export interface OutcomesData {
  query: OutcomesQuery;
  totals: OutcomeTotals;
  /** The same-length period just before the range. */
  previous: OutcomeTotals;
  /** Every organization with sessions in the range; by merged PRs, then ACUs. */
  byOrg: OrgOutcomes[];
  /** Every creator with sessions in the range; by merged PRs, then ACUs. */
  byUser: UserOutcomes[];
  weekly: WeeklyOutcome[];
  /** Every bucket with sessions, by ACUs descending. */
  acusByOrigin: (AcuSlice & { origin: OriginBucket })[];
  /** Top tags by ACUs, then `others`; a session counts under each of its tags (once in `others`). */
  acusByTag: (AcuSlice & { tag: string })[];
  /** null = sessions started without a playbook. */
  acusByPlaybook: (AcuSlice & { playbookId: string | null })[];
  acusByOutcome: (AcuSlice & { outcome: SessionOutcome })[];
  /** Flagged sessions in the range and scope, by ACUs descending (`outcomes:get`: the RUNAWAY_LISTED largest). */
  runaway: RunawaySession[];
  /** How many sessions are flagged in all. */
  runawayCount: number;
  /** Distinct https hosts of the PR URLs the API returned (they extend the link allow-list). */
  prHosts: string[];
}

/** How many runaway sessions `outcomes:get` lists: the panel shows the largest few; thousands would only slow it. */
export const RUNAWAY_LISTED = 100;

/** What the `outcomes:get` channel answers: `runaway` holds the RUNAWAY_LISTED largest (the CLI report lists all). */
export interface OutcomesResult extends OutcomesData {
  prMetrics: PrMetricsComparison;
}
