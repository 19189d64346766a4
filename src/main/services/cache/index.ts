/** The local SQLite cache: the sync engine writes it in transactions, every view reads from it. */
export { openCache } from './open-cache';
export { openCacheOffThread } from './open-off-thread';
export { ENTERPRISE_SCOPE } from './types';
export type { Cache, CacheWriter, CachedQueue, ConsumptionRow, SyncState } from './types';
