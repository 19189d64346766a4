/** How a running sync's progress reads, in the header and in the tray tooltip alike. */
import type { SyncProgress } from './dashboard';

/** "about 3 min left"; under 45 s a minute would overstate the precision. */
export function remainingText(seconds: number): string {
  if (seconds < 45) return 'less than a minute left';
  const minutes = Math.max(1, Math.round(seconds / 60));
  if (minutes < 60) return `about ${minutes} min left`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `about ${h} h${m ? ` ${m} min` : ''} left`;
}

/** "Syncing… 42 % · about 1 min left" (the remaining time only once the rate is known). */
export function syncProgressText(p: Pick<SyncProgress, 'percent' | 'etaSeconds'>): string {
  const eta = p.etaSeconds === null ? '' : ` · ${remainingText(p.etaSeconds)}`;
  return `Syncing… ${p.percent} %${eta}`;
}

export const SYNC_CANCELLED_TEXT = 'Sync cancelled; the previous data is kept';
