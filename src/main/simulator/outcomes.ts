/**
 * What the simulated sessions produced and where they came from: pull requests (open / merged / closed / no
 * state, in the mixed case a live tenant may send), PRs shared by parent and child sessions and by retries,
 * origins (including `scheduled` and one the docs do not know), tags and playbooks.
 *
 * It runs after `generateWorld`, on its own seeded stream, and never touches ACUs, times, creators or statuses:
 * every consumption and member figure stays exactly what generate.ts made, and the draws of generate.ts are not
 * shifted by anything drawn here.
 */
import { DAY_SECONDS } from '../../shared/billing-day';
import { createRng, cumulative, type Rng } from './prng';
import type { SimSession } from './types';

/** An origin value outside every documented enum: clients must keep it and bucket it as "other". */
export const UNKNOWN_ORIGIN = 'zapier';

// prettier-ignore
const HUMAN_ORIGINS: readonly (readonly [string, number])[] = [
  ['webapp', 38], ['slack', 24], ['api', 8], ['jira', 8], ['linear', 6], ['teams', 4], ['scheduled', 4],
  ['automation', 2], ['cli', 2], ['desktop', 2], [UNKNOWN_ORIGIN, 2],
];

// prettier-ignore
const OUTCOME_TAGS = [
  'backend', 'frontend', 'ci', 'infra', 'urgent', 'customer', 'security', 'docs', 'tests', 'mobile', 'data',
  'migration', 'perf', 'oncall',
] as const;

// prettier-ignore
const HOSTS: readonly (readonly [(repo: string, n: number) => string, number])[] = [
  [(repo, n) => `https://github.com/acme/${repo}/pull/${n}`, 80],
  [(repo, n) => `https://gitlab.com/acme/${repo}/-/merge_requests/${n}`, 10],
  [(repo, n) => `https://bitbucket.org/acme/${repo}/pull-requests/${n}`, 4],
  [(repo, n) => `https://dev.azure.com/acme/${repo}/_git/${repo}/pullrequest/${n}`, 4],
  // A self-hosted forge: allowed only because the API returned it.
  [(repo, n) => `https://git.acme-internal.example/${repo}/pulls/${n}`, 2],
];

// prettier-ignore
const REPOS = ['web', 'api', 'mobile', 'infra', 'data-pipelines', 'design-system', 'billing', 'docs'] as const;

const ORIGIN_CUM = cumulative(HUMAN_ORIGINS.map(([, w]) => w));
const TAG_CUM = cumulative(OUTCOME_TAGS.map((_, i) => 1 / (i + 1)));
const HOST_CUM = cumulative(HOSTS.map(([, w]) => w));

/** The stream for this module: derived from the seed, independent of generate.ts's stream. */
export function outcomesRng(seed: number): Rng {
  return createRng((seed ^ 0x5eed_0c0e) >>> 0);
}

export interface OutcomeShaper {
  /** Origin, tags, playbook and PRs of one session (in place); the links come from `linkSessions`. */
  shape(s: SimSession): void;
}

export function createOutcomeShaper(rng: Rng): OutcomeShaper {
  const playbooks = Array.from({ length: 6 }, () => `playbook-${rng.hex(4)}`);
  const playbookCum = cumulative(playbooks.map((_, i) => 1 / (i + 1)));
  const next = new Map<string, number>();
  const newPrUrl = (): string => {
    const repo = rng.pick(REPOS);
    const host = HOSTS[rng.weighted(HOST_CUM)]?.[0] ?? (HOSTS[0] as (typeof HOSTS)[number])[0];
    const key = `${host.toString()}|${repo}`;
    const n = (next.get(key) ?? 100 + rng.int(0, 400)) + 1;
    next.set(key, n);
    return host(repo, n);
  };

  return {
    shape(s) {
      s.origin = s.service_user_id
        ? rng.pick(['api', 'automation', 'scheduled'])
        : (HUMAN_ORIGINS[rng.weighted(ORIGIN_CUM)]?.[0] ?? 'webapp');
      const tags = new Set<string>();
      const count = rng.chance(0.35) ? 0 : rng.chance(0.7) ? 1 : rng.chance(0.7) ? 2 : 3;
      for (let k = 0; k < count; k++) tags.add(OUTCOME_TAGS[rng.weighted(TAG_CUM)] as string);
      s.tags = [...tags];
      s.playbook_id = rng.chance(0.18) ? (playbooks[rng.weighted(playbookCum)] as string) : null;
      // PR states as generate.ts chose them (by session age), with realistic noise: the case a tenant sends
      // varies, and some PRs have no state yet (enrichment lags).
      s.pull_requests = s.pull_requests.map((pr) => ({ pr_url: newPrUrl(), pr_state: noisyState(rng, pr.pr_state) }));
    },
  };
}

