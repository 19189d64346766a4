/**
 * What the `outcomes:get` channel answers: the cache's outcome figures, and — where the token may read
 * `/metrics/prs` — the API's merged-PR count beside ours. The API counts PRs by their own event time, we count
 * the PRs of sessions created in the range, so the two may differ; the comparison says so only past 5 %.
 * A failed or forbidden metrics call never hides our own figures.
 */
import { rangeWindow } from '../../shared/billing-day';
import { RUNAWAY_LISTED, type OutcomesQuery, type OutcomesResult, type PrMetricsComparison } from '../../shared/outcomes';
import { toAppError } from './api-errors';
import type { Cache } from './cache';
import type { DevinClient } from './devin-client';

/** Ours and the API's differ "noticeably" past this share of our own count. */
export const PR_METRICS_TOLERANCE = 0.05;
const PR_METRICS_TIMEOUT_MS = 5_000;
/**
 * How long our own figures may wait for the API's; later, the answer says `pending` and the next ask gets it. Short:
 * the panel's whole update (org or range change) has 100 ms, and the API rarely answers within it anyway.
 */
export const PR_METRICS_WAIT_MS = 40;
const PENDING: PrMetricsComparison = { status: 'pending', reason: 'Checking the API’s merged-PR count…' };

export const PR_METRICS_REASON =
  'The API counts PRs by when each PR event happened; these figures count the PRs of sessions created in the range.';

export function comparePrMetrics(ours: number, api: { prs_merged_count: number; prs_created_count: number }): PrMetricsComparison {
  const differs = Math.abs(api.prs_merged_count - ours) > PR_METRICS_TOLERANCE * ours;
  return {
    status: 'ok',
    apiMergedPrs: api.prs_merged_count,
    apiCreatedPrs: api.prs_created_count,
    differs,
    reason: differs ? PR_METRICS_REASON : null,
  };
}

export function createOutcomesService(deps: { cache: () => Cache; client: () => DevinClient }) {
  // One metrics call per account, range, scope and cache version: changing org or range back and forth stays
  // instant, and another account's answer (whose cache may be at the same version) is never reused.
  const memo = new Map<string, Promise<{ prs_merged_count: number; prs_created_count: number } | PrMetricsComparison>>();

  async function apiPrMetrics(q: OutcomesQuery, cache: Cache) {
    const key = `${cache.file}|${q.from}|${q.to}|${q.orgId ?? ''}|${cache.getDataVersion()}`;
    let pending = memo.get(key);
    if (!pending) {
      if (memo.size > 64) memo.clear();
      // `client()` may refuse (an account not verified yet): that is "unavailable" like any failed call.
      pending = Promise.resolve()
        .then(() => deps.client().getPrMetrics(rangeWindow(q.from, q.to), q.orgId, AbortSignal.timeout(PR_METRICS_TIMEOUT_MS)))
        .catch((err: unknown): PrMetricsComparison => {
          const error = toAppError(err);
          return error.code === 'PERMISSION_DENIED'
            ? { status: 'permission-missing', reason: `No API comparison: the token lacks ${error.permission ?? 'ViewAccountMetrics'}.` }
            : { status: 'unavailable', reason: `No API comparison: ${error.message}` };
        });
      memo.set(key, pending);
      // A failure is not remembered: the next request tries again.
      void pending.then((r) => {
        if ('status' in r) memo.delete(key);
      });
    }
    return pending;
  }

  return {
    async get(q: OutcomesQuery): Promise<OutcomesResult> {
      const cache = deps.cache();
      const data = cache.getOutcomes(q, { runawayListed: RUNAWAY_LISTED });
      let timer: NodeJS.Timeout | undefined;
      const waited = new Promise<typeof PENDING>((resolve) => (timer = setTimeout(resolve, PR_METRICS_WAIT_MS, PENDING)));
      const api = await Promise.race([apiPrMetrics(q, cache), waited]).finally(() => clearTimeout(timer));
      return {
        ...data,
        prMetrics: 'status' in api ? api : comparePrMetrics(data.totals.mergedPrs, api),
      };
    },
  };
}

export type OutcomesService = ReturnType<typeof createOutcomesService>;
