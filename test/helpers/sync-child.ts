/**
 * Child process for the kill-mid-sync test: runs a full sync into the given cache file and, once every row of
 * the sync is written but before COMMIT, prints "WRITTEN" and blocks so the parent can SIGKILL it at exactly
 * that point. Usage: tsx test/helpers/sync-child.ts <cache-file> <api-url> <token> <from> <to>
 */
import { openCache, type Cache } from '../../src/main/services/cache';
import { DevinClient } from '../../src/main/services/devin-client';
import { createSyncEngine } from '../../src/main/services/sync';

const [file, baseUrl, token, from, to] = process.argv.slice(2) as [string, string, string, string, string];
const cache = openCache({ file });
const pausing: Cache = Object.create(cache, {
  transaction: {
    value: <T>(fn: Parameters<Cache['transaction']>[0]): T =>
      cache.transaction((w) => {
        const result = fn(w) as T;
        process.stdout.write('WRITTEN\n');
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
        return result;
      }),
  },
});
void createSyncEngine({ client: new DevinClient({ baseUrl, token }), cache: pausing }).run({
  kind: 'full',
  from,
  to,
});
