/**
 * The sync engine: pulls every dataset from the Devin API and writes them into the cache in ONE transaction,
 * so a crash mid-sync leaves the previous data intact.
 *
 * Fan-out choices (the v3 API has no "all organizations" or "all users" consumption list):
 * - Per-organization daily consumption: one call per org (tens of orgs, cheap).
 * - Per-user ACUs: derived from the sessions' `acus_consumed` rather than one call per user (thousands of users);
 *   the session list is needed for the table anyway. A session's ACUs count on the billing day it was created.
 * - The "all organizations" total comes from the enterprise endpoint, which also counts Cascade/Terminal/Review
 *   ACUs that belong to no org; org figures are Devin ACUs only (the cache reports the difference).
 *
 * Incremental sync fetches only what can have changed: the queue, the enterprise consumption of recent days,
 * sessions updated since the last high-water mark, and the consumption of the orgs those sessions belong to.
 * A full sync makes the cache the API's view of its range: sessions created in the range and per-org consumption
 * in it that the API no longer reports are deleted, as are organizations and people (replaced wholesale).
 * A dataset that fails keeps its last good data; the others still update.
 */
import {
  addDaysTo,
  billingDayOf,
  consumptionDay,
  currentBillingDay,
  eachDay,
  rangeWindow,
  type DayString,
} from '../../shared/billing-day';
import type { DatasetName, SyncProgress, SyncReport } from '../../shared/dashboard';
import type { ApiSession, ConsumptionResponse } from '../../shared/devin-api';
import type { AppError } from '../../shared/ipc/result';
import { toAppError } from './api-errors';
import type { Cache, CacheWriter, ConsumptionRow } from './cache';
import type { DevinClient } from './devin-client';
import { silentLogger, type Logger } from './logger';
import { createRequestTally, progressFigures, startEstimate, updateEstimate, type PageInfo } from './sync-progress';

export const DEFAULT_SYNC_DAYS = 180;
const SESSION_SLICE_DAYS = 7;
/** Re-read sessions updated this long before the high-water mark: bounds may be inclusive or not, clocks drift. */
const UPDATED_OVERLAP_SECONDS = 300;
/** Slow-changing datasets are refreshed by an incremental sync only when older than this. */
const SLOW_DATASET_MAX_AGE_MS = 6 * 3600_000;
/** Days of consumption an incremental sync re-reads even with no session change (late-arriving usage). */
const RECENT_DAYS = 2;

export interface SyncEngineOptions {
  /** Bounds its own concurrent requests (DevinClientOptions.concurrency). */
  client: DevinClient;
  cache: Cache;
  now?: () => number;
  log?: Logger;
}

export interface SyncRunOptions {
  kind: 'full' | 'incremental';
  /** Inclusive billing-day range for a full sync; default the last DEFAULT_SYNC_DAYS days. */
  from?: DayString;
  to?: DayString;
  signal?: AbortSignal;
  onProgress?: (p: SyncProgress) => void;
}

/** A dataset's write, given the one instant the whole sync is recorded at. */
type Write = (w: CacheWriter, at: number) => void;

export interface SyncEngine {
  run(opts: SyncRunOptions): Promise<SyncReport>;
}

