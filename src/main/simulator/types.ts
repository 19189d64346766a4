/** Public types of the Devin API simulator: options, generated records, and the control surface. */
import type { SessionStatus, TimeWindow } from '../../shared/devin-api';

export interface SimulatorPreset {
  orgs: number;
  users: number;
  serviceUsers: number;
  /** Billing days of history, ending with the billing day that contains `now`. */
  days: number;
  sessions: number;
}

export interface SimulatorOptions extends Partial<SimulatorPreset> {
  seed?: number;
  /** Epoch ms the data is relative to (default Date.now()). */
  now?: number;
  /** 0 picks a free port. */
  port?: number;
  latencyMs?: number;
  token?: string;
  /** Permissions the token holds (default: every permission the simulator knows). */
  permissions?: readonly string[];
  /** Largest accepted `first`. */
  pageSizeMax?: number;
  /**
   * What a consumption row's `date` is, which the docs leave open: the billing day's start, 08:00 UTC (default),
   * or Pacific midnight of its date — 07:00 UTC while daylight saving is in effect.
   */
  consumptionDateAnchor?: ConsumptionDateAnchor;
}

export type ConsumptionDateAnchor = 'billing-day-start' | 'pacific-midnight';

export interface SimOrg {
  org_id: string;
  name: string;
  created_at: number;
  updated_at: number;
  max_cycle_acu_limit: number | null;
  max_session_acu_limit: number | null;
}

export interface SimRoleAssignment {
  role: { role_id: string; role_name: string; role_type: 'enterprise' | 'org' };
  org_id: string | null;
}

export interface SimUser {
  user_id: string;
  email: string;
  name: string;
  /** Organizations the user works in; the first is their home org. */
  org_ids: string[];
  /** `direct`: only in members/users; `idp`: only in members/idp-users (access through an IdP group); `both`. */
  listing: 'direct' | 'idp' | 'both';
  role_assignments: SimRoleAssignment[];
}

export interface SimServiceUser {
  service_user_id: string;
  name: string;
  expires_at: number | null;
}

export interface SimSession {
  session_id: string;
  url: string;
  org_id: string;
  user_id: string | null;
  service_user_id: string | null;
  title: string;
  status: SessionStatus;
  status_detail: string | null;
  acus_consumed: number;
  created_at: number;
  updated_at: number;
  pull_requests: { pr_url: string; pr_state: string | null }[];
  tags: string[];
  origin: string;
  category: string;
  subcategory: string;
  playbook_id: string | null;
  parent_session_id: string | null;
  child_session_ids: string[];
  is_archived: boolean;
  structured_output: null;
}

/** ACUs of the products that belong to no organization, for one billing day. */
export interface OtherProductAcus {
  cascade: number;
  terminal: number;
  review: number;
}

export interface AcuLimit {
  cycle_acu_limit: number;
  scope: 'enterprise' | 'org' | 'user';
  org_id: string | null;
  user_id: string | null;
}

export type FaultKind = 'status' | 'malformed-json' | 'schema-drift' | 'slow' | 'reset';

export interface FaultSpec {
  /** Prefix match on the request pathname, e.g. '/v3/enterprise/sessions'. */
  path: string;
  kind: FaultKind;
  /** For `status` (default 500). */
  status?: number;
  /** Sent as `Retry-After` (seconds) with a `status` fault. */
  retryAfterSeconds?: number;
  /** For `slow` (default 10,000 ms): the delay before the normal answer. */
  delayMs?: number;
  /** How many requests the fault hits (default 1; Infinity or -1 = until cleared). */
  times?: number;
}

export interface AdvanceOptions {
  /** Sessions created during the step (default 3). */
  newSessions?: number;
  /** Running sessions whose ACUs and `updated_at` grow (default 3). */
  updateSessions?: number;
  /** How far the simulator clock moves forward (default 60 s). */
  seconds?: number;
}

export interface AdvanceResult {
  /** The simulator clock after the step, unix seconds. */
  now: number;
  created: string[];
  updated: string[];
}

/** What a session did upstream since it was generated: it worked on (more ACUs, a later `updated_at`). */
export interface SessionUpdate {
  acus_consumed?: number;
  updated_at?: number;
}

/** Records to delete upstream, as if removed in Devin. Unknown ids are ignored. */
export interface RemoveOptions {
  sessionIds?: readonly string[];
  /** Each organization goes with every session in it. */
  orgIds?: readonly string[];
  /** From the member lists only: their sessions stay, as for people who left. */
  userIds?: readonly string[];
}

/** What was actually removed. */
export interface RemoveResult {
  sessions: string[];
  orgs: string[];
  users: string[];
}

export interface SimulatorStats {
  requests: number;
  /** Requests per pathname (control routes under /__sim are not counted). */
  byPath: Record<string, number>;
}

export interface SimulatorControl {
  setLatency(ms: number): void;
  /** Queue status follows the size: ≤10 normal, 11–50 elevated, >50 high. */
  setQueueSize(size: number): void;
  /** Replace the token's permissions ('all' restores the default). */
  setPermissions(permissions: readonly string[] | 'all'): void;
  injectFault(fault: FaultSpec): void;
  clearFaults(): void;
  advance(options?: AdvanceOptions): AdvanceResult;
  remove(options: RemoveOptions): RemoveResult;
  /**
   * Edits one session as if it had worked on upstream (e.g. a runaway); false for an unknown id. The records in
   * `SimulatorData.sessions` are snapshots: this is the way to change one.
   */
  updateSession(sessionId: string, update: SessionUpdate): boolean;
  stats(): SimulatorStats;
  resetStats(): void;
}

/** What tests need to compute expected figures independently; everything is derived from the same records the API serves. */
export interface SimulatorData {
  readonly company: string;
  /** The simulator clock, unix seconds (moves only with `advance`). */
  readonly now: number;
  /** Start (unix s, 08:00 UTC) of the first generated billing day. */
  readonly firstDayStart: number;
  readonly orgs: readonly SimOrg[];
  readonly users: readonly SimUser[];
  readonly serviceUsers: readonly SimServiceUser[];
  /**
   * Every session, ascending by (created_at, session_id), as API objects built from the simulator's columnar
   * store on the first read after a change. They are snapshots: `advance`, `remove` and `updateSession` change
   * the world, and the next read shows it.
   */
  readonly sessions: readonly SimSession[];
  /** Cascade/Terminal/Review ACUs per billing-day start; they belong to no organization or user. */
  readonly otherProducts: ReadonlyMap<number, OtherProductAcus>;
  readonly acuLimits: readonly AcuLimit[];
  readonly queueSize: number;
  session(sessionId: string): SimSession | undefined;
  /** Consumption totals for the billing days whose start lies in the window (all days when omitted). */
  enterpriseAcus(window?: TimeWindow): number;
  orgAcus(orgId: string, window?: TimeWindow): number;
  userAcus(userId: string, window?: TimeWindow): number;
  otherProductAcus(window?: TimeWindow): number;
  /** Monthly contract cycles `[after, before)` the consumption/cycles endpoint serves, oldest first. */
  cycles(): { after: number; before: number }[];
}
