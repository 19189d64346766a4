/**
 * What the simulated sessions produced and where they came from: pull requests (open / merged / closed / no
 * state, in the mixed case a live tenant may send), PRs shared by parent and child sessions and by retries,
 * origins (including `scheduled` and one the docs do not know), tags and playbooks.
 *
 * It runs at the end of `generateWorld` (and on every session `advance` creates), on its own seeded stream, and
 * never touches ACUs, times, creators or statuses:
 * every consumption and member figure stays exactly what generate.ts made, and the draws of generate.ts are not
 * shifted by anything drawn here.
 */
import { DAY_SECONDS } from '../../shared/billing-day';
import { createRng, cumulative, type Rng } from './prng';
import {
  HAS_CHILD,
  HAS_PARENT,
  Interned,
  MERGED,
  PR_SLOTS,
  PR_STATE_LOWER,
  PR_STATES,
  type SessionStore,
  type StoreNames,
} from './store';
import type { SimOrg, SimServiceUser, SimUser } from './types';

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

/** The store's string tables: ids from the generated lists, interned values, and how a PR url is spelled. */
export function outcomeNames(orgs: SimOrg[], users: SimUser[], serviceUsers: SimServiceUser[]): StoreNames {
  return {
    orgIds: orgs.map((o) => o.org_id),
    userIds: users.map((u) => u.user_id),
    serviceUserIds: serviceUsers.map((s) => s.service_user_id),
    origins: new Interned(),
    tags: OUTCOME_TAGS,
    playbooks: new Interned(),
    prUrl: (site, n) => {
      const host = HOSTS[Math.floor(site / REPOS.length)]?.[0] ?? (HOSTS[0] as (typeof HOSTS)[number])[0];
      return host(REPOS[site % REPOS.length] as string, n);
    },
  };
}

export interface OutcomeShaper {
  /** Origin, tags, playbook and PRs of one session (in place); the links come from `linkSessions`. */
  shape(i: number): void;
}

export function createOutcomeShaper(rng: Rng, store: SessionStore): OutcomeShaper {
  const { names } = store;
  const playbooks = Array.from({ length: 6 }, () => names.playbooks.id(`playbook-${rng.hex(4)}`));
  const playbookCum = cumulative(playbooks.map((_, i) => 1 / (i + 1)));
  const humanOrigins = HUMAN_ORIGINS.map(([origin]) => names.origins.id(origin));
  const botOrigins = ['api', 'automation', 'scheduled'].map((origin) => names.origins.id(origin));
  // Each (host, repository) site numbers its PRs on from a random start (−1: no PR there yet).
  const next = new Array<number>(HOSTS.length * REPOS.length).fill(-1);
  const newPrUrl = (slot: number): void => {
    const repo = rng.int(0, REPOS.length - 1);
    const site = rng.weighted(HOST_CUM) * REPOS.length + repo;
    const n = (next[site]! >= 0 ? next[site]! : 100 + rng.int(0, 400)) + 1;
    next[site] = n;
    store.c.prSite[slot] = site;
    store.c.prNumber[slot] = n;
  };

  return {
    shape(i) {
      const c = store.c;
      c.origin[i] = c.serviceUser[i]! >= 0 ? rng.pick(botOrigins) : humanOrigins[rng.weighted(ORIGIN_CUM)]!;
      const count = rng.chance(0.35) ? 0 : rng.chance(0.7) ? 1 : rng.chance(0.7) ? 2 : 3;
      // Distinct tags in the order drawn, packed four bits each (store.ts).
      let tags = 0;
      let distinct = 0;
      for (let k = 0; k < count; k++) {
        const tag = rng.weighted(TAG_CUM);
        let seen = false;
        for (let j = 0; j < distinct; j++) seen ||= ((tags >> (4 * j)) & 15) === tag;
        if (!seen) tags |= tag << (4 * distinct++);
      }
      c.tags[i] = tags | (distinct << 12);
      c.playbook[i] = rng.chance(0.18) ? playbooks[rng.weighted(playbookCum)]! : 0;
      // PR states as generate.ts chose them (by session age), with realistic noise: the case a tenant sends
      // varies, and some PRs have no state yet (enrichment lags).
      for (let k = 0; k < c.prCount[i]!; k++) {
        const slot = i * PR_SLOTS + k;
        newPrUrl(slot);
        c.prState[slot] = noisyState(rng, c.prState[slot]!);
      }
    },
  };
}

