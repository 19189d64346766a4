/**
 * Seeded randomness for the simulator. mulberry32 is tiny, fast and good enough for synthetic data;
 * every draw goes through one stream so the same seed (and call order) always yields the same world.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  int(minInclusive: number, maxInclusive: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Index drawn with probability proportional to `weights` (given as a cumulative array, see `cumulative`). */
  weighted(cumulativeWeights: readonly number[]): number;
  /** Standard normal draw (Box–Muller). */
  normal(mean?: number, sd?: number): number;
  /** `bytes` random bytes as lowercase hex. */
  hex(bytes: number): string;
}

export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    weighted: (cumulativeWeights) =>
      lowerBoundAbove(cumulativeWeights, next() * (cumulativeWeights.at(-1) ?? 0)),
    normal: (mean = 0, sd = 1) => {
      const u = 1 - next(); // (0, 1], keeps log finite
      return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
    hex: (bytes) => {
      let out = '';
      for (let i = 0; i < bytes; i++)
        out += Math.floor(next() * 256)
          .toString(16)
          .padStart(2, '0');
      return out;
    },
  };
  return rng;
}

/** Running sums of `weights`, the form `Rng.weighted` expects. */
export function cumulative(weights: readonly number[]): number[] {
  let sum = 0;
  return weights.map((w) => (sum += w));
}

/** First index whose cumulative weight exceeds `target`. */
function lowerBoundAbove(cumulativeWeights: readonly number[], target: number): number {
  let lo = 0;
  let hi = cumulativeWeights.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cumulativeWeights[mid] ?? 0) > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
