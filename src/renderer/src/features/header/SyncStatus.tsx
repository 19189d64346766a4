import { cacheUpgradePercent, cacheUpgradeText } from '../../../../shared/cache-upgrade-text';
import { syncProgressText } from '../../../../shared/sync-progress-text';
import { Spinner } from '../../components/Feedback';
import { formatAsOf } from '../../lib/format';
import { useNow } from '../../lib/use-now';
import { refreshNow } from '../../stores/connect';
import { useDashboardStore } from '../../stores/dashboard';
import { selectSyncing, useStatusStore } from '../../stores/status';

/** A progress bar rather than live text: screen readers ask for it instead of hearing every percent. */
function ProgressText(props: { label: string; percent: number; text: string; testId?: string }) {
  return (
    <span
      className="sync-progress"
      role="progressbar"
      aria-label={props.label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={props.percent}
      aria-valuetext={props.text}
      aria-live="off"
      data-testid={props.testId}
    >
      {props.text}
    </span>
  );
}

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
          <ProgressText
            label="Cache upgrade progress"
            percent={cacheUpgradePercent(upgrade)}
            text={cacheUpgradeText(upgrade)}
            testId="cache-upgrade"
          />
        </>
      ) : null}
      <span className="as-of">{formatAsOf(asOf, now)}</span>
      {syncing && progress ? (
        <ProgressText label="Sync progress" percent={progress.percent} text={syncProgressText(progress)} />
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
