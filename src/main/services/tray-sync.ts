/** The tray tooltip's sync line while a sync runs (the header says the same: shared/sync-progress-text). */
import { cacheUpgradeText } from '../../shared/cache-upgrade-text';
import type { CacheUpgradeProgress, SyncProgress } from '../../shared/dashboard';
import { syncProgressText } from '../../shared/sync-progress-text';

export function syncTooltipLine(progress: SyncProgress | null): string | null {
  return progress && progress.phase !== 'done' ? syncProgressText(progress) : null;
}

/** The line while the cache being opened is upgraded; none once it is done. */
export function cacheUpgradeTooltipLine(progress: CacheUpgradeProgress): string | null {
  return progress.done < progress.total ? cacheUpgradeText(progress) : null;
}
