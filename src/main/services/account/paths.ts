/** Where an account's files live: everything of one identity sits in one folder, so removing it is one delete. */
import { join } from 'node:path';

/** The keychain entry of the "default" profile's token (the single entry of releases before profiles). */
export const KEYCHAIN_ACCOUNT = 'service-user-token';

/** The identity key of a cache from before profiles existed, until /v3/self says whose it is. */
export const LEGACY_IDENTITY_KEY = 'legacy-default';

export const accountsDir = (dataDir: string) => join(dataDir, 'accounts');
export const accountDir = (dataDir: string, identityKey: string) => join(accountsDir(dataDir), identityKey);
export const accountCacheFile = (dataDir: string, identityKey: string) => join(accountDir(dataDir, identityKey), 'cache.sqlite');
export const demoCacheFile = (dataDir: string) => join(dataDir, 'demo.sqlite');
/** The single cache of releases before profiles. */
export const legacyCacheFile = (dataDir: string) => join(dataDir, 'cache.sqlite');
/** SQLite's companions of a database file. */
export const SQLITE_SUFFIXES = ['', '-wal', '-shm'] as const;
