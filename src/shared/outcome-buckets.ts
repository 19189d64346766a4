/** The buckets outcomes are grouped by; plain constants, shared by the query schemas and the outcome rules. */

/** A PR state counts as merged in any case ("merged", "MERGED", "Merged"); other and unknown states are kept as sent. */
export const isMergedState = (state: string | null | undefined): boolean =>
  typeof state === 'string' && state.toLowerCase() === 'merged';

/** Origins with a bucket of their own (every value the API docs have listed); anything else, and none, is "other". */
export const ORIGIN_BUCKETS = [
  'webapp',
  'slack',
  'teams',
  'api',
  'linear',
  'jira',
  'scheduled',
  'automation',
  'cli',
  'desktop',
  'other',
] as const;
export type OriginBucket = (typeof ORIGIN_BUCKETS)[number];
const NAMED_ORIGINS: ReadonlySet<string> = new Set(ORIGIN_BUCKETS);

export const originBucket = (origin: string | null | undefined): OriginBucket =>
  typeof origin === 'string' && NAMED_ORIGINS.has(origin) ? (origin as OriginBucket) : 'other';

/**
 * What a session came to, first match wins: it lists a merged PR; it lists PRs, none merged (open, closed or
 * no state yet); it ended in error (status `error`, or suspended with detail `error`); none of these.
 */
export const SESSION_OUTCOMES = ['merged_pr', 'open_pr', 'error', 'no_pr'] as const;
export type SessionOutcome = (typeof SESSION_OUTCOMES)[number];