/** A state index (store.ts PR_STATES) after noise: sometimes missing, sometimes upper-case or capitalised. */
function noisyState(rng: Rng, state: number): number {
  const text = PR_STATES[state];
  if (!text || rng.chance(0.05)) return 0;
  const r = rng.next();
  return r < 0.08
    ? PR_STATES.indexOf(text.toUpperCase() as never)
    : r < 0.16
      ? PR_STATES.indexOf((text[0]!.toUpperCase() + text.slice(1)) as never)
      : state;
}

/**
 * Parent/child sessions and retries, among sessions already in created order:
 * - a finished session with a PR spawns a child (a later session of the same org and creator within two days)
 *   that lists the same PR, often with a fresher state (the parent saw it open, the child saw it merged);
 * - now and then a later session of the same creator lists an earlier session's PR again (a retry), sometimes
 *   with a stale state.
 * Links only point forward in time, so a child is never created before its parent.
 */
export function linkSessions(rng: Rng, store: SessionStore): void {
  const { created, org, user, serviceUser, prCount, prSite, prNumber, prState, links } = store.c;
  const users = store.names.userIds.length;
  // The eight nearest later sessions of each creator, newest first, in a ring per creator: users first, then
  // service users, then sessions of neither.
  const neither = users + store.names.serviceUserIds.length;
  const ring = new Int32Array((neither + 1) * LATER);
  const count = new Uint8Array(neither + 1);
  const head = new Uint8Array(neither + 1);
  const laterAt = (key: number, m: number) => ring[key * LATER + ((head[key]! - m + LATER) % LATER)]!;
  for (let i = store.length - 1; i >= 0; i--) {
    const key = user[i]! >= 0 ? user[i]! : serviceUser[i]! >= 0 ? users + serviceUser[i]! : neither;
    const first = i * PR_SLOTS;
    if (prCount[i]! > 0 && (links[i]! & HAS_CHILD) === 0 && rng.chance(0.18)) {
      let child = -1;
      for (let m = 0; m < count[key]! && child < 0; m++) {
        const c = laterAt(key, m);
        if (
          (links[c]! & (HAS_PARENT | HAS_CHILD)) === 0 &&
          org[c] === org[i] &&
          created[c]! > created[i]! &&
          created[c]! - created[i]! < 2 * DAY_SECONDS
        )
          child = c;
      }
      if (child >= 0) {
        store.link(i, child);
        const shared = prState[first]!;
        const childState = rng.chance(0.5) ? MERGED : rng.chance(0.5) ? MERGED_CAPITALISED : shared;
        if (PR_STATE_LOWER[shared] !== MERGED && rng.chance(0.6)) prState[first] = OPEN;
        // The child lists the shared PR first, before its own.
        const slot = child * PR_SLOTS;
        for (let k = prCount[child]!; k > 0; k--) {
          prSite[slot + k] = prSite[slot + k - 1]!;
          prNumber[slot + k] = prNumber[slot + k - 1]!;
          prState[slot + k] = prState[slot + k - 1]!;
        }
        prSite[slot] = prSite[first]!;
        prNumber[slot] = prNumber[first]!;
        prState[slot] = childState;
        prCount[child] = prCount[child]! + 1;
      }
    } else if (prCount[i]! > 0 && rng.chance(0.04)) {
      let retry = -1;
      for (let m = 0; m < count[key]! && retry < 0; m++) {
        const c = laterAt(key, m);
        if (created[c]! > created[i]! && prCount[c] === 0) retry = c;
      }
      // A retry's snapshot of the PR can be stale ("open" after it merged): merged must win over later states.
      if (retry >= 0) {
        prSite[retry * PR_SLOTS] = prSite[first]!;
        prNumber[retry * PR_SLOTS] = prNumber[first]!;
        prState[retry * PR_SLOTS] = rng.chance(0.5) ? OPEN : prState[first]!;
        prCount[retry] = 1;
      }
    }
    head[key] = (head[key]! + 1) % LATER;
    ring[key * LATER + head[key]!] = i;
    count[key] = Math.min(LATER, count[key]! + 1);
  }
  store.touch();
}

