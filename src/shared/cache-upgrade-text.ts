/** How a cache upgrade's progress reads: in the header and the tray tooltip, and on the CLI's stderr. */
import type { CacheUpgradeProgress } from './dashboard';

/** 0–100, 100 only when done (an upgrade with nothing to count is done). */
export function cacheUpgradePercent(p: Pick<CacheUpgradeProgress, 'done' | 'total'>): number {
  return p.total > 0 ? Math.min(100, Math.floor((p.done * 100) / p.total)) : 100;
}

/** "Upgrading the local cache… 42 %" */
export function cacheUpgradeText(p: CacheUpgradeProgress): string {
  return `Upgrading the local cache… ${cacheUpgradePercent(p)} %`;
}

/** "Upgrading the local cache (v4 → v5): 42 %", or for a repair "Rebuilding the local cache's totals: 42 %". */
export function cacheUpgradeLine(p: CacheUpgradeProgress): string {
  const what = p.step === 'migrate' ? `Upgrading the local cache (v${p.from} → v${p.to})` : "Rebuilding the local cache's totals";
  return `${what}: ${cacheUpgradePercent(p)} %`;
}
