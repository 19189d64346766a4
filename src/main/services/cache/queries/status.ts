/** Small reads: sync bookkeeping, dataset freshness, queue, organizations, cycles. */
import { z } from 'zod';
import { billingDayOf, isDayString, type DayString } from '../../../../shared/billing-day';
import {
  DATASETS,
  type DatasetFreshness,
  type DatasetName,
  type Organization,
} from '../../../../shared/dashboard';
import { queueStatusSchema } from '../../../../shared/devin-api';
import type { Logger } from '../../logger';
import type { Db } from '../connection';
import { createVersionMemo } from '../version-memo';

export { readDataVersion } from '../version-memo';
import { appErrorSchema, epochMs, epochSeconds, jsonColumn, parseRow, parseRows } from '../rows';
import type { CachedQueue, SyncState } from '../types';

const day = z.string().refine(isDayString, 'not a day (YYYY-MM-DD)');

const syncStateRow = z.object({
  sessions_updated_high_water: epochSeconds.nullable(),
  synced_from: day.nullable(),
  synced_to: day.nullable(),
  last_full_sync_at: epochMs.nullable(),
  people_synced_at: epochMs.nullable(),
  organizations_synced_at: epochMs.nullable(),
});

const EMPTY_SYNC_STATE: SyncState = {
  sessionsUpdatedHighWater: null,
  syncedFrom: null,
  syncedTo: null,
  lastFullSyncAt: null,
  peopleSyncedAt: null,
  organizationsSyncedAt: null,
};

/** An unreadable sync state reads as "never synced", which makes the next sync a full one. */
export function readSyncState(db: Db, log: Logger): SyncState {
  const raw = db
    .stmt(
      `SELECT sessions_updated_high_water, synced_from, synced_to, last_full_sync_at, people_synced_at,
              organizations_synced_at FROM sync_state WHERE id = 1`,
    )
    .get();
  const row = raw === undefined ? null : parseRow(raw, syncStateRow, 'sync_state', log);
  if (!row) return { ...EMPTY_SYNC_STATE };
  return {
    sessionsUpdatedHighWater: row.sessions_updated_high_water,
    syncedFrom: row.synced_from,
    syncedTo: row.synced_to,
    lastFullSyncAt: row.last_full_sync_at,
    peopleSyncedAt: row.people_synced_at,
    organizationsSyncedAt: row.organizations_synced_at,
  };
}


const datasetRow = z.object({
  name: z.enum(DATASETS),
  last_success_at: epochMs.nullable(),
  last_attempt_at: epochMs.nullable(),
  error: jsonColumn(appErrorSchema).nullable(),
});

export function readFreshness(db: Db, log: Logger): DatasetFreshness[] {
  const rows = parseRows(
    db.stmt('SELECT name, last_success_at, last_attempt_at, error FROM datasets').all(),
    datasetRow,
    'datasets',
    log,
  );
  const byName = new Map(rows.map((r) => [r.name, r]));
  return DATASETS.map((dataset) => {
    const r = byName.get(dataset);
    return {
      dataset,
      lastSuccessAt: r?.last_success_at ?? null,
      lastAttemptAt: r?.last_attempt_at ?? null,
      error: r?.error ?? null,
    };
  });
}

/** The oldest last success among `datasets`; null if any of them never succeeded. */
export function readAsOf(db: Db, log: Logger, datasets: readonly DatasetName[]): number | null {
  const fresh = readFreshness(db, log).filter((f) => datasets.includes(f.dataset));
  let oldest: number | null = null;
  for (const f of fresh) {
    if (f.lastSuccessAt === null) return null;
    oldest = oldest === null ? f.lastSuccessAt : Math.min(oldest, f.lastSuccessAt);
  }
  return oldest;
}

/** The datasets the dashboard and cost panels read for one scope. */
export const panelDatasets = (orgId: string | null): DatasetName[] =>
  // All organizations: the total comes from enterprise consumption, the per-org bars and split from org consumption.
  orgId === null ? ['consumption', 'org_consumption', 'sessions'] : ['org_consumption', 'sessions'];

const queueRow = z.object({
  queue_size: z.number().int().nonnegative(),
  status: queueStatusSchema,
  checked_at: epochMs,
});

export function readQueue(db: Db, log: Logger): CachedQueue | null {
  const raw = db.stmt('SELECT queue_size, status, checked_at FROM queue WHERE id = 1').get();
  const row = raw === undefined ? null : parseRow(raw, queueRow, 'queue', log);
  return row ? { queueSize: row.queue_size, status: row.status, checkedAt: row.checked_at } : null;
}

const organizationRow = z.object({
  org_id: z.string().min(1),
  name: z.string(),
  max_cycle_acu_limit: z.number().finite().nonnegative().nullable(),
});

const organizationsMemo = createVersionMemo<Organization[]>(1);

/**
 * Cached organizations by name. The cycle limit prefers the ACU-limits endpoint's org entry (the Devin
 * cloud limit) and falls back to the organization's own `max_cycle_acu_limit`. Remembered until the next write:
 * every panel names its orgs, and an enterprise may have hundreds.
 */
export function readOrganizations(db: Db, log: Logger): Organization[] {
  return organizationsMemo(db, '', () => selectOrganizations(db, log));
}

function selectOrganizations(db: Db, log: Logger): Organization[] {
  const rows = db
    .stmt(
      // One grouped pass over the limits rather than a lookup per org (acu_limits has no org index).
      `SELECT o.org_id, o.name, coalesce(l.cycle_acu_limit, o.max_cycle_acu_limit) AS max_cycle_acu_limit
       FROM organizations o
       LEFT JOIN (SELECT org_id, max(cycle_acu_limit) AS cycle_acu_limit FROM acu_limits
                  WHERE scope = 'org' GROUP BY org_id) l ON l.org_id = o.org_id
       ORDER BY o.name COLLATE NOCASE, o.org_id`,
    )
    .all();
  return parseRows(rows, organizationRow, 'organizations', log).map((r) => ({
    orgId: r.org_id,
    name: r.name,
    maxCycleAcuLimit: r.max_cycle_acu_limit,
  }));
}

/** org_id → name, for labelling per-org figures. */
export function readOrgNames(db: Db, log: Logger): Map<string, string> {
  return new Map(readOrganizations(db, log).map((o) => [o.orgId, o.name]));
}

const cycleRow = z
  .object({ after: epochSeconds, before: epochSeconds })
  .refine((c) => c.before > c.after, 'cycle ends before it starts');

/** Billing cycles newest first, as inclusive billing-day ranges. */
export function readCycles(db: Db, log: Logger): { from: DayString; to: DayString }[] {
  const rows = parseRows(
    db.stmt('SELECT after, before FROM cycles ORDER BY after DESC').all(),
    cycleRow,
    'cycles',
    log,
  );
  return rows.map((c) => ({ from: billingDayOf(c.after), to: billingDayOf(c.before - 1) }));
}
