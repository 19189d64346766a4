import { describe, expect, it } from 'vitest';
import type { UserAcus } from '../../../../src/shared/dashboard';
import { OTHERS_ID, userBars } from '../../../../src/renderer/src/lib/aggregate';

const user = (n: number): UserAcus => ({ userId: `u${n}`, name: `User ${n}`, acus: n * 10, sessions: n });
/** Users count..1: largest first, as main sends them. */
const users = (count: number): UserAcus[] => Array.from({ length: count }, (_, i) => user(count - i));
const none = { users: 0, acus: 0, sessions: 0 };

describe('userBars', () => {
  it("draws main's top users in its order, then one Others bar with main's sum of the rest", () => {
    const bars = userBars({ acusByUser: users(15), otherUsers: { users: 5, acus: 150, sessions: 15 } });
    expect(bars).toHaveLength(16);
    expect(bars.slice(0, 15).map((b) => b.id)).toEqual(Array.from({ length: 15 }, (_, i) => `u${15 - i}`));
    expect(bars.slice(0, 15).every((b) => b.users === 1)).toBe(true);
    expect(bars[15]).toEqual({ id: OTHERS_ID, name: 'Others (5)', acus: 150, sessions: 15, users: 5 });
  });

  it('adds no Others bar when main summed nobody', () => {
    expect(userBars({ acusByUser: users(3), otherUsers: none }).some((b) => b.id === OTHERS_ID)).toBe(false);
    expect(userBars({ acusByUser: users(3), otherUsers: none })).toHaveLength(3);
    expect(userBars({ acusByUser: [], otherUsers: none })).toEqual([]);
  });
});
