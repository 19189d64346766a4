/**
 * Worker-thread entry (bundled as out/main/cache-open-worker.js; no electron): opens the cache file given in
 * `workerData` exactly as the main thread would (checks, migrations, repair of the totals), posting progress and
 * log lines, then closes it. The main thread then opens the same file with nothing left to do.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Logger, LogLevel } from '../logger';
import { openCache } from './open-cache';
import type { OpenWorkerMessage } from './open-off-thread';

const port = parentPort;
if (!port) throw new Error('open-worker runs only as a worker thread');
// eslint-disable-next-line no-restricted-syntax -- the port to the parent thread, not a renderer's event
const post = (message: OpenWorkerMessage) => port.postMessage(message);

const logger = (scope: string): Logger => {
  const at = (level: LogLevel) => (message: string, fields?: Record<string, unknown>) => post({ type: 'log', level, scope, message, fields });
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: (sub) => logger(scope ? `${scope}:${sub}` : sub) };
};

const { file } = workerData as { file: string };
const cache = openCache({ file, log: logger(''), onProgress: (progress) => post({ type: 'progress', progress }) });
const recovered = cache.recovered;
cache.close();
post({ type: 'done', recovered });
