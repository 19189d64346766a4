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
  const now = useNow();

  return (
    <div className="sync-status" data-testid="sync-status" aria-live="polite">
      {syncing ? <Spinner label="Syncing" /> : null}
      <span className="as-of">{formatAsOf(asOf, now)}</span>
      {syncing && progress && progress.total > 0 ? (
        <span className="sync-progress">
          syncing {progress.done}/{progress.total}
        </span>
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
