/**
 * The cache side of spend control: what the limits report reads (cycles, limits, daily use per scope, sessions
 * stopped by limits) and the alert memory (each alert stored once; the UNIQUE key makes "fire once" a database
 * fact, so it holds across restarts and processes).
 */
import { z } from 'zod';
import { billingDayStart, addDaysTo, type DayString } from '../../../shared/billing-day';
import type { SpendAlert, SpendScope } from '../../../shared/spend';
import type { Logger } from '../logger';
import type { Db } from './connection';
import { readCycles } from './queries/status';
import { acus, epochMs, parseRows, VALID_CONSUMPTION, validAcus } from './rows';

export interface CachedLimit {
  scope: SpendScope;
  orgId: string | null;
  userId: string | null;
  acus: number;
}

export interface CachedOrg {
  orgId: string;
  name: string;
  /** The organization's own `max_cycle_acu_limit`. */
  maxCycleAcuLimit: number | null;
}

/** Daily use of one scope: `acus` is every product, `devin` the Devin product alone. */
export interface DailyUse {
  date: DayString;
  acus: number;
  devin: number;
}

export type UseScope = { kind: 'enterprise' } | { kind: 'org'; id: string } | { kind: 'user'; id: string };

/** An alert to remember; `recordAlerts` answers only those not stored before. */
export type AlertCandidate = Omit<SpendAlert, 'id' | 'firedAt' | 'acknowledgedAt'>;

export interface SpendStore {
  /** Contract cycles, newest first, as inclusive billing days. */
  cycles(): { from: DayString; to: DayString }[];
  limits(): CachedLimit[];
  organizations(): CachedOrg[];
  /** Display names of people by id (users and service users). */
  peopleNames(ids: readonly string[]): Map<string, string>;
  /** Rows of [from, to] that exist (not zero-filled). */
  dailyUse(scope: UseScope, from: DayString, to: DayString): DailyUse[];
  /** Users with at least one cached user_consumption row. */
  usersWithConsumption(): Set<string>;
  /** Sessions created in [from, to] that a limit stopped, per org and per user. */
  stoppedSessions(from: DayString, to: DayString, details: readonly string[]): { byOrg: Map<string, number>; byUser: Map<string, number>; total: number };
  recordAlerts(candidates: readonly AlertCandidate[], at: number): SpendAlert[];
  listAlerts(limit?: number): SpendAlert[];
  acknowledgeAlerts(ids: readonly number[], at: number): number;
}

const limitRow = z.object({
  scope: z.enum(['enterprise', 'org', 'user']),
  org_id: z.string().nullable(),
  user_id: z.string().nullable(),
  cycle_acu_limit: acus,
});

const orgRow = z.object({ org_id: z.string().min(1), name: z.string(), max_cycle_acu_limit: acus.nullable() });

const alertRow = z.object({
  id: z.number().int().positive(),
  scope: z.enum(['enterprise', 'org', 'user']),
  scope_id: z.string(),
  cycle_from: z.string(),
  kind: z.enum(['used', 'projected']),
  threshold: z.number().int(),
  name: z.string().nullable(),
  value_acus: acus,
  target_acus: acus,
  run_out_date: z.string().nullable(),
  fired_at: epochMs,
  acknowledged_at: epochMs.nullable(),
});

const ALERT_COLUMNS = `id, scope, scope_id, cycle_from, kind, threshold, name, value_acus, target_acus, run_out_date, fired_at, acknowledged_at`;

