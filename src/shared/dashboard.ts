/**
 * The dashboard's domain: what the renderer asks for and what main answers. Argument schemas are zod
 * (validated at the IPC boundary); answers are plain types produced by main.
 */
import { z } from 'zod';
import { isDayString, daysInRange, MAX_RANGE_DAYS, type DayString } from './billing-day';
import type { AppError } from './ipc/result';
import { ORIGIN_BUCKETS, SESSION_OUTCOMES } from './outcome-buckets';

export { MAX_RANGE_DAYS };
/** Days the app can name: date arithmetic past year 9999 (or before year 0) has no YYYY-MM-DD form. */
export const MIN_DAY = '2000-01-01';
export const MAX_DAY = '2100-12-31';

export const dayStringSchema = z
  .string()
  .refine(isDayString, { message: 'must be a date as YYYY-MM-DD', abort: true })
  .refine((d) => d >= MIN_DAY && d <= MAX_DAY, { message: `must be between ${MIN_DAY} and ${MAX_DAY}`, abort: true });
export const orgIdSchema = z.string().min(1).max(128).regex(/^[\w.:-]+$/, 'must be an organization id');

/** The limits every range query shares: `from` not after `to`, at most MAX_RANGE_DAYS days. */
function rangeLimited<T extends z.ZodType<{ from: DayString; to: DayString }>>(schema: T): T {
  return schema
    .refine((r) => r.from <= r.to, { message: '`from` must not be after `to`', abort: true })
    .refine((r) => daysInRange(r.from, r.to) <= MAX_RANGE_DAYS, { message: `a range may span at most ${MAX_RANGE_DAYS} days` });
}

export const dashboardQuerySchema = rangeLimited(
  z.object({ from: dayStringSchema, to: dayStringSchema, orgId: orgIdSchema.nullable() }).strict(),
);
export type DashboardQuery = z.infer<typeof dashboardQuerySchema>;

/** Datasets the sync keeps; each has its own freshness so a view can say exactly what is stale. */
export const DATASETS = [
  'consumption',
  'org_consumption',
  'sessions',
  'organizations',
  'members',
  'active_users',
  'queue',
  'cycles',
  'acu_limits',
  'user_consumption',
] as const;
export type DatasetName = (typeof DATASETS)[number];

export interface DatasetFreshness {
  dataset: DatasetName;
  /** Epoch ms of the last successful sync of this dataset; null if never synced. */
  lastSuccessAt: number | null;
  lastAttemptAt: number | null;
  /** Why the last attempt failed; null when it succeeded. */
  error: AppError | null;
}

export interface DailyPoint {
  date: DayString;
  acus: number;
}

export interface OrgSeries {
  orgId: string;
  name: string;
  /** One point per billing day of the range, zero-filled (the days of `acusByDay`). */
  points: DailyPoint[];
}

/** How many users the dashboard answer names (the users chart's bars); the rest are summed. */
export const TOP_USERS = 15;
/** How many organizations the daily chart splits out; the rest share one series. */
export const SPLIT_ORGS = 10;
/** The `orgId` of the daily series that sums the organizations past the `SPLIT_ORGS` largest. */
export const OTHER_ORGS_ID = '__other_orgs__';

export interface UserAcus {
  userId: string;
  name: string;
  acus: number;
  sessions: number;
}

export interface OrgAcus {
  orgId: string;
  name: string;
  acus: number;
}

export interface ActiveUsers {
  /** Mean daily active users over the range. */
  dau: number | null;
  /** Mean weekly active users over the UTC weeks overlapping the range. */
  wau: number | null;
  /** Active users of the latest UTC month overlapping the range. */
  mau: number | null;
  /** `metrics`: Devin's DAU/WAU/MAU endpoints (enterprise-wide); `sessions`: users who created sessions (one org). */
  source: 'metrics' | 'sessions';
}

export interface PeriodTotals {
  sessions: number;
  acus: number;
  activeUsers: ActiveUsers;
}

