import { ResponsiveBar, type BarTooltipProps } from '@nivo/bar';
import { useMemo, useState } from 'react';
import { ExportCsvButton } from '../../components/ExportCsvButton';
import { EmptyState, ErrorNote, Skeleton } from '../../components/Feedback';
import { Panel } from '../../components/Panel';
import { OTHERS_ID, topUsersWithOthers, type UserBar } from '../../lib/aggregate';
import { useChartStyle } from '../../lib/chart-theme';
import { csvFileName, usersCsv } from '../../lib/csv-exports';
import { formatAcus, formatCost, formatCount } from '../../lib/format';
import { useDashboardStore } from '../../stores/dashboard';
import { useSessionsStore } from '../../stores/sessions';
import { selectRate, useSettingsStore } from '../../stores/settings';

type BarRow = { id: string; name: string; acus: number; sessions: number };

const BAR_HEIGHT = 26;
const MAX_LABEL = 22;
const shorten = (name: string): string =>
  name.length > MAX_LABEL ? `${name.slice(0, MAX_LABEL - 1)}…` : name;

function BarTooltip({ data }: BarTooltipProps<BarRow>) {
  return (
    <div className="chart-tooltip">
      <strong>{data.name}</strong>
      <span>
        {formatAcus(data.acus)} ACUs · {formatCount(data.sessions)} sessions
      </span>
    </div>
  );
}

export function AcusByUserChart() {
  const data = useDashboardStore((s) => s.data);
  const error = useDashboardStore((s) => s.error);
  const loading = useDashboardStore((s) => s.loading);
  const rate = useSettingsStore(selectRate);
  const selectedUser = useSessionsStore((s) => s.filter.userId);
  const setUserFilter = useSessionsStore((s) => s.setUserFilter);
  const [showTable, setShowTable] = useState(false);
  const style = useChartStyle();

  const bars = useMemo(() => (data ? topUsersWithOthers(data.acusByUser) : []), [data]);
  // Horizontal bars draw bottom-up: reverse so the largest user is on top.
  const rows = useMemo<BarRow[]>(
    () => [...bars].reverse().map(({ id, name, acus, sessions }) => ({ id, name, acus, sessions })),
    [bars],
  );
  const names = useMemo(() => new Map(bars.map((b) => [b.id, b.name])), [bars]);

  const pick = (bar: UserBar | BarRow): void => {
    if (bar.id === OTHERS_ID) return;
    setUserFilter(bar.id, bar.name);
    document
      .querySelector('[data-testid="sessions-table"]')
      ?.scrollIntoView?.({ behavior: 'smooth', block: 'start' });
  };

  const body = (() => {
    if (!data) return error ? null : <Skeleton lines={6} label="Loading ACUs by user" />;
    if (bars.length === 0) return <EmptyState>No ACUs used by anyone in this range.</EmptyState>;
    if (showTable) return <UsersTable bars={bars} rate={rate} selected={selectedUser} onPick={pick} />;
    return (
      <div className="chart chart-bars" style={{ height: rows.length * BAR_HEIGHT + 44 }}>
        <ResponsiveBar<BarRow>
          data={rows}
          keys={['acus']}
          indexBy="id"
          layout="horizontal"
          margin={{ top: 4, right: 24, bottom: 32, left: 150 }}
          padding={0.25}
          valueScale={{ type: 'linear', min: 0 }}
          colors={({ data: d }) =>
            d.id === selectedUser ? (style.colors[1] ?? '') : (style.colors[0] ?? '')
          }
          axisLeft={{ tickSize: 0, tickPadding: 6, format: (id: string) => shorten(names.get(id) ?? id) }}
          axisBottom={{ tickValues: 4, tickSize: 4, format: (v: number) => formatAcus(v) }}
          enableGridY={false}
          enableGridX
          enableLabel={false}
          animate={false}
          theme={style.theme}
          tooltip={BarTooltip}
          onClick={(d) => pick(d.data)}
          isFocusable
          barAriaLabel={(d) => `${d.data.name}: ${formatAcus(d.data.acus)} ACUs`}
          role="img"
          ariaLabel="ACUs by user"
        />
      </div>
    );
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
      {bars.length > 0 ? <p className="note">Click a user to list their sessions below.</p> : null}
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
