/**
 * The account manager: which profile is active, whose token it holds, which identity that token belongs to, and
 * the context (cache + client + sync) that serves it. Every change of account goes through one queue, opens the
 * right cache BEFORE anything is announced, and closes the old one, so one account's figures are never served
 * under another's token.
 *
 * Identity rules (issue: several accounts, never mixed):
 * - A profile token's cache is the one of the identity verified when the token was saved (or last verified).
 * - DEVIN_SERVICE_USER_TOKEN's cache is the one remembered for that token (salted hash), never "the last one".
 * - Until /v3/self confirms the identity in this run, the remembered cache is shown but never written: a sync
 *   first resolves the identity, and switches cache if the token turns out to belong to someone else.
 */
import { rmSync } from 'node:fs';
import type { AccountStatus, AppStatus, CacheUpgradeProgress, ProfileInfo, ProfilesState, TokenState } from '../../../shared/dashboard';
import { currentBillingDay, rangeWindow } from '../../../shared/billing-day';
import type { Cache } from '../cache';
import { DevinClient, normalizeBaseUrl } from '../devin-client';
import type { Logger } from '../logger';
import { createTokenStore, TokenFromEnvironmentError, type Keychain, type TokenStore } from '../token-store';
import { openDemoContext, openLiveContext, type AccountContext, type LiveContext, type StartDemoApi } from './account-context';
import { identityFromSelf } from './identity';
import { createIdentityRegistry } from './identity-registry';
import { accountCacheFile, accountDir, demoCacheFile } from './paths';
import { apiBaseUrlFor, knownCacheKey, recordIdentity, type AccountStores, type TokenInUse } from './resolution';
import { createProfileStore, keychainAccountFor, type ProfileRecord } from './profiles';

export const DEFAULT_API_BASE_URL = 'https://api.devin.ai';

/** Thrown by data handlers while the token's account cannot be told (never verified, /v3/self unreachable). */
export class AccountUnknownError extends Error {
  readonly code = 'ACCOUNT_UNKNOWN';
  override name = 'AccountUnknownError';
}

/** Thrown by data handlers while the account's cache is being opened (a large one is upgraded first). */
export class CacheOpeningError extends Error {
  readonly code = 'CACHE_ERROR';
  override name = 'CacheOpeningError';
  constructor() {
    super('The local cache is being opened (upgraded first when it comes from an older release); the figures follow when it is ready');
  }
}

export interface AccountManagerOptions {
  dataDir: string;
  env: NodeJS.ProcessEnv;
  log: Logger;
  now: () => number;
  fetch?: typeof fetch;
  /** A profile's keychain entry; null where no keychain can be used. */
  keychainFor: (account: string) => Keychain | null;
  /** Base name of the keychain entries (tests use their own). */
  keychainAccount: string;
  startDemoApi: StartDemoApi;
  /** Called before a context closes: cancel and await whatever uses it. */
  beforeClose: () => Promise<void>;
  /** Called after a new context is in place (a different account or mode), before anything else is said. */
  onSwitched: (ctx: AccountContext, why: { adoptedLegacy: boolean }) => void;
  /** How far the upgrade of a cache being opened is, while one runs. */
  onCacheProgress?: (progress: CacheUpgradeProgress) => void;
}

export interface AccountManager {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The context in use; throws before start. */
  current(): AccountContext;
  /** The cache of the account on screen; throws AccountUnknownError while the token's account cannot be told. */
  cache(): Cache;
  /** The context a sync may write: live contexts are verified first (and switched if the token is someone else's). */
  verified(signal?: AbortSignal): Promise<AccountContext>;
  tokenState(): TokenState;
  account(): AccountStatus | null;
  mode(): AppStatus['mode'];
  saveToken(token: string, apiBaseUrl?: string): Promise<TokenState>;
  removeToken(): Promise<TokenState>;
  /** After a confirmed 401: forget the stored token. */
  dropRejectedToken(): Promise<TokenState>;
  profiles(): ProfilesState;
  addProfile(input: { name: string; apiBaseUrl?: string }): ProfilesState;
  renameProfile(id: string, name: string): ProfilesState;
  removeProfile(id: string): Promise<ProfilesState>;
  switchProfile(id: string): Promise<ProfilesState>;
}