export interface Organization {
  orgId: string;
  name: string;
  maxCycleAcuLimit: number | null;
}

export interface DashboardData {
  query: DashboardQuery;
  /** Epoch ms of the oldest last-successful sync among the datasets these panels use; null if never synced. */
  asOf: number | null;
  totals: PeriodTotals;
  /** The same-length period just before the range, for the cards' change figures. */
  previous: PeriodTotals;
  /** One point per billing day of the range, zero-filled. */
  acusByDay: DailyPoint[];
  /**
   * Per-organization daily series (Devin ACUs only): the `SPLIT_ORGS` largest in the range, then one series
   * (`OTHER_ORGS_ID`) summing every other org when there are more; empty when one organization is selected.
   */
  acusByDayByOrg: OrgSeries[];
  /**
   * The `TOP_USERS` users with the most ACUs in the range, descending (ties by id); from the sessions'
   * `acus_consumed`. `otherUsers` sums the rest; `dashboard:users` lists everyone.
   */
  acusByUser: UserAcus[];
  /** The users past `acusByUser`, summed (zeros when there are none). */
  otherUsers: { users: number; acus: number; sessions: number };
  /** Every organization with ACUs in the range, descending (Devin ACUs only). */
  acusByOrg: OrgAcus[];
  /**
   * ACUs of the enterprise total that belong to no organization (Cascade, Terminal, Review).
   * Non-zero only for "all organizations"; the UI says why org figures do not add up to the total.
   */
  unattributedAcus: number;
  organizations: Organization[];
  /** Billing cycles known to the cache, newest first (for the date presets). */
  cycles: { from: DayString; to: DayString }[];
}

export const SESSION_SORT_COLUMNS = ['created_at', 'acus', 'duration', 'title', 'user', 'org', 'status'] as const;
export type SessionSortColumn = (typeof SESSION_SORT_COLUMNS)[number];

export const sessionsPageQuerySchema = rangeLimited(
  z.object({
    from: dayStringSchema,
    to: dayStringSchema,
    orgId: orgIdSchema.nullable(),
    userId: z.string().min(1).max(128).nullable().default(null),
    status: z.string().min(1).max(32).nullable().default(null),
    /** Only sessions a limit stopped (`status_detail` in spend.ts LIMIT_STOP_DETAILS). */
    stoppedByLimit: z.boolean().optional(),
    sort: z.enum(SESSION_SORT_COLUMNS).default('created_at'),
    direction: z.enum(['asc', 'desc']).default('desc'),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(500).default(100),
    // ---- outcomes (issue 10): origin bucket, tag and outcome filters ----
    origin: z.enum(ORIGIN_BUCKETS).nullish(),
    tag: z.string().min(1).max(128).nullish(),
    outcome: z.enum(SESSION_OUTCOMES).nullish(),
  })
  .strict(),
);
export type SessionsPageQuery = z.input<typeof sessionsPageQuerySchema>;
export type SessionsPageQueryParsed = z.output<typeof sessionsPageQuerySchema>;

export interface SessionRow {
  sessionId: string;
  title: string | null;
  userId: string | null;
  userName: string | null;
  orgId: string;
  orgName: string | null;
  status: string;
  /** Epoch ms, like every time in this contract (the API's seconds are converted in main). */
  createdAt: number;
  updatedAt: number;
  durationSeconds: number;
  acus: number;
  url: string;
  // ---- outcomes (issue 10) ----
  /** As the API sent it (unknown values kept); null when the API gave none. */
  origin: string | null;
  tags: string[];
  /** The PRs this session lists, with the state it reports (as sent; null = no state). */
  prs: { url: string; state: string | null }[];
}

export interface SessionsPage {
  total: number;
  offset: number;
  rows: SessionRow[];
  /** Distinct statuses in the range, for the filter menu. */
  statuses: string[];
}

export const costQuerySchema = z.object({ orgId: orgIdSchema.nullable(), today: dayStringSchema.optional() }).strict();

