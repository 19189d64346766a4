/**
 * Everything that belongs to the account on screen: its cache, an API client with its token, and a sync engine.
 * Replaced as a whole when the account changes, so nothing of one account can serve another's request.
 * Demo mode is a context too: the built-in API (injected by the caller) behind the same client → sync → cache path.
 */
import type { AccountIdentity, CacheUpgradeProgress } from '../../../shared/dashboard';
import { openCacheOffThread, type Cache } from '../cache';
import { DevinClient } from '../devin-client';
import type { Logger } from '../logger';
import { createSyncEngine, type SyncEngine } from '../sync';

/** The demo API the app runs with no token (the simulator in the app; anything that speaks Devin v3 in tests). */
export interface DemoApi {
  url: string;
  token: string;
  close(): Promise<void>;
}
export type StartDemoApi = (nowMs: number) => Promise<DemoApi>;

interface BaseContext {
  client: DevinClient;
  /** Null while the account is unknown: no cache is opened rather than a wrong one. */
  cache: Cache | null;
  sync: SyncEngine | null;
  close(): Promise<void>;
}

export interface DemoContext extends BaseContext {
  mode: 'demo';
  cache: Cache;
  sync: SyncEngine;
}

export interface LiveContext extends BaseContext {
  mode: 'live';
  profileId: string;
  baseUrl: string;
  /** The cache's identity key (a verified identity's, or the legacy cache's until /v3/self answers). */
  cacheKey: string | null;
  /** Confirmed by /v3/self in this run; only then may a sync write the cache. */
  identity: AccountIdentity | null;
  verified: boolean;
  problem: string | null;
}

export type AccountContext = DemoContext | LiveContext;

export interface ContextDeps {
  log: Logger;
  now: () => number;
  fetch?: typeof fetch;
  /** How far the upgrade of a cache being opened is (a large one is upgraded off the event loop). */
  onCacheProgress?: (progress: CacheUpgradeProgress) => void;
}

async function openCacheLogged(file: string, deps: ContextDeps): Promise<Cache> {
  const { log } = deps;
  const cache = await openCacheOffThread({ file, log: log.child('cache'), onProgress: deps.onCacheProgress });
  if (cache.recovered) log.warn(`cache rebuilt: ${cache.recovered.reason} (old file kept at ${cache.recovered.movedTo})`);
  return cache;
}

export async function openDemoContext(deps: ContextDeps & { file: string; startDemoApi: StartDemoApi }): Promise<DemoContext> {
  const demo = await deps.startDemoApi(deps.now());
  const cache = await openCacheLogged(deps.file, deps);
  const client = new DevinClient({ baseUrl: demo.url, token: demo.token, log: deps.log.child('api') });
  return {
    mode: 'demo',
    cache,
    client,
    sync: createSyncEngine({ client, cache, now: deps.now, log: deps.log.child('sync') }),
    async close() {
      cache.close();
      await demo.close();
    },
  };
}

export async function openLiveContext(
  deps: ContextDeps & {
    profileId: string;
    baseUrl: string;
    token: () => string | null;
    /** The cache to open, or null when the account is not known yet. */
    cacheFile: string | null;
    cacheKey: string | null;
    identity: AccountIdentity | null;
    verified: boolean;
    problem: string | null;
  },
): Promise<LiveContext> {
  const client = new DevinClient({ baseUrl: deps.baseUrl, token: deps.token, fetch: deps.fetch, log: deps.log.child('api') });
  const cache = deps.cacheFile ? await openCacheLogged(deps.cacheFile, deps) : null;
  return {
    mode: 'live',
    profileId: deps.profileId,
    baseUrl: deps.baseUrl,
    cacheKey: deps.cacheKey,
    identity: deps.identity,
    verified: deps.verified,
    problem: deps.problem,
    client,
    cache,
    sync: cache ? createSyncEngine({ client, cache, now: deps.now, log: deps.log.child('sync') }) : null,
    async close() {
      cache?.close();
    },
  };
}
