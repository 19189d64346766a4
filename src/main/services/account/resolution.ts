/**
 * Which cache a token's figures live in — the rules the app's account manager and the CLI share.
 */
import { existsSync, renameSync } from 'node:fs';
import type { AccountIdentity } from '../../../shared/dashboard';
import { normalizeBaseUrl } from '../devin-client';
import type { IdentityRegistry } from './identity-registry';
import { accountDir, LEGACY_IDENTITY_KEY } from './paths';
import type { ProfileRecord, ProfileStore } from './profiles';

export interface AccountStores {
  dataDir: string;
  profiles: ProfileStore;
  registry: IdentityRegistry;
}

export interface TokenInUse {
  value: string;
  /** DEVIN_SERVICE_USER_TOKEN: its account is remembered by salted hash, not by the profile. */
  fromEnv: boolean;
}

/** The env token may name its own host; a profile's token always uses the profile's. */
export function apiBaseUrlFor(profile: ProfileRecord, token: TokenInUse | null, env: NodeJS.ProcessEnv): string {
  return (token?.fromEnv && env.DEVIN_API_BASE_URL) || profile.apiBaseUrl;
}

/**
 * The cache key known for this token without asking the API: the identity remembered for an env token (on the
 * same host), else the profile's. Null when nobody can tell — then no cache is opened rather than a wrong one.
 */
export function knownCacheKey(stores: AccountStores, profile: ProfileRecord, token: TokenInUse | null, baseUrl: string): string | null {
  if (!token?.fromEnv) return profile.identityKey;
  const known = stores.registry.forToken(token.value);
  return known && known.apiBaseUrl === safeNormalize(baseUrl) ? known.key : null;
}

/**
 * Records who /v3/self says the token is (the profile's identity, or the env token's salted hash). When the cache
 * in use is the profile's pre-profiles cache and that identity has none yet, the folder becomes the identity's:
 * `adoptedLegacy` then asks for a full sync of its whole range, which makes it exactly the API's view.
 * Call with the cache closed.
 */
export function recordIdentity(
  stores: AccountStores,
  profile: ProfileRecord,
  identity: AccountIdentity,
  token: TokenInUse | null,
  cacheKeyInUse: string | null,
): { adoptedLegacy: boolean } {
  stores.registry.remember(identity, token?.fromEnv ? token.value : undefined);
  if (!token?.fromEnv) stores.profiles.update(profile.id, { identityKey: identity.key });
  const adopt = cacheKeyInUse === LEGACY_IDENTITY_KEY && !existsSync(accountDir(stores.dataDir, identity.key));
  if (adopt) renameSync(accountDir(stores.dataDir, LEGACY_IDENTITY_KEY), accountDir(stores.dataDir, identity.key));
  return { adoptedLegacy: adopt };
}

function safeNormalize(url: string): string | null {
  try {
    return normalizeBaseUrl(url);
  } catch {
    return null;
  }
}
