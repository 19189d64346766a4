/**
 * How far a sync has got, in requests: those made against those expected. Single requests are known when a dataset
 * is planned; a cursor chain's length is not (the API's `total` is optional), so each chain expects one page more
 * while it has a next one, or as many as `total` implies, or as many as its sibling chains take (a full sync's
 * 7-day session slices are alike). A dataset that ends, well or not, expects no more than it made.
 * The remaining time comes from an exponentially smoothed request rate, so a burst of pages does not swing it.
 */

/** One page of a cursor chain, as the client read it. */
export interface PageInfo {
  items: number;
  hasNext: boolean;
  /** The list's total, where the endpoint gives it. */
  total: number | null;
}

interface Chain {
  pages: number;
  items: number;
  finished: boolean;
  total: number | null;
}

interface Part {
  singles: number;
  singlesDone: number;
  chains: Chain[];
  settled: boolean;
}

export interface RequestTally {
  /** The dataset will make `singles` plain requests (a later call replaces the number, e.g. once orgs are known). */
  plan(dataset: string, singles: number): void;
  /** One of the dataset's plain requests answered (or failed). */
  request(dataset: string): void;
  /** A cursor chain of the dataset; call the result with each page read. */
  chain(dataset: string): (page: PageInfo) => void;
  /** The dataset ended: it expects nothing more than it did. */
  settle(dataset: string): void;
  counts(): { done: number; expected: number };
}

export function createRequestTally(): RequestTally {
  const parts = new Map<string, Part>();
  const part = (name: string): Part => {
    let p = parts.get(name);
    if (!p) parts.set(name, (p = { singles: 0, singlesDone: 0, chains: [], settled: false }));
    return p;
  };
  return {
    plan(dataset, singles) {
      part(dataset).singles = singles;
    },
    request(dataset) {
      part(dataset).singlesDone += 1;
    },
    chain(dataset) {
      const c: Chain = { pages: 0, items: 0, finished: false, total: null };
      part(dataset).chains.push(c);
      return (page) => {
        c.pages += 1;
        c.items += page.items;
        c.total = page.total ?? c.total;
        c.finished = !page.hasNext;
      };
    },
    settle(dataset) {
      const p = part(dataset);
      p.settled = true;
      for (const c of p.chains) c.finished = true;
    },
    counts() {
      let done = 0;
      let expected = 0;
      for (const p of parts.values()) {
        done += p.singlesDone;
        expected += p.settled ? p.singlesDone : Math.max(p.singles, p.singlesDone);
        for (const c of p.chains) {
          done += c.pages;
          expected += expectedPages(c, p.chains);
        }
      }
      return { done, expected };
    },
  };
}

/** Pages a chain will have read when it ends. */
export function expectedPages(c: Chain, siblings: readonly Chain[]): number {
  if (c.finished) return c.pages;
  const next = c.pages + 1;
  if (c.total !== null && c.pages > 0 && c.items > 0) return Math.max(next, Math.ceil((c.total * c.pages) / c.items));
  // Siblings are alike: as long as the finished ones on average, or, before any finished, as the longest so far.
  const ended = siblings.filter((s) => s.finished && s.pages > 0);
  const typical = ended.length
    ? Math.round(ended.reduce((n, s) => n + s.pages, 0) / ended.length)
    : Math.max(0, ...siblings.map((s) => s.pages));
  return Math.max(next, typical);
}

/** Seconds over which the rate forgets: long enough to ride out bursts, short enough to follow a slowdown. */
const RATE_TIME_CONSTANT_S = 10;
/** Before this much time and work the rate says nothing yet. */
const MIN_ELAPSED_MS = 1000;
const MIN_DONE = 2;

export interface RateEstimate {
  startedAt: number;
  /** The last sample the rate was updated at. */
  at: number;
  done: number;
  /** Requests per second, smoothed; null until enough has happened. */
  rate: number | null;
}

export const startEstimate = (at: number): RateEstimate => ({ startedAt: at, at, done: 0, rate: null });

/** The estimate after `done` requests at `at` (ms): the first rate is the average so far, later ones move towards the latest. */
export function updateEstimate(prev: RateEstimate, done: number, at: number): RateEstimate {
  if (at <= prev.at || done < prev.done) return prev;
  if (prev.rate === null) {
    const elapsed = at - prev.startedAt;
    if (elapsed < MIN_ELAPSED_MS || done < MIN_DONE) return prev;
    return { ...prev, at, done, rate: (done * 1000) / elapsed };
  }
  const dt = (at - prev.at) / 1000;
  const instant = (done - prev.done) / dt;
  // Early on the first average (slow start: the lists the fan-out waits on) would linger for the whole time
  // constant, so the memory grows with the sync's age up to it.
  const tau = Math.min(RATE_TIME_CONSTANT_S, Math.max(1, (at - prev.startedAt) / 3000));
  const alpha = 1 - Math.exp(-dt / tau);
  return { ...prev, at, done, rate: prev.rate + alpha * (instant - prev.rate) };
}

/**
 * Percent and the remaining seconds. The percentage never goes back below `shownPercent` (the expected total grows
 * as pages turn up: a bar that moves backwards reads as broken) and is never 100 before the end.
 */
export function progressFigures(
  counts: { done: number; expected: number },
  estimate: RateEstimate,
  shownPercent = 0,
): { percent: number; etaSeconds: number | null } {
  const { done, expected } = counts;
  const percent = Math.max(shownPercent, expected > 0 ? Math.min(99, Math.floor((100 * done) / expected)) : 0);
  const left = Math.max(0, expected - done);
  const etaSeconds = estimate.rate !== null && estimate.rate > 0 ? Math.ceil(left / estimate.rate) : null;
  return { percent, etaSeconds };
}
