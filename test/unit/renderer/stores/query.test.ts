import { describe, expect, it } from 'vitest';
import { selectDashboardQuery, useQueryStore } from '../../../../src/renderer/src/stores/query';

const NOW = Date.UTC(2025, 5, 15, 12, 0); // billing day 2025-06-15
const cycles = [
  { from: '2025-06-01', to: '2025-06-30' },
  { from: '2025-05-01', to: '2025-05-31' },
];

describe('query store', () => {
  it('starts on the last 30 days for all organizations', () => {
    const s = useQueryStore.getState();
    expect(s.preset).toBe('last30');
    expect(s.orgId).toBeNull();
  });

  it('applies presets', () => {
    const { choosePreset } = useQueryStore.getState();
    expect(choosePreset('last7', cycles, NOW)).toBe(true);
    expect(selectDashboardQuery(useQueryStore.getState())).toEqual({
      from: '2025-06-09',
      to: '2025-06-15',
      orgId: null,
    });
    expect(choosePreset('previous-cycle', cycles, NOW)).toBe(true);
    expect(useQueryStore.getState()).toMatchObject({
      preset: 'previous-cycle',
      from: '2025-05-01',
      to: '2025-05-31',
    });
  });

  it('refuses a cycle preset the cache does not know, leaving the range alone', () => {
    const before = selectDashboardQuery(useQueryStore.getState());
    expect(useQueryStore.getState().choosePreset('current-cycle', [], NOW)).toBe(false);
    expect(selectDashboardQuery(useQueryStore.getState())).toEqual(before);
  });

  it('rolls a relative preset forward with the day, but not a custom range', () => {
    const s = useQueryStore.getState();
    s.choosePreset('last7', cycles, NOW);
    s.rollForward(cycles, NOW + 86_400_000);
    expect(useQueryStore.getState()).toMatchObject({ from: '2025-06-10', to: '2025-06-16' });

    s.setCustomRange({ from: '2025-01-01', to: '2025-01-31' });
    s.rollForward(cycles, NOW + 2 * 86_400_000);
    expect(useQueryStore.getState()).toMatchObject({
      preset: 'custom',
      from: '2025-01-01',
      to: '2025-01-31',
    });
  });

  it('does not notify subscribers when nothing changes', () => {
    const s = useQueryStore.getState();
    s.choosePreset('last7', cycles, NOW);
    let notified = 0;
    const off = useQueryStore.subscribe(() => notified++);
    s.choosePreset('last7', cycles, NOW);
    s.setOrg(null);
    off();
    expect(notified).toBe(0);
  });
});
