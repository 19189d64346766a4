/** The tray tooltip's sync line while a sync runs (the header says the same: shared/sync-progress-text). */
import type { SyncProgress } from '../../shared/dashboard';
import { syncProgressText } from '../../shared/sync-progress-text';

export function syncTooltipLine(progress: SyncProgress | null): string | null {
  return progress && progress.phase !== 'done' ? syncProgressText(progress) : null;
}