export function createAccountManager(opts: AccountManagerOptions): AccountManager {
  const { env, log } = opts;
  const defaultApiBaseUrl = env.DEVIN_API_BASE_URL || DEFAULT_API_BASE_URL;
  const profileStore = createProfileStore({ dataDir: opts.dataDir, defaultApiBaseUrl, log: log.child('profiles') });
  const registry = createIdentityRegistry({ dataDir: opts.dataDir, log: log.child('identities') });
  const stores: AccountStores = { dataDir: opts.dataDir, profiles: profileStore, registry };
  const deps = { log, now: opts.now, fetch: opts.fetch, onCacheProgress: opts.onCacheProgress };

  let ctx: AccountContext | null = null;
  /** A context is being opened (its cache may take seconds to upgrade): said instead of "not started". */
  let opening = false;
  let queue: Promise<unknown> = Promise.resolve();

  /** One account change at a time, in order. */
  function serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  }

  // One store per profile for the whole run: a token kept in memory (no keychain) survives profile switches.
  const tokenStores = new Map<string, { store: TokenStore; loaded: boolean }>();
  function tokenStoreFor(profile: ProfileRecord): TokenStore {
    let entry = tokenStores.get(profile.id);
    if (!entry) {
      const keychain = opts.keychainFor(keychainAccountFor(opts.keychainAccount, profile.id));
      entry = { store: createTokenStore({ keychain, env, log: log.child('token') }), loaded: false };
      tokenStores.set(profile.id, entry);
    }
    return entry.store;
  }
  let tokens: TokenStore = tokenStoreFor(profileStore.active());
  async function loadTokens(profile: ProfileRecord) {
    tokens = tokenStoreFor(profile);
    const entry = tokenStores.get(profile.id)!;
    if (!entry.loaded) {
      await tokens.load();
      entry.loaded = true;
    }
  }

  const isEnvToken = () => tokens.state().source === 'env';
  const tokenInUse = (): TokenInUse | null => {
    const value = tokens.token();
    return value ? { value, fromEnv: isEnvToken() } : null;
  };

  /** The context the current token state implies, opened from what is known without any network call. */
  async function openImplied(): Promise<AccountContext> {
    if (tokens.state().source === 'none')
      return openDemoContext({ ...deps, file: demoCacheFile(opts.dataDir), startDemoApi: opts.startDemoApi });
    const profile = profileStore.active();
    const baseUrl = apiBaseUrlFor(profile, tokenInUse(), env);
    return openLive(profile, baseUrl, knownCacheKey(stores, profile, tokenInUse(), baseUrl), false);
  }

  function openLive(profile: ProfileRecord, baseUrl: string, cacheKey: string | null, verified: boolean): Promise<LiveContext> {
    const identity = cacheKey ? registry.get(cacheKey) : null;
    return openLiveContext({
      ...deps,
      profileId: profile.id,
      baseUrl,
      token: () => tokens.token(),
      cacheFile: cacheKey ? accountCacheFile(opts.dataDir, cacheKey) : null,
      cacheKey,
      identity,
      verified,
      problem: cacheKey ? null : 'Cannot tell which account this token belongs to until the Devin API answers (/v3/self)',
    });
  }

  async function closeCurrent() {
    if (!ctx) return;
    await opts.beforeClose();
    await ctx.close();
    ctx = null;
  }

  async function replace(next: () => Promise<AccountContext> | AccountContext, adoptedLegacy = false) {
    await closeCurrent();
    opening = true;
    try {
      ctx = await next();
    } finally {
      opening = false;
    }
    opts.onSwitched(ctx, { adoptedLegacy });
  }

  /** Asks /v3/self who the token is; switches to that identity's cache when it is not the one open. */
  async function verify(c: LiveContext, signal?: AbortSignal): Promise<void> {
    const identity = identityFromSelf(c.baseUrl, await c.client.getSelf(signal));
    const profile = profileStore.active();
    if (c.cacheKey === identity.key) {
      recordIdentity(stores, profile, identity, tokenInUse(), c.cacheKey);
      c.identity = identity;
      c.verified = true;
      c.problem = null;
      return;
    }
    log.info(c.cacheKey ? 'the token belongs to another account than the cache on screen; switching caches' : 'account identified');
    await closeCurrent();
    const { adoptedLegacy } = recordIdentity(stores, profile, identity, tokenInUse(), c.cacheKey);
    await replace(() => openLive(profile, c.baseUrl, identity.key, true), adoptedLegacy);
  }

  /** The token is checked before it is stored: it must read consumption, and /v3/self must say whose it is. */
  async function identify(token: string, baseUrl: string) {
    const probe = new DevinClient({ baseUrl, token, fetch: opts.fetch, retries: 1, timeoutMs: 15_000, log: log.child('api') });
    const today = currentBillingDay(opts.now());
    await probe.getEnterpriseConsumption(rangeWindow(today, today));
    return identityFromSelf(baseUrl, await probe.getSelf());
  }

  function profilesState(): ProfilesState {
    const activeId = profileStore.active().id;
    const info = (p: ProfileRecord): ProfileInfo => ({
      id: p.id,
      name: p.name,
      apiBaseUrl: p.apiBaseUrl,
      identity: p.identityKey ? registry.get(p.identityKey) : null,
      active: p.id === activeId,
    });
    return { profiles: profileStore.list().map(info), activeId, envToken: isEnvToken() };
  }

  /** Deletes every file of an identity no remaining profile uses. */
  function forgetIdentityIfUnused(key: string | null) {
    if (!key || profileStore.list().some((p) => p.identityKey === key)) return;
    rmSync(accountDir(opts.dataDir, key), { recursive: true, force: true });
    registry.forget(key);
  }

  async function activate(profile: ProfileRecord) {
    await loadTokens(profile);
    await replace(openImplied);
  }

  return {
    start() {
      // From now until the first context is in place, data requests hear that the cache is being opened.
      opening = true;
      return serial(() => activate(profileStore.active()));
    },
    stop: () => serial(closeCurrent),
    current() {
      if (!ctx) throw opening ? new CacheOpeningError() : new Error('The app core has not started');
      return ctx;
    },
    cache() {
      if (!ctx) throw opening ? new CacheOpeningError() : new Error('The app core has not started');
      if (ctx.cache) return ctx.cache;
      throw new AccountUnknownError(
        ctx.mode === 'live' && ctx.problem ? ctx.problem : 'Cannot tell which account this token belongs to: connect to the Devin API once',
      );
    },
    verified: (signal) =>
      serial(async () => {
        const c = ctx;
        if (!c) throw new Error('The app core has not started');
        if (c.mode === 'live' && !c.verified) await verify(c, signal);
        return ctx!;
      }),
    tokenState: () => tokens.state(),
    mode: () => (ctx ? ctx.mode : tokens.state().source === 'none' ? 'demo' : 'live'),
    account() {
      const c = ctx;
      if (!c || c.mode !== 'live') return null;
      const profile = profileStore.get(c.profileId);
      return {
        profileId: profile.id,
        profileName: profile.name,
        identity: c.identity,
        verified: c.verified,
        problem: c.problem,
      };
    },
    saveToken: (token, apiBaseUrl) =>
      serial(async () => {
        if (isEnvToken()) throw new TokenFromEnvironmentError();
        const profile = profileStore.active();
        const baseUrl = apiBaseUrl ? normalizeBaseUrl(apiBaseUrl) : profile.apiBaseUrl;
        const identity = await identify(token, baseUrl);
        const updated = profileStore.update(profile.id, { apiBaseUrl: baseUrl, identityKey: identity.key });
        registry.remember(identity);
        const state = await tokens.save(token);
        await replace(() => openLive(updated, updated.apiBaseUrl, identity.key, true));
        return state;
      }),
    removeToken: () =>
      serial(async () => {
        const state = await tokens.remove();
        await replace(openImplied);
        return state;
      }),
    dropRejectedToken: () =>
      serial(async () => {
        if (tokens.state().source !== 'keychain') return tokens.state();
        const state = await tokens.remove();
        await replace(openImplied);
        return state;
      }),
    profiles: profilesState,
    addProfile(input) {
      profileStore.add({ name: input.name, apiBaseUrl: input.apiBaseUrl ?? defaultApiBaseUrl });
      return profilesState();
    },
    renameProfile(id, name) {
      profileStore.rename(id, name);
      return profilesState();
    },
    removeProfile: (id) =>
      serial(async () => {
        const profile = profileStore.get(id);
        const wasActive = profileStore.active().id === id;
        // Its token goes first: a profile that cannot forget its token is not removed.
        await opts.keychainFor(keychainAccountFor(opts.keychainAccount, id))?.delete();
        if (wasActive) await closeCurrent();
        profileStore.remove(id);
        tokenStores.delete(id);
        forgetIdentityIfUnused(profile.identityKey);
        if (wasActive) await activate(profileStore.active());
        return profilesState();
      }),
    switchProfile: (id) =>
      serial(async () => {
        const profile = profileStore.setActive(id);
        if (ctx?.mode === 'live' && ctx.profileId === id) return profilesState();
        await activate(profile);
        return profilesState();
      }),
  };
}

