/**
 * The app's core, free of Electron: token → mode (live or demo) → client, cache and sync; queue polling;
 * auto-refresh; and the IPC handlers. The Electron shell and the browser test harness both wrap this object,
 * so what Playwright drives in Chromium is the same code the desktop app runs.
 *
 * Demo mode (no token) runs the built-in Devin API simulator on loopback and syncs from it into its own
 * database file, through exactly the same client → sync → cache path as live data.
 */
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { currentBillingDay, rangeWindow } from '../../shared/billing-day';
import type { AppStatus, QueueHealth, Settings, SyncReport } from '../../shared/dashboard';
import type { EventChannel, EventPayloads, InvokeHandlers } from '../../shared/ipc/contract';
import type { AppError } from '../../shared/ipc/result';
import { toAppError, UnauthorizedError } from './api-errors';
import { openCache, type Cache } from './cache';
import { DevinClient } from './devin-client';
import { silentLogger, type Logger } from './logger';
import { createOutcomesService } from './outcomes-service'; // outcomes (issue 10)
import { createQueuePoller } from './queue-poller';
import { createSettingsStore } from './settings-store';
import { createSyncEngine, type SyncEngine } from './sync';
import type { TokenStore } from './token-store';
import { DEMO_PRESET, startSimulator, type Simulator } from '../simulator';

export const DEFAULT_API_BASE_URL = 'https://api.devin.ai';