function noisyState(rng: Rng, state: string | null): string | null {
  if (state === null || rng.chance(0.05)) return null;
  const r = rng.next();
  return r < 0.08 ? state.toUpperCase() : r < 0.16 ? state[0]!.toUpperCase() + state.slice(1) : state;
}

/**
 * Parent/child sessions and retries, among sessions already in created order:
 * - a finished session with a PR spawns a child (a later session of the same org and creator within two days)
 *   that lists the same PR, often with a fresher state (the parent saw it open, the child saw it merged);
 * - now and then a later session of the same creator lists an earlier session's PR again (a retry), sometimes
 *   with a stale state.
 * Links only point forward in time, so a child is never created before its parent.
 */
export function linkSessions(rng: Rng, sessions: SimSession[]): void {
  const laterByCreator = new Map<string, SimSession[]>();
  for (let i = sessions.length - 1; i >= 0; i--) {
    const s = sessions[i] as SimSession;
    const key = creatorKey(s);
    const list = laterByCreator.get(key);
    const candidates = list ?? [];
    if (s.pull_requests.length > 0 && s.child_session_ids.length === 0 && rng.chance(0.18)) {
      const child = candidates.find(
        (c) =>
          c.parent_session_id === null &&
          c.child_session_ids.length === 0 &&
          c.org_id === s.org_id &&
          c.created_at > s.created_at &&
          c.created_at - s.created_at < 2 * DAY_SECONDS,
      );
      if (child) {
        child.parent_session_id = s.session_id;
        s.child_session_ids = [child.session_id];
        const shared = s.pull_requests[0] as SimSession['pull_requests'][number];
        const childState = rng.chance(0.5) ? 'merged' : rng.chance(0.5) ? 'Merged' : shared.pr_state;
        if (shared.pr_state?.toLowerCase() !== 'merged' && rng.chance(0.6)) shared.pr_state = 'open';
        child.pull_requests = [{ pr_url: shared.pr_url, pr_state: childState }, ...child.pull_requests];
      }
    } else if (s.pull_requests.length > 0 && rng.chance(0.04)) {
      const retry = candidates.find((c) => c.created_at > s.created_at && c.pull_requests.length === 0);
      // A retry's snapshot of the PR can be stale ("open" after it merged): merged must win over later states.
      const pr = s.pull_requests[0] as SimSession['pull_requests'][number];
      if (retry) retry.pull_requests = [{ pr_url: pr.pr_url, pr_state: rng.chance(0.5) ? 'open' : pr.pr_state }];
    }
    if (list) list.unshift(s);
    else laterByCreator.set(key, [s]);
    if ((laterByCreator.get(key) as SimSession[]).length > 8) (laterByCreator.get(key) as SimSession[]).pop();
  }
}

const creatorKey = (s: SimSession): string => s.user_id ?? s.service_user_id ?? '';

/** Shapes every generated session, then links them. Deterministic for a seed and a list. */
export function shapeOutcomes(sessions: SimSession[], seed: number): OutcomeShaper {
  const rng = outcomesRng(seed);
  const shaper = createOutcomeShaper(rng);
  for (const s of sessions) shaper.shape(s);
  linkSessions(rng, sessions);
  return shaper;
}

/** One pull request as the API's PR metrics see it: its URL, its latest state, and when it was opened. */
export interface SimPr {
  pr_url: string;
  /** Lower-cased; null when no listing session reports a state. */
  state: string | null;
  /** updated_at of the earliest session listing it (unix s): the PR's event time. */
  opened_at: number;
  org_id: string;
  user_id: string | null;
  service_user_id: string | null;
  playbook_id: string | null;
}

/**
 * Every PR once, as `/metrics/prs` counts them: owned by the earliest listing session, merged when any listing
 * session says merged (any case), else the latest listing session's state.
 */
export function uniquePrs(sessions: readonly SimSession[]): SimPr[] {
  const byUrl = new Map<string, SimPr & { merged: boolean; latest: number }>();
  for (const s of sessions) {
    for (const pr of s.pull_requests) {
      const state = pr.pr_state?.toLowerCase() ?? null;
      const seen = byUrl.get(pr.pr_url);
      if (!seen) {
        byUrl.set(pr.pr_url, {
          pr_url: pr.pr_url,
          state,
          opened_at: s.updated_at,
          org_id: s.org_id,
          user_id: s.user_id,
          service_user_id: s.service_user_id,
          playbook_id: s.playbook_id,
          merged: state === 'merged',
          latest: s.created_at,
        });
        continue;
      }
      seen.merged ||= state === 'merged';
      // Sessions come in created order: a later listing with a state is the fresher word.
      if (state !== null) {
        seen.latest = s.created_at;
        seen.state = state;
      }
    }
  }
  return [...byUrl.values()].map(({ merged, latest: _latest, ...pr }) => ({ ...pr, state: merged ? 'merged' : pr.state }));
}