export function createSpendStore(db: Db, log: Logger): SpendStore {
  const toAlert = (r: z.output<typeof alertRow>): SpendAlert => ({
    id: r.id,
    scope: r.scope,
    scopeId: r.scope_id === '' ? null : r.scope_id,
    name: r.name,
    cycleFrom: r.cycle_from,
    kind: r.kind,
    threshold: r.threshold,
    valueAcus: r.value_acus,
    targetAcus: r.target_acus,
    runOutDate: r.run_out_date,
    firedAt: r.fired_at,
    acknowledgedAt: r.acknowledged_at,
  });

  return {
    cycles: () => readCycles(db, log),

    limits: () =>
      parseRows(db.stmt('SELECT scope, org_id, user_id, cycle_acu_limit FROM acu_limits').all(), limitRow, 'acu_limits', log).map(
        (r) => ({ scope: r.scope, orgId: r.org_id, userId: r.user_id, acus: r.cycle_acu_limit }),
      ),

    organizations: () =>
      parseRows(
        db.stmt('SELECT org_id, name, max_cycle_acu_limit FROM organizations ORDER BY name COLLATE NOCASE, org_id').all(),
        orgRow,
        'organizations',
        log,
      ).map((r) => ({ orgId: r.org_id, name: r.name, maxCycleAcuLimit: r.max_cycle_acu_limit })),

    peopleNames(ids) {
      const out = new Map<string, string>();
      const stmt = db.stmt('SELECT name FROM people WHERE id = ?');
      for (const id of ids) {
        const name = stmt.get(id)?.name;
        if (typeof name === 'string' && name !== '') out.set(id, name);
      }
      return out;
    },

    dailyUse(scope, from, to) {
      const stmt =
        scope.kind === 'user'
          ? db.stmt(
              `SELECT c.day, c.acus, c.devin FROM user_consumption c
               WHERE c.user_id = :scope AND c.day BETWEEN :from AND :to AND ${validAcus('c.acus')} AND ${validAcus('c.devin')}
               ORDER BY c.day`,
            )
          : db.stmt(
              `SELECT c.day, c.acus, c.devin FROM consumption c
               WHERE c.scope = :scope AND c.day BETWEEN :from AND :to AND ${VALID_CONSUMPTION} AND ${validAcus('c.devin')}
               ORDER BY c.day`,
            );
      const id = scope.kind === 'enterprise' ? 'enterprise' : scope.id;
      return stmt.all({ scope: id, from, to }).map((r) => ({ date: String(r.day), acus: Number(r.acus), devin: Number(r.devin) }));
    },

    usersWithConsumption: () =>
      new Set(db.stmt('SELECT DISTINCT user_id FROM user_consumption').all().map((r) => String(r.user_id))),

    stoppedSessions(from, to, details) {
      const rows = db
        .stmt(
          `SELECT s.org_id, s.user_id, count(*) AS n FROM sessions s
           WHERE s.created_at >= ? AND s.created_at < ? AND s.status_detail IN (SELECT value FROM json_each(?))
           GROUP BY s.org_id, s.user_id`,
        )
        .all(billingDayStart(from), billingDayStart(addDaysTo(to, 1)), JSON.stringify(details));
      const byOrg = new Map<string, number>();
      const byUser = new Map<string, number>();
      let total = 0;
      for (const r of rows) {
        const n = Number(r.n);
        total += n;
        byOrg.set(String(r.org_id), (byOrg.get(String(r.org_id)) ?? 0) + n);
        if (typeof r.user_id === 'string') byUser.set(r.user_id, (byUser.get(r.user_id) ?? 0) + n);
      }
      return { byOrg, byUser, total };
    },

    recordAlerts(candidates, at) {
      if (candidates.length === 0) return [];
      const insert = db.stmt(
        `INSERT INTO spend_alerts (scope, scope_id, cycle_from, kind, threshold, name, value_acus, target_acus, run_out_date, fired_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING ${ALERT_COLUMNS}`,
      );
      const fired: SpendAlert[] = [];
      const own = !db.raw.isTransaction;
      if (own) db.raw.exec('BEGIN IMMEDIATE');
      try {
        for (const c of candidates) {
          const row = insert.get(c.scope, c.scopeId ?? '', c.cycleFrom, c.kind, c.threshold, c.name, c.valueAcus, c.targetAcus, c.runOutDate, at);
          if (row) fired.push(...parseRows([row], alertRow, 'spend_alerts', log).map(toAlert));
        }
        if (own) db.raw.exec('COMMIT');
      } catch (err) {
        if (own && db.raw.isTransaction) db.raw.exec('ROLLBACK');
        throw err;
      }
      return fired;
    },

    listAlerts: (limit = 500) =>
      parseRows(db.stmt(`SELECT ${ALERT_COLUMNS} FROM spend_alerts ORDER BY fired_at DESC, id DESC LIMIT ?`).all(limit), alertRow, 'spend_alerts', log).map(toAlert),

    acknowledgeAlerts(ids, at) {
      const stmt = db.stmt('UPDATE spend_alerts SET acknowledged_at = ? WHERE id = ? AND acknowledged_at IS NULL');
      let n = 0;
      for (const id of ids) n += Number(stmt.run(at, id).changes);
      return n;
    },
  };
}
