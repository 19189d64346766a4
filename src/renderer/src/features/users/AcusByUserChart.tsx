import { useCallback, useMemo, useState } from 'react';
import { ExportCsvButton } from '../../components/ExportCsvButton';
import { EmptyState, ErrorNote, Skeleton } from '../../components/Feedback';
import { Panel } from '../../components/Panel';
import { OTHERS_ID, userBars, type UserBar } from '../../lib/aggregate';
import { useChartStyle } from '../../lib/chart-theme';
import { csvFileName, usersCsv } from '../../lib/csv-exports';
import { formatAcus, formatCost, formatCount } from '../../lib/format';
import { useDashboardStore } from '../../stores/dashboard';
import { useSessionsStore } from '../../stores/sessions';
import { selectRate, useSettingsStore } from '../../stores/settings';
import { UserBars } from './UserBars';

export function AcusByUserChart() {
  const data = useDashboardStore((s) => s.data);
  const error = useDashboardStore((s) => s.error);
  const loading = useDashboardStore((s) => s.loading);
  const rate = useSettingsStore(selectRate);
  const selectedUser = useSessionsStore((s) => s.filter.userId);
  const setUserFilter = useSessionsStore((s) => s.setUserFilter);
  const [showTable, setShowTable] = useState(false);
  const style = useChartStyle();

  const bars = useMemo(() => (data ? userBars(data) : []), [data]);

  // Stable, so the memoised bars do not redraw when only the panel's busy flag changes.
  const pick = useCallback(
    (bar: UserBar): void => {
      if (bar.id === OTHERS_ID) return;
      setUserFilter(bar.id, bar.name);
      document
        .querySelector('[data-testid="sessions-table"]')
        ?.scrollIntoView?.({ behavior: 'smooth', block: 'start' });
    },
    [setUserFilter],
  );

  const body = (() => {
    if (!data) return error ? null : <Skeleton lines={6} label="Loading ACUs by user" />;
    if (bars.length === 0) return <EmptyState>No ACUs used by anyone in this range.</EmptyState>;
    if (showTable) return <UsersTable bars={bars} rate={rate} selected={selectedUser} onPick={pick} />;
    return <UserBars bars={bars} selected={selectedUser} onPick={pick} style={style} />;
  })();

  return (
    <Panel
      testId="chart-acus-by-user"
      title="ACUs by user"
      busy={loading}
      actions={
        <>
          <button
            type="button"
            className="button-small"
            onClick={() => setShowTable((v) => !v)}
            disabled={bars.length === 0}
          >
            {showTable ? 'Show chart' : 'Show table'}
          </button>
          <ExportCsvButton
            disabled={!data}
            fileName={csvFileName('acus-by-user', data?.query)}
            build={() => usersCsv(bars, rate)}
          />
        </>
      }
    >
      {error ? <ErrorNote error={error} /> : null}
      {body}
      {bars.length > 0 ? (
        <p className="note">Click a user (or press Enter on one) to list their sessions below.</p>
      ) : null}
    </Panel>
  );
}

function UsersTable(props: {
  bars: UserBar[];
  rate: number | null;
  selected: string | null;
  onPick: (bar: UserBar) => void;
}) {
  return (
    <table className="data-table">
      <thead>
        <tr>
          <th scope="col">User</th>
          <th scope="col" className="num">
            ACUs
          </th>
          <th scope="col" className="num">
            Sessions
          </th>
          <th scope="col" className="num">
            Cost
          </th>
        </tr>
      </thead>
      <tbody>
        {props.bars.map((b) => (
          <tr key={b.id} aria-selected={b.id === props.selected}>
            <th scope="row">
              {b.id === OTHERS_ID ? (
                b.name
              ) : (
                <button type="button" className="link-button" onClick={() => props.onPick(b)}>
                  {b.name}
                </button>
              )}
            </th>
            <td className="num">{formatAcus(b.acus)}</td>
            <td className="num">{formatCount(b.sessions)}</td>
            <td className="num">{formatCost(b.acus, props.rate)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