/** How many later sessions of the same creator a session looks at for a child or a retry. */
const LATER = 8;
const OPEN = PR_STATES.indexOf('open');
const MERGED_CAPITALISED = PR_STATES.indexOf('Merged');

/** Shapes every generated session, then links them. Deterministic for a seed and a store. */
export function shapeOutcomes(store: SessionStore, seed: number): OutcomeShaper {
  const rng = outcomesRng(seed);
  const shaper = createOutcomeShaper(rng, store);
  for (let i = 0; i < store.length; i++) shaper.shape(i);
  linkSessions(rng, store);
  return shaper;
}

/** Every PR once, as `/metrics/prs` counts them: columns indexed by PR, see `uniquePrs`. */
export interface PrTable {
  length: number;
  /** updated_at of the earliest session listing it (unix s): the PR's event time. */
  openedAt: Float64Array;
  /** Lower-case state index (PR_STATES), 0 when no listing session reports a state. */
  state: Uint8Array;
  /** The earliest listing session's org / user / service user (−1: none) and playbook (interned, 0: none). */
  org: Int32Array;
  user: Int32Array;
  serviceUser: Int32Array;
  playbook: Uint8Array;
}

/**
 * Every PR once: owned by the earliest listing session, merged when any listing session says merged (any case),
 * else the latest listing session's state. A PR's number runs on per site (host, repository) from a start, so
 * (site, number) indexes a dense table without a map of urls.
 */
export function uniquePrs(store: SessionStore): PrTable {
  const { prCount, prSite, prNumber, prState, updated, org, user, serviceUser, playbook } = store.c;
  const lowest = new Map<number, number>();
  const highest = new Map<number, number>();
  for (let i = 0; i < store.length; i++) {
    for (let k = 0; k < prCount[i]!; k++) {
      const key = prSite[i * PR_SLOTS + k]!;
      const n = prNumber[i * PR_SLOTS + k]!;
      lowest.set(key, Math.min(lowest.get(key) ?? n, n));
      highest.set(key, Math.max(highest.get(key) ?? n, n));
    }
  }
  const base = new Map<number, number>();
  let size = 0;
  for (const [key, lo] of lowest) {
    base.set(key, size - lo);
    size += (highest.get(key) as number) - lo + 1;
  }
  const seen = new Uint8Array(size);
  const merged = new Uint8Array(size);
  const t: PrTable = {
    length: 0,
    openedAt: new Float64Array(size),
    state: new Uint8Array(size),
    org: new Int32Array(size),
    user: new Int32Array(size),
    serviceUser: new Int32Array(size),
    playbook: new Uint8Array(size),
  };
  for (let i = 0; i < store.length; i++) {
    for (let k = 0; k < prCount[i]!; k++) {
      const p = (base.get(prSite[i * PR_SLOTS + k]!) as number) + prNumber[i * PR_SLOTS + k]!;
      const state = PR_STATE_LOWER[prState[i * PR_SLOTS + k]!]!;
      if (!seen[p]) {
        seen[p] = 1;
        t.openedAt[p] = updated[i]!;
        t.state[p] = state;
        t.org[p] = org[i]!;
        t.user[p] = user[i]!;
        t.serviceUser[p] = serviceUser[i]!;
        t.playbook[p] = playbook[i]!;
        merged[p] = state === MERGED ? 1 : 0;
        continue;
      }
      if (state === MERGED) merged[p] = 1;
      // Sessions come in created order: a later listing with a state is the fresher word.
      if (state !== 0) t.state[p] = state;
    }
  }
  // Compact to the numbers some session lists, in table order.
  for (let p = 0; p < size; p++) {
    if (!seen[p]) continue;
    const q = t.length++;
    t.openedAt[q] = t.openedAt[p]!;
    t.state[q] = merged[p] ? MERGED : t.state[p]!;
    t.org[q] = t.org[p]!;
    t.user[q] = t.user[p]!;
    t.serviceUser[q] = t.serviceUser[p]!;
    t.playbook[q] = t.playbook[p]!;
  }
  return t;
}