export interface CostData {
  orgId: string | null;
  /** Calendar months of billing days, oldest first, up to 6; per organization (Devin ACUs). */
  monthlyByOrg: { month: string; orgId: string; name: string; acus: number }[];
  /** The last 30 billing days, zero-filled. */
  last30Days: DailyPoint[];
  monthToDate: { month: string; acus: number; daysElapsed: number; daysInMonth: number };
  asOf: number | null;
}

export type QueueLevel = 'normal' | 'elevated' | 'high' | 'unknown';

export interface QueueHealth {
  level: QueueLevel;
  queueSize: number | null;
  /** Epoch ms of the last check (successful or not). */
  checkedAt: number | null;
  /** Why the level is unknown (no token, offline, error). */
  reason: string | null;
}

export type TokenSource = 'keychain' | 'env' | 'memory' | 'none';

export interface TokenState {
  source: TokenSource;
  /** Whether the OS keychain can be used; when false, `keychainMessage` says why and how to fix it. */
  keychainAvailable: boolean;
  keychainMessage: string | null;
}

export interface SyncProgress {
  phase: 'start' | 'dataset' | 'request' | 'done';
  /** The dataset that just finished (phase `dataset`). */
  dataset?: DatasetName;
  /** Datasets finished of those planned so far. */
  done: number;
  total: number;
  /** Requests made of those expected (cursor pages are estimated as they arrive), 0–100; 100 only when done. */
  percent: number;
  /** Remaining time at the smoothed request rate; null until the rate is known. */
  etaSeconds: number | null;
}

/**
 * Work done on a cache before it opens: a migration to this release's schema, or totals rebuilt from their rows
 * because they disagreed (an interrupted upgrade, a hand edit). Seconds on a million sessions, hence the progress.
 */
export interface CacheUpgradeProgress {
  step: 'migrate' | 'rebuild';
  /** The file's schema version and the one it is brought to (equal for a rebuild). */
  from: number;
  to: number;
  /** Units of work done of all (for a migration, each pending version an equal share); `done === total` when finished. */
  done: number;
  total: number;
}

export interface SyncReport {
  startedAt: number;
  finishedAt: number;
  kind: 'full' | 'incremental';
  requests: number;
  /** Datasets that updated, and those that failed with why (their last good data stays). */
  updated: DatasetName[];
  failed: { dataset: DatasetName; error: AppError }[];
}

/** The principal a token belongs to (`GET /v3/self`) on one API host: what a cache belongs to. Never the token. */
export interface AccountIdentity {
  /** Stable key derived from host + principal; names the cache folder. */
  key: string;
  apiBaseUrl: string;
  principalType: string;
  principalId: string;
  principalName: string | null;
  orgId: string | null;
}

export const PROFILE_NAME_MAX = 64;
export const profileNameSchema = z
  .string()
  .trim()
  .min(1, 'a profile needs a name')
  .max(PROFILE_NAME_MAX, `a profile name has at most ${PROFILE_NAME_MAX} characters`)
  .refine((s) => ![...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f), {
    message: 'a profile name cannot contain control characters',
  });
export const profileIdSchema = z.string().regex(/^[a-z0-9-]{1,40}$/, 'must be a profile id');
/** Checked in main by the API client's own rule (https, or http on loopback only). */
export const apiBaseUrlSchema = z.string().trim().min(1).max(512);

/** A named account: its token lives in the keychain under the profile's own entry. */
export interface ProfileInfo {
  id: string;
  name: string;
  apiBaseUrl: string;
  /** The identity last verified for this profile's token; null until one is. */
  identity: AccountIdentity | null;
  active: boolean;
}

export interface ProfilesState {
  profiles: ProfileInfo[];
  activeId: string;
  /** Set when DEVIN_SERVICE_USER_TOKEN is in use: the account follows that token, not the profile's. */
  envToken: boolean;
}