export interface AppCoreOptions {
  dataDir: string;
  tokenStore: TokenStore;
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

/** Everything that belongs to one mode; replaced as a whole when the token appears or goes. */
interface Context {
  mode: 'live' | 'demo';
  cache: Cache;
  client: DevinClient;
  sync: SyncEngine;
  simulator: Simulator | null;
}

const UNKNOWN_QUEUE: QueueHealth = { level: 'unknown', queueSize: null, checkedAt: null, reason: 'Not checked yet' };

export function createAppCore(opts: AppCoreOptions): AppCore {
  const env = opts.env ?? process.env;
  const log = opts.log ?? silentLogger;
  const now = opts.now ?? Date.now;
  const tokens = opts.tokenStore;
  const liveBaseUrl = env.DEVIN_API_BASE_URL || DEFAULT_API_BASE_URL;
  mkdirSync(opts.dataDir, { recursive: true });
  const settings = createSettingsStore({ dataDir: opts.dataDir, env, log: log.child('settings') });
  const emitter = new EventEmitter();
  const emit = <E extends EventChannel>(event: E, payload: EventPayloads[E]) => emitter.emit(event, payload);

  let ctx: Context | null = null;
  let switching: Promise<void> = Promise.resolve();
  let running: { promise: Promise<SyncReport>; controller: AbortController } | null = null;
  let lastSync: SyncReport | null = null;
  let lastContactError: AppError | null = null;
  let queue: QueueHealth = UNKNOWN_QUEUE;
  let autoRefresh: NodeJS.Timeout | null = null;
  let stopped = false;

  const current = (): Context => {
    if (!ctx) throw new Error('The app core has not started');
    return ctx;
  };

  async function openContext(mode: 'live' | 'demo'): Promise<Context> {
    const simulator = mode === 'demo' ? await startSimulator({ ...DEMO_PRESET, now: now() }) : null;
    const cache = openCache({ file: join(opts.dataDir, mode === 'demo' ? 'demo.sqlite' : 'cache.sqlite'), log: log.child('cache') });
    if (cache.recovered) log.warn(`cache rebuilt: ${cache.recovered.reason} (old file kept at ${cache.recovered.movedTo})`);
    const client = new DevinClient({
      baseUrl: simulator ? simulator.url : liveBaseUrl,
      token: simulator ? simulator.token : () => tokens.token(),
      ...(simulator ? {} : { fetch: opts.fetch }),
      log: log.child('api'),
    });
    return { mode, cache, client, simulator, sync: createSyncEngine({ client, cache, now, log: log.child('sync') }) };
  }

  async function closeContext(c: Context) {
    running?.controller.abort();
    await running?.promise.catch(() => undefined);
    c.cache.close();
    await c.simulator?.close();
  }

  /** Switches to the mode the token state implies, then syncs in the background. */
  function applyMode(): Promise<void> {
    switching = switching.then(async () => {
      const mode = tokens.state().source === 'none' ? 'demo' : 'live';
      if (ctx?.mode === mode) return;
      if (ctx) await closeContext(ctx);
      ctx = await openContext(mode);
      queue = queueFromCache(ctx.cache) ?? UNKNOWN_QUEUE;
      lastSync = null;
      lastContactError = null;
      emit('data:updated', { datasets: [] });
      if (!stopped) {
        void runSync(ctx.cache.getSyncState().lastFullSyncAt === null ? 'full' : 'incremental').catch(() => undefined);
        void poller.checkNow();
      }
    });
    return switching;
  }

  function runSync(kind: 'full' | 'incremental'): Promise<SyncReport> {
    if (running) return running.promise;
    const c = current();
    const controller = new AbortController();
    const promise = c.sync
      .run({ kind, signal: controller.signal, onProgress: (p) => emit('sync:progress', p) })
      .then(async (report) => {
        lastSync = report;
        lastContactError = report.failed.find((f) => isContactFailure(f.error))?.error ?? null;
        if (report.failed.some((f) => f.error.code === 'AUTH_INVALID')) await confirmUnauthorized(c);
        emit('data:updated', { datasets: report.updated });
        return report;
      })
      .finally(() => {
        if (running?.promise === promise) running = null;
      });
    running = { promise, controller };
    return promise;
  }

  /** A 401 during sync removes the stored token only if a second, independent call is refused too. */
  async function confirmUnauthorized(c: Context) {
    if (c.mode !== 'live' || tokens.state().source !== 'keychain') return;
    try {
      await c.client.getSelf();
    } catch (err) {
      if (err instanceof UnauthorizedError) {
        log.warn('the Devin API rejected the stored token twice (401); removing it from the keychain');
        emit('token:changed', await tokens.remove());
      }
    }
  }

  const poller = createQueuePoller({
    intervalMs: () => settings.get().queuePollSeconds * 1000,
    check: async () => {
      const c = ctx;
      if (!c) return UNKNOWN_QUEUE;
      if (c.mode === 'live' && !tokens.token()) return { level: 'unknown', queueSize: null, checkedAt: now(), reason: 'No token set' };
      try {
        const q = await c.client.getQueue();
        const checkedAt = now();
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
    },
    onCheck: (health) => {
      const changed = health.level !== queue.level || health.queueSize !== queue.queueSize;
      queue = health;
      if (changed) emit('queue:changed', health);
    },
  });

  function scheduleAutoRefresh() {
    if (autoRefresh) clearInterval(autoRefresh);
    autoRefresh = null;
    const minutes = settings.get().autoRefreshMinutes;
    if (minutes > 0 && !stopped) {
      autoRefresh = setInterval(() => void runSync('incremental').catch(() => undefined), minutes * 60_000);
      autoRefresh.unref();
    }
  }

  function getStatus(): AppStatus {
    const c = ctx;
    return {
      mode: c?.mode ?? (tokens.state().source === 'none' ? 'demo' : 'live'),
      token: tokens.state(),
      syncing: running !== null,
      lastSync,
      datasets: c ? c.cache.getFreshness() : [],
      queue,
      online: lastContactError === null,
    };
  }

  // ---- outcomes (issue 10): the handler lives in outcomes-service.ts ----
  const outcomes = createOutcomesService({ cache: () => current().cache, client: () => current().client });

  const handlers: AppCore['handlers'] = {
    'app:get-status': async () => getStatus(),
    'dashboard:get': async (q) => current().cache.getDashboard(q),
    'sessions:get-page': async (q) => current().cache.getSessionsPage(q),
    'cost:get': async (q) => current().cache.getCost({ orgId: q.orgId, today: q.today ?? currentBillingDay(now()) }),
    'sync:run': async ({ full }) => runSync(full ? 'full' : 'incremental'),
    'token:save': async ({ token }) => {
      await validateToken(token);
      const state = await tokens.save(token);
      emit('token:changed', state);
      await applyMode();
      return state;
    },
    'token:remove': async () => {
      const state = await tokens.remove();
      emit('token:changed', state);
      await applyMode();
      return state;
    },
    'outcomes:get': (q) => outcomes.get(q), // outcomes (issue 10)
    'settings:get': async () => settings.get(),
    'settings:update': async (patch) => {
      const next = settings.update(patch);
      if (patch.autoRefreshMinutes !== undefined) scheduleAutoRefresh();
      return next;
    },
  };

  /** One cheap call that needs the permission the dashboard depends on most: a one-day consumption read. */
  async function validateToken(token: string) {
    const probe = new DevinClient({ baseUrl: liveBaseUrl, token, fetch: opts.fetch, retries: 1, timeoutMs: 15_000, log: log.child('api') });
    const today = currentBillingDay(now());
    await probe.getEnterpriseConsumption(rangeWindow(today, today));
  }

  return {
    handlers,
    on(event, listener) {
      emitter.on(event, listener);
      return () => emitter.off(event, listener);
    },
    async start() {
      stopped = false;
      await tokens.load();
      await applyMode();
      poller.start();
      scheduleAutoRefresh();
    },
    async stop() {
      stopped = true;
      poller.stop();
      if (autoRefresh) clearInterval(autoRefresh);
      await switching;
      if (ctx) await closeContext(ctx);
      ctx = null;
    },
    async refresh() {
      await Promise.all([runSync('incremental').catch(() => undefined), poller.checkNow()]);
    },
    suspend: () => poller.pause(),
    resume() {
      poller.resume();
      void runSync('incremental').catch(() => undefined);
    },
    getStatus,
    getSettings: () => settings.get(),
    prHosts: () => ctx?.cache.getPrHosts() ?? [], // outcomes (issue 10)
  };
}

const isContactFailure = (e: AppError) => e.code === 'OFFLINE' || e.code === 'TIMEOUT' || e.code === 'SERVER_ERROR' || e.code === 'RATE_LIMITED';

function queueFromCache(cache: Cache): QueueHealth | null {
  const q = cache.getQueue();
  // A cached reading says what the queue was, not what it is: shown as unknown with its age as the reason.
  return q ? { level: 'unknown', queueSize: q.queueSize, checkedAt: q.checkedAt, reason: `Last known: ${q.status}` } : null;
}

