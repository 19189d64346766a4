/**
 * Answers remembered per connection while the cache's data version stays the same: every committed write (a
 * sync, another process's) moves the version on and forgets them. Never inside a write transaction, where rows
 * may still change or roll back under the same version. Answers are shared between callers: read-only.
 */
import type { Db } from './connection';

/** Increments on every committed write transaction. */
export function readDataVersion(db: Db): number {
  const row = db.stmt('SELECT data_version FROM sync_state WHERE id = 1').get();
  const v = row?.data_version;
  return typeof v === 'number' && Number.isInteger(v) ? v : 0;
}

/** A memo keeping the `size` answers used last per connection (least recently used dropped first). */
export function createVersionMemo<T>(size: number): (db: Db, key: string, compute: () => T) => T {
  const memos = new WeakMap<Db, { version: number; answers: Map<string, T> }>();
  return (db, key, compute) => {
    if (db.raw.isTransaction) return compute();
    const version = readDataVersion(db);
    let memo = memos.get(db);
    if (memo?.version !== version) memos.set(db, (memo = { version, answers: new Map() }));
    const known = memo.answers.get(key);
    const answer = known !== undefined ? known : compute();
    // Re-inserted on every use, so the first key is the least recently used.
    memo.answers.delete(key);
    memo.answers.set(key, answer);
    if (memo.answers.size > size) memo.answers.delete(memo.answers.keys().next().value as string);
    return answer;
  };
}
