/**
 * The app's core, free of Electron: the account on screen (account/accounts.ts), syncing it, the scheduler
 * (queue poller, auto-refresh) and the IPC handler table (handlers.ts). The Electron shell and the browser test
 * harness both wrap this object, so what Playwright drives in Chromium is the same code the desktop app runs.
 *
 * Demo mode (no token) syncs from a demo API the caller injects (the built-in simulator) into its own database
 * file, through exactly the same client → sync → cache path as live data.
 */
import { EventEmitter } from 'node:events';
import type { DayString } from '../../shared/billing-day';
import type { AppStatus, CacheUpgradeProgress, QueueHealth, Settings, SyncReport } from '../../shared/dashboard';
import type { EventChannel, EventPayloads } from '../../shared/ipc/channels';
import type { InvokeHandlers } from '../../shared/ipc/schemas';
import { SYNC_CANCELLED_TEXT } from '../../shared/sync-progress-text';
import type { AppError } from '../../shared/ipc/result';
import { AccountUnknownError, createAccountManager, type AccountManager } from './account/accounts';
import type { AccountContext, StartDemoApi } from './account/account-context';
import { KEYCHAIN_ACCOUNT } from './account/paths';
import { CancelledError, toAppError, UnauthorizedError } from './api-errors';
import type { Cache } from './cache';
import { ensurePrivateDataDir } from './data-dir';
import { createHandlers } from './handlers';
import { silentLogger, type Logger } from './logger';
import { createScheduler } from './scheduler';
import { createSettingsStore } from './settings-store';
import { createOutcomesService } from './outcomes-service';
import { createRunawayAlerter } from './runaway-alerts';
import { createSpendService } from './spend';
import type { Keychain } from './token-store';

export { DEFAULT_API_BASE_URL } from './account/accounts';

export interface AppCoreOptions {
  dataDir: string;
  /** A profile's keychain entry (keytar in the app); return null where no keychain can be used. */
  keychainFor: (account: string) => Keychain | null;
  /** Base name of the keychain entries; default the app's (specs use their own). */
  keychainAccount?: string;
  /** The API demo mode syncs from (the built-in simulator); injected so services never import the simulator. */
  startDemoApi: StartDemoApi;
  env?: NodeJS.ProcessEnv;
  log?: Logger;
  now?: () => number;
  /** The HTTP stack for live API calls (the desktop app passes Electron's `net.fetch`); default Node's fetch. */
  fetch?: typeof fetch;
}

export interface AppCore {
  /** Handlers for every invoke channel except the two that need Electron (save dialog, OS browser). */
  handlers: Omit<InvokeHandlers, 'export:save-csv' | 'external:open'>;
  on<E extends EventChannel>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
  refresh(): Promise<void>;
  suspend(): void;
  resume(): void;
  getStatus(): AppStatus;
  getSettings(): Settings;
  /** Hosts of the PR URLs the API returned, for the external-link allow-list (outcomes, issue 10). */
  prHosts(): string[];
}

const UNKNOWN_QUEUE: QueueHealth = { level: 'unknown', queueSize: null, checkedAt: null, reason: 'Not checked yet' };

interface RunningSync {
  promise: Promise<SyncReport>;
  controller: AbortController;
  /** The sync engine's run once the account is verified; what closing a context must wait for. */
  writing: Promise<unknown> | null;
}