export function createSyncEngine(opts: SyncEngineOptions): SyncEngine {
  const { client, cache } = opts;
  const now = opts.now ?? Date.now;
  const log = opts.log ?? silentLogger;

  async function run(run: SyncRunOptions): Promise<SyncReport> {
    const startedAt = now();
    const requestsBefore = client.requestCount;
    const state = cache.getSyncState();
    const today = currentBillingDay(startedAt);
    const kind =
      run.kind === 'incremental' && state.sessionsUpdatedHighWater !== null && state.syncedFrom
        ? 'incremental'
        : 'full';
    const signal = run.signal;

    const writes: { name: DatasetName; write: Write }[] = [];
    const updated: DatasetName[] = [];
    const failed: { dataset: DatasetName; error: AppError }[] = [];
    const planned: DatasetName[] = [];
    let done = 0;

    // Progress in requests (services/sync-progress.ts); a `request` event only when the figures moved.
    const tally = createRequestTally();
    let estimate = startEstimate(startedAt);
    let shown = { percent: -1, etaSeconds: null as number | null, at: 0 };
    let completed = false;
    let ended = false;
    const progress = (p: Pick<SyncProgress, 'phase' | 'dataset'>) => {
      // A cancelled or failed sync says `done` at once; requests still settling after it must not revive it.
      if (!run.onProgress || ended) return;
      ended = p.phase === 'done';
      const counts = tally.counts();
      const at = now();
      estimate = updateEstimate(estimate, counts.done, at);
      const figures =
        p.phase !== 'done' ? progressFigures(counts, estimate, shown.percent)
        : completed ? { percent: 100, etaSeconds: 0 }
        : { percent: Math.max(0, shown.percent), etaSeconds: null };
      const moved = figures.percent !== shown.percent || (figures.etaSeconds !== shown.etaSeconds && at - shown.at >= 1000);
      if (p.phase === 'request' && !moved) return;
      shown = { ...figures, at };
      run.onProgress({ ...p, done, total: planned.length, ...figures });
    };
    /** A plain request of a dataset, counted when it settles. */
    const counted = <T>(name: DatasetName, request: Promise<T>): Promise<T> =>
      request.finally(() => {
        tally.request(name);
        progress({ phase: 'request' });
      });
    /** A cursor chain of a dataset, counted page by page. */
    const chain = (name: DatasetName) => {
      const page = tally.chain(name);
      return (info: PageInfo) => {
        page(info);
        progress({ phase: 'request' });
      };
    };

    /** Runs one dataset's fetch (`requests`: the plain requests it will make); on success queues its write, on
     * failure records why (its old data stays). */
    const dataset = async (name: DatasetName, requests: number, fetch: () => Promise<Write>): Promise<void> => {
      planned.push(name);
      tally.plan(name, requests);
      try {
        const write = await fetch();
        writes.push({ name, write });
        updated.push(name);
      } catch (err) {
        const error = toAppError(err);
        if (error.code === 'CANCELLED') throw err;
        log.warn(`sync: ${name} failed`, { code: error.code, message: error.message });
        failed.push({ dataset: name, error });
      } finally {
        tally.settle(name);
        done += 1;
        progress({ phase: 'dataset', dataset: name });
      }
    };

    const fresh = (at: number | null) => at !== null && startedAt - at < SLOW_DATASET_MAX_AGE_MS;
    let from: DayString;
    let to: DayString;
    if (kind === 'full') {
      to = run.to ?? today;
      from = run.from ?? addDaysTo(to, -(DEFAULT_SYNC_DAYS - 1));
    } else {
      from = state.syncedFrom ?? today;
      to = today;
    }
    const syncState: Parameters<CacheWriter['setSyncState']>[0] = {};
    progress({ phase: 'start' });
    const refreshSlow = kind === 'full' || !fresh(state.organizationsSyncedAt);

    // Requests queue in the client in the order they are asked, so what gates further work goes first: the
    // longest cursor chain (members: thousands of users), the organization list (the per-org fan-out waits on
    // it) and the session chains.
    const slowTasks = [];
    if (kind === 'full' || !fresh(state.peopleSyncedAt)) {
      slowTasks.push(
        // Cursor chains whose pages the client does not report: each list counts as one request.
        dataset('members', 2, async () => {
          const [users, serviceUsers] = await Promise.all([
            counted('members', client.listUsers(signal)),
            counted('members', client.listServiceUsers(signal)),
          ]);
          return (w, at) => {
            w.replacePeople(users, serviceUsers);
            w.setSyncState({ peopleSyncedAt: at });
          };
        }),
      );
    }
    if (refreshSlow) {
      slowTasks.push(
        dataset('cycles', 1, async () => {
          const cycles = await counted('cycles', client.listConsumptionCycles(signal));
          return (w) => w.replaceCycles(cycles);
        }),
      );
    }
    // Users with a Devin limit: from this sync's limits when it reads them, else from the cache.
    let limitedUsers = cache.spend.limits().flatMap((l) => (l.scope === 'user' && l.userId ? [l.userId] : []));
    const limitsTask = refreshSlow
      ? dataset('acu_limits', 1, async () => {
          const limits = await counted('acu_limits', client.listAcuLimits(signal));
          limitedUsers = limits.flatMap((l) => (l.scope === 'user' && l.user_id ? [l.user_id] : []));
          return (w) => w.replaceAcuLimits(limits);
        })
      : Promise.resolve();
    let orgIds: string[] = cache.getOrganizations().map((o) => o.orgId);
    const orgsTask = refreshSlow
      ? dataset('organizations', 1, async () => {
          const orgs = await counted('organizations', client.listOrganizations(signal));
          orgIds = orgs.map((o) => o.org_id);
          return (w, at) => {
            w.replaceOrganizations(orgs);
            w.setSyncState({ organizationsSyncedAt: at });
          };
        })
      : Promise.resolve();

    // Sessions: sliced by creation time for a full sync so the cursor chains run side by side; for an
    // incremental one, everything updated since the high-water mark. A full sync's answer is the API's whole
    // view of the range, so cached sessions created in it that the API no longer lists are deleted; only
    // when every slice came through (one failed slice fails the dataset, and nothing of it is written).
    let changedSessions: ApiSession[] = [];
    // Pages are staged in the cache as they arrive (binding rows while other requests are in flight), so the
    // sync's one transaction only copies them.
    cache.discardStagedSessions();
    const stage = (sessions: ApiSession[]) => {
      cache.stageSessions(sessions);
      return sessions;
    };
    const sessionsTask = dataset('sessions', 0, async () => {
      if (kind === 'full') {
        // Every slice's chain is counted up front, so the expected total does not grow as slices start.
        const slices = sliceRange(from, to, SESSION_SLICE_DAYS).map((slice) => ({ slice, onPage: chain('sessions') }));
        // Each page is staged as it arrives and only its high-water mark kept, so a sync of a million sessions
        // holds a page per slice, not the range. A full sync refreshes consumption whatever changed.
        let highWater = state.sessionsUpdatedHighWater ?? 0;
        await Promise.all(
          slices.map(({ slice, onPage }) => {
            const w = rangeWindow(slice.from, slice.to);
            // One second of overlap: whether `created_after` is inclusive is undocumented, and a session created
            // on a slice's first second that no slice returned would be deleted as no longer listed.
            return client.eachSessionsPage(
              { createdAfter: w.timeAfter - 1, createdBefore: w.timeBefore },
              (page, info) => {
                stage(page);
                for (const x of page) highWater = Math.max(highWater, x.updated_at);
                onPage(info);
              },
              signal,
            );
          }),
        );
        syncState.sessionsUpdatedHighWater = highWater || null;
        const window = rangeWindow(from, to);
        return (w) => w.replaceSessionsCreatedIn(window);
      }
      const since = Math.max(0, (state.sessionsUpdatedHighWater ?? 0) - UPDATED_OVERLAP_SECONDS);
      const sessions = stage(await client.listSessions({ updatedAfter: since }, signal, chain('sessions')));
      // The overlap re-reads sessions already cached; only those past the old mark can have changed anything.
      const previousMark = state.sessionsUpdatedHighWater ?? -1;
      changedSessions = sessions.filter((s) => s.updated_at > previousMark);
      const highWater = sessions.reduce(
        (m, s) => Math.max(m, s.updated_at),
        state.sessionsUpdatedHighWater ?? 0,
      );
      syncState.sessionsUpdatedHighWater = highWater || null;
      return (w) => w.applyStagedSessions();
    });

    // Consumption window: the whole range for a full sync; for incremental, from the earliest day a changed
    // session touches (at least the last RECENT_DAYS days before the last synced day) to today.
    const consumptionFrom = async (): Promise<DayString> => {
      if (kind === 'full') return from;
      await sessionsTask;
      const recent = addDaysTo(minDay(state.syncedTo ?? today, today), -(RECENT_DAYS - 1));
      const earliest = changedSessions.reduce<DayString>(
        (d, s) => minDay(d, billingDayOf(s.created_at)),
        recent,
      );
      return maxDay(earliest, from);
    };

    const consumptionTask = dataset('consumption', 1, async () => {
      const cFrom = await consumptionFrom();
      const res = await counted('consumption', client.getEnterpriseConsumption(rangeWindow(cFrom, to), signal));
      return (w) => w.replaceConsumption('enterprise', { from: cFrom, to }, toRows(res, cFrom, to));
    });

    // A full sync will ask every org: the cached list says how many until this sync's list arrives.
    if (kind === 'full') tally.plan('org_consumption', orgIds.length);
    const orgConsumptionTask = (async () => {
      await orgsTask;
      const cFrom = await consumptionFrom();
      const changedOrgs = new Set(changedSessions.map((s) => s.org_id));
      const targets = kind === 'full' ? orgIds : orgIds.filter((id) => changedOrgs.has(id));
      // No session changed in any org: their consumption cannot have changed either, so it is current as of now.
      await dataset('org_consumption', targets.length, async () => {
        const window = rangeWindow(cFrom, to);
        const results = await Promise.all(
          targets.map(async (orgId) => ({
            orgId,
            res: await counted('org_consumption', client.getOrgConsumption(orgId, window, signal)),
          })),
        );
        // A full sync asked every organization the sync knows: any other org's rows in the window are gone
        // from the API's view (an org removed since). An incremental one replaces only the orgs it asked.
        if (kind === 'full') {
          const byOrg = new Map(results.map(({ orgId, res }) => [orgId, toRows(res, cFrom, to)]));
          return (w) => w.replaceOrgConsumption({ from: cFrom, to }, byOrg);
        }
        return (w) => {
          for (const { orgId, res } of results)
            w.replaceConsumption(orgId, { from: cFrom, to }, toRows(res, cFrom, to));
        };
      });
    })();

    // A user limit counts that user's consumption, one call per limited user (few, unlike all users). Incremental
    // syncs re-read only users whose sessions changed, and users with a new limit and nothing cached yet.
    const userConsumptionTask = (async () => {
      await limitsTask;
      const cFrom = await consumptionFrom();
      const changedUsers = new Set(changedSessions.map((s) => s.user_id));
      const known = cache.spend.usersWithConsumption();
      const targets = [...new Set(limitedUsers)].filter((id) => kind === 'full' || changedUsers.has(id) || !known.has(id));
      if (targets.length === 0 && kind === 'incremental') return;
      await dataset('user_consumption', targets.length, async () => {
        const results = await Promise.all(
          targets.map(async (userId) => {
            const uFrom = kind === 'full' || known.has(userId) ? cFrom : from;
            const res = await counted('user_consumption', client.getUserConsumption(userId, rangeWindow(uFrom, to), signal));
            return { userId, uFrom, res };
          }),
        );
        return (w) => {
          for (const { userId, uFrom, res } of results) w.replaceUserConsumption(userId, { from: uFrom, to }, toRows(res, uFrom, to));
        };
      });
    })();

    const queueTask = dataset('queue', 1, async () => {
      const q = await counted('queue', client.getQueue(signal));
      return (w, at) => w.setQueue(q, at);
    });

    const activeUsersTask = (async () => {
      if (kind === 'incremental') {
        await sessionsTask;
        if (changedSessions.length === 0 && fresh(freshnessOf('active_users'))) return;
      }
      // WAU/MAU buckets reach back beyond a short window: an incremental sync re-reads five weeks.
      const aFrom = kind === 'full' ? from : addDaysTo(today, -35);
      await dataset('active_users', 3, async () => {
        const window = rangeWindow(aFrom, to);
        const get = (k: 'dau' | 'wau' | 'mau') => counted('active_users', client.getActiveUsers(k, window, signal));
        const [dau, wau, mau] = await Promise.all([get('dau'), get('wau'), get('mau')]);
        return (w) => {
          w.replaceActiveUsers('dau', window, dau);
          w.replaceActiveUsers('wau', window, wau);
          w.replaceActiveUsers('mau', window, mau);
        };
      });
    })();

    const tasks: Promise<unknown>[] = [
      orgsTask,
      sessionsTask,
      consumptionTask,
      orgConsumptionTask,
      queueTask,
      activeUsersTask,
      limitsTask,
      userConsumptionTask,
      ...slowTasks,
    ];

    let finishedAt: number;
    try {
      await Promise.all(tasks);
      signal?.throwIfAborted();
      finishedAt = now();
      cache.transaction((w) => {
        for (const { name, write } of writes) {
          write(w, finishedAt);
          w.markSuccess(name, finishedAt);
        }
        for (const f of failed) w.markFailure(f.dataset, finishedAt, f.error);
        // The synced range grows only when both sources of the panels' figures came through.
        if (updated.includes('sessions')) {
          w.setSyncState({
            ...syncState,
            ...(updated.includes('consumption') && {
              syncedFrom: minDay(state.syncedFrom ?? from, from),
              syncedTo: maxDay(state.syncedTo ?? to, to),
              ...(kind === 'full' && { lastFullSyncAt: finishedAt }),
            }),
          });
        }
      });
      completed = true;
    } finally {
      // Whatever was not applied (a failed slice, a cancelled or failed sync) must not leak into the next sync.
      cache.discardStagedSessions();
      // Said whichever way the sync ended, so no progress is left on screen.
      progress({ phase: 'done' });
    }
    const report: SyncReport = {
      startedAt,
      finishedAt,
      kind,
      requests: client.requestCount - requestsBefore,
      updated,
      failed,
    };
    log.info(
      `sync ${kind} ${from}..${to}: ${updated.length} updated, ${failed.length} failed, ${report.requests} requests in ${finishedAt - startedAt} ms`,
    );
    return report;

    function freshnessOf(name: DatasetName): number | null {
      return cache.getFreshness().find((f) => f.dataset === name)?.lastSuccessAt ?? null;
    }
  }

  return { run };
}

