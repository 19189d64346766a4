import { describe, expect, it } from 'vitest';
import type { UserAcus } from '../../../../src/shared/dashboard';
import { OTHERS_ID, topUsersWithOthers } from '../../../../src/renderer/src/lib/aggregate';

const user = (n: number): UserAcus => ({ userId: `u${n}`, name: `User ${n}`, acus: n * 10, sessions: n });
/** Users count..1: largest first, as main sends them. */
const users = (count: number): UserAcus[] => Array.from({ length: count }, (_, i) => user(count - i));

describe('topUsersWithOthers', () => {
  it('keeps the 15 largest and sums the rest into Others', () => {
    const bars = topUsersWithOthers(users(20));
    expect(bars).toHaveLength(16);
    expect(bars.slice(0, 15).map((b) => b.id)).toEqual(Array.from({ length: 15 }, (_, i) => `u${20 - i}`));
    const others = bars[15];
    // Users 1..5: ACUs 10+20+30+40+50, sessions 1+2+3+4+5.
    expect(others).toMatchObject({ id: OTHERS_ID, acus: 150, sessions: 15, users: 5 });
    expect(others?.name).toContain('5');
  });

  it('adds no Others bar when there are 15 users or fewer', () => {
    expect(topUsersWithOthers(users(15)).some((b) => b.id === OTHERS_ID)).toBe(false);
    expect(topUsersWithOthers(users(3))).toHaveLength(3);
    expect(topUsersWithOthers([])).toEqual([]);
  });

  it('sums Others exactly, without binary-float noise', () => {
    const tenths = Array.from({ length: 3 }, (_, i) => ({ ...user(i + 1), acus: [0.1, 0.2, 123.9][i]! }));
    const bars = topUsersWithOthers([...users(15).map((u) => ({ ...u, acus: u.acus + 1000 })), ...tenths]);
    expect(bars.at(-1)).toMatchObject({ id: OTHERS_ID, acus: 124.2, users: 3 });
  });

  it('keeps the grand total', () => {
    const input = users(40);
    const total = input.reduce((s, u) => s + u.acus, 0);
    expect(topUsersWithOthers(input).reduce((s, b) => s + b.acus, 0)).toBe(total);
  });
});
