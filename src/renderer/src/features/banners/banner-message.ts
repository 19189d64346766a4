/**
 * What the offline/stale banner says. The most actionable cause wins: a rejected token, then a missing
 * permission, then a rate limit, then plain connectivity; panels keep showing cached data underneath.
 */
import type { AppStatus } from '../../../../shared/dashboard';
import type { AppError, AppErrorCode } from '../../../../shared/ipc/result';
import { formatClock, formatMoment } from '../../lib/format';

export interface Banner {
  tone: 'warning' | 'error';
  text: string;
  /** The banner offers to open Settings (token problems). */
  settings: boolean;
}

const PRIORITY: readonly AppErrorCode[] = ['AUTH_INVALID', 'PERMISSION_DENIED', 'RATE_LIMITED'];

function syncErrors(status: AppStatus): AppError[] {
  const fromDatasets = status.datasets.flatMap((d) => (d.error ? [d.error] : []));
  return [...(status.lastSync?.failed.map((f) => f.error) ?? []), ...fromDatasets];
}

/** Epoch ms of the newest successful sync of any dataset, for "showing data synced …". */
export function lastSyncedAt(status: AppStatus): number | null {
  return status.datasets.reduce<number | null>(
    (max, d) => (d.lastSuccessAt !== null && (max === null || d.lastSuccessAt > max) ? d.lastSuccessAt : max),
    null,
  );
}

export function bannerMessage(status: AppStatus | null, asOf: number | null, nowMs: number): Banner | null {
  if (!status) return null;
  if (status.mode === 'live' && status.token.source === 'none') {
    return {
      tone: 'warning',
      text: 'No Devin API token yet: add one in Settings to sync your usage.',
      settings: true,
    };
  }
  const lastSyncFailed = (status.lastSync?.failed.length ?? 0) > 0;
  if (status.online && !lastSyncFailed) return null;

  const syncedAt = asOf ?? lastSyncedAt(status);
  const showing =
    syncedAt === null ? 'Nothing is cached yet' : `Showing data synced ${formatMoment(syncedAt, nowMs)}`;
  const errors = syncErrors(status);
  const cause =
    PRIORITY.map((code) => errors.find((e) => e.code === code)).find((e) => e !== undefined) ??
    errors[0] ??
    null;

  switch (cause?.code) {
    case 'AUTH_INVALID':
      return {
        tone: 'error',
        text: `The Devin API rejected the token (expired or revoked): replace it in Settings. ${showing}.`,
        settings: true,
      };
    case 'PERMISSION_DENIED': {
      const permission = cause.permission
        ? `the ${cause.permission} permission`
        : 'a permission this dashboard needs';
      return {
        tone: 'error',
        text: `The token lacks ${permission}: ask an enterprise admin to grant it. ${showing}.`,
        settings: false,
      };
    }
    case 'RATE_LIMITED': {
      const retry = cause.retryAt ? ` retrying at ${formatClock(cause.retryAt)}` : ' retrying shortly';
      return {
        tone: 'warning',
        text: `Rate limited by the Devin API:${retry}. ${showing}.`,
        settings: false,
      };
    }
    default:
      break;
  }
  if (!status.online || cause === null || cause.code === 'OFFLINE' || cause.code === 'TIMEOUT') {
    if (syncedAt === null) {
      return {
        tone: 'warning',
        text: 'Offline, and nothing is cached yet: the dashboard fills in after the first successful sync. Check the connection and press Refresh.',
        settings: false,
      };
    }
    return {
      tone: 'warning',
      text: `Offline — showing data synced ${formatMoment(syncedAt, nowMs)}.`,
      settings: false,
    };
  }
  return { tone: 'warning', text: `The last sync failed: ${cause.message}. ${showing}.`, settings: false };
}