/** Consumption response → cache rows for the days inside [from, to] (bounds' inclusivity is undocumented). */
export function toRows(res: ConsumptionResponse, from: DayString, to: DayString): ConsumptionRow[] {
  const byDay = new Map<DayString, ConsumptionRow>();
  for (const d of res.consumption_by_date) {
    const date = consumptionDay(d.date);
    if (date < from || date > to) continue;
    const p = d.acus_by_product;
    byDay.set(date, {
      date,
      acus: d.acus,
      devin: p?.devin ?? 0,
      cascade: p?.cascade ?? 0,
      terminal: p?.terminal ?? 0,
      review: p?.review ?? 0,
    });
  }
  return [...byDay.values()];
}

/** Splits an inclusive day range into consecutive slices of at most `size` days. */
export function sliceRange(
  from: DayString,
  to: DayString,
  size: number,
): { from: DayString; to: DayString }[] {
  const days = eachDay(from, to);
  const slices: { from: DayString; to: DayString }[] = [];
  for (let i = 0; i < days.length; i += size)
    slices.push({ from: days[i]!, to: days[Math.min(i + size, days.length) - 1]! });
  return slices;
}

const minDay = (a: DayString, b: DayString) => (a < b ? a : b);
const maxDay = (a: DayString, b: DayString) => (a > b ? a : b);
