/**
 * The panels' order of people and orgs (cache/queries/pack-sums.ts): largest micro-ACUs first, ties by id. The
 * numeric-sort ranking and the top list must give exactly what a plain comparator sort gives.
 */
import { describe, expect, it } from 'vitest';
import { inRankOrder, TopKeys, type KeySums } from '../../../src/main/services/cache/queries/pack-sums';
import { createRng } from '../../../src/main/simulator/prng';

/** Sums over `n` keys whose ids do not sort like their indexes; `micro` picks each key's sum. */
function sumsOf(n: number, micro: (k: number) => number): KeySums {
  return {
    keys: Array.from({ length: n }, (_, k) => `user-${((k * 7919) % n).toString(36)}-${k}`),
    micro: Float64Array.from({ length: n }, (_, k) => micro(k)),
    sessions: new Float64Array(n),
  };
}

/** The order by definition, sorted with a comparator. */
function byDefinition(sums: KeySums, ks: readonly number[]): number[] {
  const { micro, keys } = sums;
  return [...ks].sort((a, b) => micro[b]! - micro[a]! || (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0));
}

const every = (sums: KeySums) => Array.from({ length: sums.keys.length }, (_, k) => k);

describe('ranking keys by micro-ACUs', () => {
  it('equals the comparator sort on random sums with many ties (seeded)', () => {
    const rng = createRng(11);
    for (let round = 0; round < 40; round++) {
      const n = 1 + rng.int(0, 3000);
      // Few distinct values, so runs of equal sums are common and their id order matters.
      const sums = sumsOf(n, () => rng.int(0, round % 2 ? 20 : 5_000_000) * 1_000);
      const ks = every(sums).filter(() => rng.next() < 0.7);
      expect(inRankOrder(sums, [...ks])).toEqual(byDefinition(sums, ks));
    }
  });

  it('puts equal sums in id order, not index order', () => {
    const sums: KeySums = { keys: ['c', 'a', 'b'], micro: Float64Array.of(5, 5, 9), sessions: new Float64Array(3) };
    expect(inRankOrder(sums, [0, 1, 2])).toEqual([2, 1, 0]);
  });

  it('ranks sums too large to pack with their index, and fractional ones, by the comparator', () => {
    const huge = Number.MAX_SAFE_INTEGER / 4;
    const sums: KeySums = {
      keys: ['a', 'b', 'c', 'd'],
      micro: Float64Array.of(huge, huge + 8, 0.5, huge),
      sessions: new Float64Array(4),
    };
    expect(inRankOrder(sums, [0, 1, 2, 3])).toEqual([1, 0, 3, 2]);
    const fractional: KeySums = { ...sums, micro: Float64Array.of(1.25, 3, 1.5, 1.25) };
    expect(inRankOrder(fractional, [0, 1, 2, 3])).toEqual([1, 2, 0, 3]);
  });

  it('keeps the same first keys as the full ranking, whatever the order they are offered in (seeded)', () => {
    const rng = createRng(12);
    for (let round = 0; round < 40; round++) {
      const n = 1 + rng.int(0, 4000);
      const sums = sumsOf(n, () => rng.int(0, round % 2 ? 30 : 1_000_000));
      const limit = 1 + rng.int(0, 20);
      const top = new TopKeys(sums, limit);
      const offered = every(sums).sort(() => rng.next() - 0.5);
      for (const k of offered) if (sums.micro[k]! >= top.floor) top.offer(k);
      expect(top.keys).toEqual(byDefinition(sums, every(sums)).slice(0, limit));
    }
  });
});
