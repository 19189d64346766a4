import { describe, expect, it } from 'vitest';
import { cacheUpgradeTooltipLine } from '../../../src/main/services/tray-sync';
import { cacheUpgradeLine, cacheUpgradePercent, cacheUpgradeText } from '../../../src/shared/cache-upgrade-text';
import type { CacheUpgradeProgress } from '../../../src/shared/dashboard';

const migrating: CacheUpgradeProgress = { step: 'migrate', from: 4, to: 5, done: 21, total: 50 };

describe('cache upgrade progress, as the header, the tray and the CLI say it', () => {
  it('gives the percent, 100 only when done (and when there was nothing to count)', () => {
    expect(cacheUpgradePercent(migrating)).toBe(42);
    expect(cacheUpgradePercent({ done: 364, total: 365 })).toBe(99);
    expect(cacheUpgradePercent({ done: 365, total: 365 })).toBe(100);
    expect(cacheUpgradePercent({ done: 0, total: 0 })).toBe(100);
  });

  it('reads the same in the header and the tray tooltip, and the tray line goes when it is done', () => {
    expect(cacheUpgradeText(migrating)).toBe('Upgrading the local cache… 42 %');
    expect(cacheUpgradeTooltipLine(migrating)).toBe('Upgrading the local cache… 42 %');
    expect(cacheUpgradeTooltipLine({ ...migrating, done: 50 })).toBeNull();
  });

  it('names the versions on the CLI, and a repair as one', () => {
    expect(cacheUpgradeLine(migrating)).toBe('Upgrading the local cache (v4 → v5): 42 %');
    expect(cacheUpgradeLine({ ...migrating, step: 'rebuild', from: 5, done: 50 })).toBe("Rebuilding the local cache's totals: 100 %");
  });
});
