/** The cache's public contract: what the sync engine writes and what the app core and CLI read. */
import type { DayString } from '../../../shared/billing-day';
import type {
  CostData,
  DashboardData,
  UserAcus,
  DashboardQuery,
  DatasetFreshness,
  DatasetName,
  Organization,
  SessionsPage,
  SessionsPageQueryParsed,
} from '../../../shared/dashboard';
import type {
  ActiveUsersBucket,
  ApiAcuLimit,
  ApiOrganization,
  ApiServiceUser,
  ApiSession,
  ApiUser,
  ConsumptionCycle,
  QueueResponse,
} from '../../../shared/devin-api';
import type { AppError } from '../../../shared/ipc/result';
import type { SpendStore } from './spend-store';
import type { OutcomesData, OutcomesQuery } from '../../../shared/outcomes';

export interface SyncState {
  sessionsUpdatedHighWater: number | null;
  syncedFrom: DayString | null;
  syncedTo: DayString | null;
  lastFullSyncAt: number | null;
  peopleSyncedAt: number | null;
  organizationsSyncedAt: number | null;
}

export interface CachedQueue {
  queueSize: number;
  status: 'normal' | 'elevated' | 'high';
  checkedAt: number;
}

export interface ConsumptionRow {
  date: DayString;
  acus: number;
  devin: number;
  cascade: number;
  terminal: number;
  review: number;
}

export interface Cache {
  readonly file: string;
  /** Set when the file on disk could not be used and was moved aside; the cache is then empty (rebuilt by the next sync). */
  readonly recovered: { movedTo: string; reason: string } | null;
  close(): void;
  /** Runs `fn` in ONE transaction (BEGIN IMMEDIATE … COMMIT; ROLLBACK and rethrow on any throw). */
  transaction<T>(fn: (w: CacheWriter) => T): T;
  /**
   * Binds sessions into a staging table private to this connection, outside any transaction, so a sync can
   * stage pages while other requests are in flight and its one write transaction only copies them
   * (`CacheWriter.applyStagedSessions`). Readers never see staged rows.
   */
  stageSessions(rows: ApiSession[]): void;
  /** Drops staged sessions that were never applied (a failed or cancelled sync). */
  discardStagedSessions(): void;
  getDashboard(q: DashboardQuery): DashboardData;
  /** Every user with sessions in the range, most ACUs first (the dashboard names only the top ones). */
  getUserAcus(q: DashboardQuery): UserAcus[];
  getSessionsPage(q: SessionsPageQueryParsed): SessionsPage;
  getCost(q: { orgId: string | null; today: DayString }): CostData;
  /** One entry per DATASETS member, in that order. */
  getFreshness(): DatasetFreshness[];
  getQueue(): CachedQueue | null;
  getSyncState(): SyncState;
  getOrganizations(): Organization[];
  /** Increments on every committed write transaction (for renderer caching). */
  getDataVersion(): number;
  /** Spend control's reads and its alert memory. */
  readonly spend: SpendStore;
  // ---- outcomes (queries/outcomes.ts) ----
  /** `runawayListed`: how many of the largest runaway sessions to list (all by default; `runawayCount` counts all). */
  getOutcomes(q: OutcomesQuery, opts?: { runawayListed?: number }): OutcomesData;
  /** Distinct https hosts of the PR URLs the API returned (extends the external-link allow-list). */
  getPrHosts(): string[];
}

export interface CacheWriter {
  /** Replaces every row of `scope` ('enterprise' or an org_id) for the days in [window.from, window.to] with `rows`. */
  replaceConsumption(scope: string, window: { from: DayString; to: DayString }, rows: ConsumptionRow[]): void;
  /**
   * Replaces the rows of EVERY organization for the days in [window.from, window.to] with `byOrg` (the API's
   * whole answer, a full sync): an org scope missing from `byOrg` loses its rows in the window. The enterprise
   * scope is untouched.
   */
  replaceOrgConsumption(
    window: { from: DayString; to: DayString },
    byOrg: ReadonlyMap<string, ConsumptionRow[]>,
  ): void;
  /** Stages `rows` and applies everything staged. */
  upsertSessions(rows: ApiSession[]): void;
  /** Inserts or updates every staged session, then empties the stage; returns how many rows it applied. */
  applyStagedSessions(): number;
  /**
   * `applyStagedSessions` for a stage that holds the API's whole answer for the sessions created in `window`
   * (a full sync): every cached session created in the window that is not staged is deleted first.
   */
  replaceSessionsCreatedIn(window: { timeAfter: number; timeBefore: number }): number;
  replaceOrganizations(orgs: ApiOrganization[]): void;
  replacePeople(users: ApiUser[], serviceUsers: ApiServiceUser[]): void;
  replaceActiveUsers(
    kind: 'dau' | 'wau' | 'mau',
    window: { timeAfter: number; timeBefore: number },
    buckets: ActiveUsersBucket[],
  ): void;
  setQueue(q: QueueResponse, checkedAt: number): void;
  replaceCycles(cycles: ConsumptionCycle[]): void;
  replaceAcuLimits(limits: ApiAcuLimit[]): void;
  /** Replaces one user's daily consumption for the days in [window.from, window.to] with `rows`. */
  replaceUserConsumption(userId: string, window: { from: DayString; to: DayString }, rows: ConsumptionRow[]): void;
  markSuccess(dataset: DatasetName, at: number): void;
  /** Keeps the last success time and the data. */
  markFailure(dataset: DatasetName, at: number, error: AppError): void;
  setSyncState(patch: Partial<SyncState>): void;
}

/** The enterprise-wide consumption scope; every other scope is an org_id. */
export const ENTERPRISE_SCOPE = 'enterprise';