/** Which account the figures on screen belong to. */
export interface AccountStatus {
  profileId: string;
  profileName: string;
  /** Null while the token's account is not known (never verified and /v3/self unreachable). */
  identity: AccountIdentity | null;
  /** Whether /v3/self confirmed the identity in this run; until then the remembered cache is shown read-only. */
  verified: boolean;
  /** Why the account could not be told, when it could not. */
  problem: string | null;
}

export interface AppStatus {
  mode: 'live' | 'demo';
  token: TokenState;
  /** Null in demo mode. */
  account: AccountStatus | null;
  /** The last background failure (a sync, queue check or scheduled refresh that failed), logged once. */
  backgroundError: AppError | null;
  syncing: boolean;
  lastSync: SyncReport | null;
  datasets: DatasetFreshness[];
  queue: QueueHealth;
  /** Whether the last attempt to reach the API got an answer. */
  online: boolean;
  /** The upgrade of the cache being opened, while one runs (its figures come when it is done); else null. */
  cacheUpgrade: CacheUpgradeProgress | null;
}

// ---- spend control settings (issue 9) ----------------------------------------------------------------
export const DEFAULT_ALERT_THRESHOLDS: readonly number[] = [50, 80, 100];
export const MAX_BUDGET = 1_000_000_000;

// zod's number already refuses NaN and ±Infinity; the message says so.
const amountSchema = z
  .number({ error: 'must be a finite number' })
  .refine((n) => n > 0, { message: 'must be more than 0', abort: true })
  .refine((n) => n <= MAX_BUDGET, { message: `must be at most ${MAX_BUDGET.toLocaleString('en-US')}` });

export const budgetSchema = z
  .object({
    scope: z.enum(['enterprise', 'org']),
    /** null for the enterprise, the org id for an organization. */
    id: orgIdSchema.nullable(),
    amount: amountSchema,
    unit: z.enum(['usd', 'acus']),
  })
  .strict()
  .refine((b) => (b.scope === 'enterprise') === (b.id === null), {
    message: 'an enterprise budget has no id; an organization budget needs the org id',
  });
export type Budget = z.infer<typeof budgetSchema>;

export const budgetsSchema = z
  .array(budgetSchema)
  .max(1000)
  .refine((list) => new Set(list.map((b) => `${b.scope}:${b.id ?? ''}`)).size === list.length, {
    message: 'one budget per scope',
  });

export const alertThresholdsSchema = z
  .array(z.number().int('must be whole percents').min(1, 'must be at least 1 %').max(1000, 'must be at most 1000 %'))
  .min(1, 'needs at least one threshold')
  .max(10, 'at most 10 thresholds')
  .transform((list) => [...new Set(list)].sort((a, b) => a - b));

// ---- end spend control settings -----------------------------------------------------------------------

export const settingsSchema = z
  .object({
    acuRateUsd: z.number().finite().min(0).max(1000).nullable(),
    autoRefreshMinutes: z.number().int().min(0).max(24 * 60),
    queuePollSeconds: z.number().int().min(30).max(3600),
    notifications: z.enum(['all', 'elevated-high', 'off']),
    /** Notify when a running session crosses the runaway rule during a sync (outcomes); off by default. */
    runawayNotifications: z.boolean(),
    launchAtLogin: z.boolean(),
    /** Local budgets per billing cycle (spend control). */
    budgets: budgetsSchema,
    /** Percent of a limit/budget at which an alert fires, once per scope and cycle. */
    alertThresholds: alertThresholdsSchema,
  })
  .strict();
export type Settings = z.infer<typeof settingsSchema>;
export const settingsPatchSchema = settingsSchema.partial().strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export const DEFAULT_SETTINGS: Settings = {
  acuRateUsd: null,
  autoRefreshMinutes: 15,
  queuePollSeconds: 60,
  notifications: 'all',
  runawayNotifications: false,
  launchAtLogin: false,
  budgets: [],
  alertThresholds: [...DEFAULT_ALERT_THRESHOLDS],
};