export function createAppCore(opts: AppCoreOptions): AppCore {
  const env = opts.env ?? process.env;
  const log = opts.log ?? silentLogger;
  const now = opts.now ?? Date.now;
  ensurePrivateDataDir(opts.dataDir);
  const settings = createSettingsStore({ dataDir: opts.dataDir, env, log: log.child('settings') });
  const emitter = new EventEmitter();
  const emit = <E extends EventChannel>(event: E, payload: EventPayloads[E]) => emitter.emit(event, payload);

  let running: RunningSync | null = null;
  let lastSync: SyncReport | null = null;
  let lastContactError: AppError | null = null;
  let backgroundError: AppError | null = null;
  let queue: QueueHealth = UNKNOWN_QUEUE;
  /** A full sync owed to the account on screen (a cache adopted from before profiles: make it the API's view). */
  let owedFullFrom: DayString | null = null;
  let started = false;
  /** The upgrade of the cache being opened, while one runs (said in the status, so the header shows it). */
  let cacheUpgrade: CacheUpgradeProgress | null = null;

  const accounts: AccountManager = createAccountManager({
    dataDir: opts.dataDir,
    env,
    log,
    now,
    fetch: opts.fetch,
    keychainFor: opts.keychainFor,
    keychainAccount: opts.keychainAccount ?? KEYCHAIN_ACCOUNT,
    startDemoApi: opts.startDemoApi,
    // A sync still waiting for its account to be verified is left alone: it will run on the new context.
    async beforeClose() {
      const r = running;
      if (!r?.writing) return;
      r.controller.abort();
      await r.writing.catch(() => undefined);
    },
    onCacheProgress(p) {
      cacheUpgrade = p.done < p.total ? p : null;
      emit('cache:progress', p);
    },
    onSwitched(ctx, why) {
      cacheUpgrade = null;
      queue = (ctx.cache && queueFromCache(ctx.cache)) ?? UNKNOWN_QUEUE;
      lastSync = null;
      lastContactError = null;
      backgroundError = null;
      owedFullFrom = why.adoptedLegacy ? (ctx.cache?.getSyncState().syncedFrom ?? null) : null;
      // Said first, so the window drops the previous account's figures before anything else arrives.
      emit('account:changed', accounts.account());
      emit('profiles:changed', accounts.profiles());
      emit('data:updated', { datasets: [] });
      if (started) {
        const waiting = running && running.writing === null && !running.controller.signal.aborted;
        if (!waiting) syncSoon();
        void scheduler.checkQueueNow();
      }
    },
  });

  /** Logs a background failure once (not again while it repeats) and keeps it for the status. */
  function backgroundFailed(what: string, err: unknown) {
    const error = toAppError(err);
    if (error.code === 'CANCELLED') return;
    if (backgroundError?.code !== error.code || backgroundError.message !== error.message) log.warn(`${what} failed`, { code: error.code, message: error.message });
    backgroundError = error;
  }

  function runSync(kind: 'full' | 'incremental'): Promise<SyncReport> {
    if (running) return running.promise;
    const controller = new AbortController();
    const r: RunningSync = { controller, writing: null, promise: Promise.resolve(null as never) };
    r.promise = (async () => {
      try {
        // A live account is verified (/v3/self) before anything is written into its cache.
        const c = await accounts.verified(controller.signal);
        controller.signal.throwIfAborted();
        if (!c.sync || !c.cache) throw new Error('no cache is open for this account');
        const full = owedFullFrom !== null || kind === 'full' || c.cache.getSyncState().lastFullSyncAt === null;
        const from = owedFullFrom ?? undefined;
        const run = c.sync.run({ kind: full ? 'full' : 'incremental', from, signal: controller.signal, onProgress: (p) => emit('sync:progress', p) });
        r.writing = run;
        const report = await run;
        owedFullFrom = null;
        lastSync = report;
        lastContactError = report.failed.find((f) => isContactFailure(f.error))?.error ?? null;
        backgroundError = null;
        if (report.failed.some((f) => f.error.code === 'AUTH_INVALID')) await confirmUnauthorized(c);
        emit('data:updated', { datasets: report.updated });
        // Alerts are checked in the account just synced, unless another one took its place meanwhile.
        if (accounts.current() === c) {
          emit('spend:alerts', spend.afterSync());
          const runaway = runawayAlerter.afterSync(c.cache);
          if (runaway.alerts.length > 0) emit('runaway:alerts', runaway);
        }
        return report;
      } catch (err) {
        // Whichever request noticed the cancel, the caller hears why the sync stopped.
        if (controller.signal.reason instanceof CancelledError) throw controller.signal.reason;
        const error = toAppError(err);
        if (isContactFailure(error)) lastContactError = error;
        throw err;
      } finally {
        if (running === r) running = null;
      }
    })();
    running = r;
    return r.promise;
  }

  /** Aborts the running sync: it writes nothing, so the cache keeps what it held (sync.ts, one transaction). */
  function cancelSync(): boolean {
    if (!running || running.controller.signal.aborted) return false;
    log.info('sync cancelled by the user');
    // With this reason every step that checks the signal fails as CANCELLED, which no one reports as a failure.
    running.controller.abort(new CancelledError(SYNC_CANCELLED_TEXT, { endpoint: 'sync' }));
    return true;
  }

  /** A sync after the one in flight (which may be serving an account that just went away). */
  function syncSoon() {
    const after = running?.promise.catch(() => undefined) ?? Promise.resolve();
    void after.then(() => runSync('incremental')).catch((err: unknown) => backgroundFailed('sync', err));
  }

  /** A 401 during sync removes the stored token only if a second, independent call is refused too. */
  async function confirmUnauthorized(c: AccountContext) {
    if (c.mode !== 'live' || accounts.tokenState().source !== 'keychain') return;
    try {
      await c.client.getSelf();
    } catch (err) {
      if (err instanceof UnauthorizedError) {
        log.warn('the Devin API rejected the stored token twice (401); removing it from the keychain');
        emit('token:changed', await accounts.dropRejectedToken());
      }
    }
  }

  async function checkQueue(): Promise<QueueHealth> {
    let c: AccountContext;
    try {
      c = accounts.current();
    } catch {
      return UNKNOWN_QUEUE;
    }
    try {
      const q = await c.client.getQueue();
      const checkedAt = now();
      // The reading is stored only in a verified account's cache (the queue is the enterprise's).
      if (c.cache && (c.mode === 'demo' || c.verified))
        c.cache.transaction((w) => {
          w.setQueue(q, checkedAt);
          w.markSuccess('queue', checkedAt);
        });
      lastContactError = null;
      return { level: q.status, queueSize: q.queue_size, checkedAt, reason: null };
    } catch (err) {
      const error = toAppError(err);
      if (isContactFailure(error)) lastContactError = error;
      return { level: 'unknown', queueSize: null, checkedAt: now(), reason: error.message };
    }
  }

  const scheduler = createScheduler({
    settings,
    checkQueue,
    onQueue(health) {
      const changed = health.level !== queue.level || health.queueSize !== queue.queueSize;
      queue = health;
      if (changed) emit('queue:changed', health);
    },
    refresh: () => void runSync('incremental').catch((err: unknown) => backgroundFailed('scheduled sync', err)),
  });

  function getStatus(): AppStatus {
    let datasets: AppStatus['datasets'] = [];
    try {
      datasets = accounts.current().cache?.getFreshness() ?? [];
    } catch {
      // not started
    }
    return {
      mode: accounts.mode(),
      token: accounts.tokenState(),
      account: accounts.account(),
      backgroundError,
      syncing: running !== null,
      lastSync,
      datasets,
      queue,
      online: lastContactError === null,
      cacheUpgrade,
    };
  }

  const spend = createSpendService({ cache: () => accounts.cache(), settings: () => settings.get(), now, log: log.child('spend') });
  const runawayAlerter = createRunawayAlerter({ settings: () => settings.get(), now, log: log.child('runaway') });
  const outcomes = createOutcomesService({
    cache: () => accounts.cache(),
    // The API's PR count is compared only with the cache of the account the token is verified to be.
    client: () => {
      const c = accounts.current();
      if (c.mode === 'live' && !c.verified) throw new AccountUnknownError('the account is not verified yet');
      return c.client;
    },
  });

  const handlers = createHandlers({
    accounts,
    spend,
    outcomes,
    settings,
    now,
    getStatus,
    runSync,
    cancelSync,
    emit,
    onSettingsChanged: (patch) => {
      if (patch.autoRefreshMinutes !== undefined) scheduler.reschedule();
    },
  });

  return {
    handlers,
    on(event, listener) {
      emitter.on(event, listener);
      return () => emitter.off(event, listener);
    },
    async start() {
      await accounts.start();
      started = true;
      syncSoon();
      scheduler.start();
    },
    async stop() {
      started = false;
      scheduler.stop();
      await accounts.stop();
    },
    async refresh() {
      await Promise.all([runSync('incremental').catch((err: unknown) => backgroundFailed('refresh', err)), scheduler.checkQueueNow()]);
    },
    suspend: () => scheduler.suspend(),
    resume: () => scheduler.resume(),
    getStatus,
    getSettings: () => settings.get(),
    prHosts() {
      try {
        return accounts.cache().getPrHosts();
      } catch {
        return []; // no account's cache is open: no PR host is known
      }
    },
  };
}

const isContactFailure = (e: AppError) => e.code === 'OFFLINE' || e.code === 'TIMEOUT' || e.code === 'SERVER_ERROR' || e.code === 'RATE_LIMITED';

function queueFromCache(cache: Cache): QueueHealth | null {
  const q = cache.getQueue();
  // A cached reading says what the queue was, not what it is: shown as unknown with its age as the reason.
  return q ? { level: 'unknown', queueSize: q.queueSize, checkedAt: q.checkedAt, reason: `Last known: ${q.status}` } : null;
}
