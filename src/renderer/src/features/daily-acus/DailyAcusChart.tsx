import type { PointTooltipProps } from '@nivo/line';
import { memo, useMemo, useState } from 'react';
import { ExportCsvButton } from '../../components/ExportCsvButton';
import { EmptyState, ErrorNote, Skeleton } from '../../components/Feedback';
import { ChartFrame } from '../../components/ChartFrame';
import { Panel } from '../../components/Panel';
import { lineLayersWithActive } from '../../lib/chart-layers';
import { ResponsiveLineCanvas } from '../../lib/nivo';
import { useChartStyle, type ChartStyle } from '../../lib/chart-theme';
import { csvFileName, dailyAcusCsv } from '../../lib/csv-exports';
import { formatAcus, formatDay, formatDayLong } from '../../lib/format';
import { dayTickPattern, dayTicks } from '../../lib/ticks';
import { useDashboardStore } from '../../stores/dashboard';
import { dailySeries, type DaySeries } from './series';

function PointTooltip({ point }: PointTooltipProps<DaySeries>) {
  return (
    <div className="chart-tooltip">
      <strong>{formatDayLong(point.data.x)}</strong>
      <span>
        {point.seriesId}: {formatAcus(point.data.y)} ACUs
      </span>
    </div>
  );
}

export function DailyAcusChart() {
  const data = useDashboardStore((s) => s.data);
  const error = useDashboardStore((s) => s.error);
  const loading = useDashboardStore((s) => s.loading);
  const [splitWanted, setSplitWanted] = useState(false);
  const [showTable, setShowTable] = useState(false);
  const style = useChartStyle();

  const canSplit = data !== null && data.query.orgId === null && data.acusByDayByOrg.length > 0;
  const split = splitWanted && canSplit;
  const series = useMemo(() => (data ? dailySeries(data, split) : []), [data, split]);
  const days = useMemo(() => data?.acusByDay.map((p) => p.date) ?? [], [data]);
  const ticks = useMemo(() => dayTicks(days), [days]);
  const empty = data !== null && data.acusByDay.every((p) => p.acus === 0);

  const body = (() => {
    if (!data) return error ? null : <Skeleton lines={6} label="Loading daily ACUs" />;
    if (empty) return <EmptyState>No ACUs used in this range.</EmptyState>;
    if (showTable) return <DailyTable series={series} />;
    return <DailyLines series={series} days={days} ticks={ticks} style={style} />;
  })();

  const legend =
    split && !showTable && !empty ? (
      <ul className="legend">
        {series.map((s, i) => (
          <li key={s.id}>
            <span className="swatch" style={{ backgroundColor: style.colors[i % style.colors.length] }} />
            {s.id}
          </li>
        ))}
      </ul>
    ) : null;

  return (
    <Panel
      testId="chart-daily-acus"
      title="Daily ACUs"
      busy={loading}
      actions={
        <>
          {canSplit ? (
            <label className="toggle">
              <input
                type="checkbox"
                checked={splitWanted}
                onChange={(e) => setSplitWanted(e.target.checked)}
              />
              Split by organization
            </label>
          ) : null}
          <button
            type="button"
            className="button-small"
            onClick={() => setShowTable((v) => !v)}
            disabled={!data || empty}
          >
            {showTable ? 'Show chart' : 'Show table'}
          </button>
          <ExportCsvButton
            disabled={!data}
            fileName={csvFileName('daily-acus', data?.query)}
            build={() => (data ? dailyAcusCsv(data, split) : '')}
          />
        </>
      }
    >
      {error ? <ErrorNote error={error} /> : null}
      {body}
      {legend}
      {data && data.unattributedAcus > 0 ? (
        <p className="note">
          Organization figures count Devin ACUs only; the total also includes{' '}
          {formatAcus(data.unattributedAcus)} ACUs of Cascade, Terminal and Review that belong to no
          organization.
        </p>
      ) : null}
    </Panel>
  );
}

/** Memoised: the panel re-renders when it turns busy, the canvas only when its series change. */
const DailyLines = memo(function DailyLines({
  series,
  days,
  ticks,
  style,
}: {
  series: DaySeries[];
  days: string[];
  ticks: string[];
  style: ChartStyle;
}) {
  const pattern = dayTickPattern(days.length);
  const total = series.reduce((sum, s) => sum + s.data.reduce((t, p) => t + p.y, 0), 0);
  return (
    <ChartFrame
      label="Daily ACUs"
      summary={`${days.length} days, ${formatAcus(total)} ACUs in all${series.length > 1 ? `, ${series.length} lines` : ''}.`}
      itemsName="days"
      count={days.length}
      describe={(i) =>
        `${formatDayLong(days[i] ?? '')}: ${series.map((s) => `${s.id} ${formatAcus(s.data[i]?.y ?? 0)} ACUs`).join(', ')}`
      }
      className="chart-line"
    >
      {(active) => (
        <ResponsiveLineCanvas<DaySeries>
          data={series}
          xScale={{ type: 'point' }}
          yScale={{ type: 'linear', min: 0, max: 'auto' }}
          margin={{ top: 12, right: 20, bottom: 36, left: 60 }}
          axisBottom={{ tickValues: ticks, format: (v: string) => formatDay(v, pattern), tickSize: 4 }}
          axisLeft={{ tickValues: 5, format: (v: number) => formatAcus(v), tickSize: 4 }}
          gridYValues={5}
          enableGridX={false}
          enablePoints={days.length <= 31}
          pointSize={5}
          lineWidth={2}
          colors={style.colors}
          theme={style.theme}
          tooltip={PointTooltip}
          layers={lineLayersWithActive<DaySeries>(active === null ? null : days[active], style)}
        />
      )}
    </ChartFrame>
  );
});

function DailyTable({ series }: { series: DaySeries[] }) {
  const days = series[0]?.data ?? [];
  return (
    <div className="table-scroll table-compact">
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">Date</th>
            {series.map((s) => (
              <th key={s.id} scope="col" className="num">
                {s.id} (ACUs)
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {days.map((d, i) => (
            <tr key={d.x}>
              <th scope="row">{formatDayLong(d.x)}</th>
              {series.map((s) => (
                <td key={s.id} className="num">
                  {formatAcus(s.data[i]?.y ?? 0)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
