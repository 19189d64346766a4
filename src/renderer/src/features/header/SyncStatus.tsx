import { cacheUpgradePercent, cacheUpgradeText } from '../../../../shared/cache-upgrade-text';
import { syncProgressText } from '../../../../shared/sync-progress-text';
import { Spinner } from '../../components/Feedback';
import { formatAsOf } from '../../lib/format';
import { useNow } from '../../lib/use-now';
import { refreshNow } from '../../stores/connect';
import { useDashboardStore } from '../../stores/dashboard';
import { selectSyncing, useStatusStore } from '../../stores/status';

export function SyncStatus() {
  const asOf = useDashboardStore((s) => s.data?.asOf ?? null);
  const syncing = useStatusStore(selectSyncing);
  const progress = useStatusStore((s) => s.progress);
  const refreshError = useStatusStore((s) => s.refreshError);
  const notice = useStatusStore((s) => s.syncNotice);
  const cancelSync = useStatusStore((s) => s.cancelSync);
  const upgrade = useStatusStore((s) => s.data?.cacheUpgrade ?? null);
  const now = useNow();

  return (
    <div className="sync-status" data-testid="sync-status" aria-live="polite">
      {syncing ? <Spinner label="Syncing" /> : null}
      {upgrade ? (
        // Before the figures: a large cache from an older release is upgraded (or repaired) as it opens.
        <>
          {syncing ? null : <Spinner label="Upgrading the local cache" />}
          <span
            className="sync-progress"
            role="progressbar"
            aria-label="Cache upgrade progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={cacheUpgradePercent(upgrade)}
            aria-valuetext={cacheUpgradeText(upgrade)}
            aria-live="off"
            data-testid="cache-upgrade"
          >
            {cacheUpgradeText(upgrade)}
          </span>
        </>
      ) : null}
      <span className="as-of">{formatAsOf(asOf, now)}</span>
      {syncing && progress ? (
        // A progress bar rather than live text: screen readers ask for it instead of hearing every percent.
        <span
          className="sync-progress"
          role="progressbar"
          aria-label="Sync progress"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={progress.percent}
          aria-valuetext={syncProgressText(progress)}
          aria-live="off"
        >
          {syncProgressText(progress)}
        </span>
      ) : null}
      {!syncing && notice ? <span className="sync-progress">{notice}</span> : null}
      {syncing ? (
        <button type="button" className="button-small" onClick={() => void cancelSync()}>
          Cancel
        </button>
      ) : null}
      <button
        type="button"
        className="button-small"
        onClick={() => void refreshNow()}
        disabled={syncing}
        title="Refresh (Ctrl+R)"
      >
        Refresh
      </button>
      {refreshError ? (
        <span className="error-text" role="alert">
          Refresh failed: {refreshError.message}
        </span>
      ) : null}
    </div>
  );
}
