import type { BarTooltipProps } from '@nivo/bar';
import type { PointTooltipProps } from '@nivo/line';
import { memo, useEffect, useMemo, useRef } from 'react';
import type { CostData } from '../../../../shared/dashboard';
import { costUsd, projectMonthEnd } from '../../../../shared/money';
import { ExportCsvButton } from '../../components/ExportCsvButton';
import { EmptyState, ErrorNote, Skeleton } from '../../components/Feedback';
import { ChartFrame } from '../../components/ChartFrame';
import { Panel } from '../../components/Panel';
import { TableScroll } from '../../components/TableScroll';
import { SpacerRow, useVirtualRows } from '../../components/VirtualRows';
import { barLayersWithActive, lineLayersWithActive } from '../../lib/chart-layers';
import { ResponsiveBarCanvas, ResponsiveLineCanvas } from '../../lib/nivo';
import { useChartStyle, type ChartStyle } from '../../lib/chart-theme';
import { costDailyCsv, costMonthlyCsv, csvFileName } from '../../lib/csv-exports';
import { formatAcus, formatCost, formatDay, formatDayLong, formatMonth, formatUsd } from '../../lib/format';
import { useCostStore } from '../../stores/cost';
import { useQueryStore } from '../../stores/query';
import { selectRate, selectRateSettled, useSettingsStore } from '../../stores/settings';
import { useUiStore } from '../../stores/ui';
import { pivotMonthly, topOrgsWithOthers, type MonthlyPivot } from './monthly';

/** Charts plot dollars when a rate is set, ACUs otherwise (the same shape either way). */
const plotted = (acus: number, rate: number | null): number => costUsd(acus, rate) ?? acus;
const formatPlotted = (value: number, rate: number | null): string =>
  rate === null ? `${formatAcus(value)} ACUs` : formatUsd(value);

export function CostView() {
  const orgId = useQueryStore((s) => s.orgId);
  const data = useCostStore((s) => s.data);
  const error = useCostStore((s) => s.error);
  const loading = useCostStore((s) => s.loading);
  const request = useCostStore((s) => s.request);
  const rate = useSettingsStore(selectRate);
  const rateSettled = useSettingsStore(selectRateSettled);
  const openSettings = useUiStore((s) => s.openSettings);
  const style = useChartStyle();

  useEffect(() => {
    void request({ orgId });
  }, [orgId, request]);

  return (
    <Panel testId="cost-view" title="Cost" busy={loading} className="cost-view">
      {rateSettled ? (
        <div className="cost-rate">
          {rate === null ? (
            <>
              <span>Costs need your contract&apos;s price per ACU.</span>
              <button type="button" className="link-button" onClick={openSettings}>
                Set a $/ACU rate
              </button>
            </>
          ) : (
            <>
              <span>
                Rate: <strong>{formatUsd(rate)}</strong> per ACU
              </span>
              <button type="button" className="link-button" onClick={openSettings}>
                Change
              </button>
            </>
          )}
        </div>
      ) : null}
      {error ? <ErrorNote error={error} prefix="Could not load costs" /> : null}
      {!data || !rateSettled ? (
        error ? null : (
          <Skeleton lines={6} label="Loading costs" />
        )
      ) : (
        <>
          <MonthToDate data={data} rate={rate} />
          <MonthlyByOrg data={data} rate={rate} style={style} />
          <DailyTrend data={data} rate={rate} style={style} />
        </>
      )}
    </Panel>
  );
}

function MonthToDate({ data, rate }: { data: CostData; rate: number | null }) {
  const { month, acus, daysElapsed, daysInMonth } = data.monthToDate;
  const projectedAcus = projectMonthEnd(acus, daysElapsed, daysInMonth);
  return (
    <div className="mtd">
      <div>
        <h3>Month to date · {formatMonth(month)}</h3>
        <p className="card-value">{rate === null ? `${formatAcus(acus)} ACUs` : formatCost(acus, rate)}</p>
        <p className="muted">
          Day {daysElapsed} of {daysInMonth}
          {rate === null ? '' : ` · ${formatAcus(acus)} ACUs`}
        </p>
      </div>
      <div>
        <h3>Projected month end</h3>
        <p className="card-value">
          {rate === null ? `${formatAcus(projectedAcus)} ACUs` : formatCost(projectedAcus, rate)}
        </p>
        <p className="muted">Straight line from the daily average so far</p>
      </div>
    </div>
  );
}

type MonthBar = Record<string, string | number>;
/** Each bar datum carries its organizations' names for the tooltip under this key. */
const nameKey = (orgId: string): string => `name:${orgId}`;

function MonthTooltip({ id, value, indexValue, data }: BarTooltipProps<MonthBar>) {
  const rate = useSettingsStore(selectRate);
  return (
    <div className="chart-tooltip">
      <strong>
        {data[nameKey(String(id))] ?? id} · {formatMonth(String(indexValue))}
      </strong>
      <span>{formatPlotted(value, rate)}</span>
    </div>
  );
}

/** The keyboard readout for one month: every organization with usage that month. */
function describeMonth(
  bar: MonthBar | undefined,
  orgs: readonly { orgId: string; name: string }[],
  rate: number | null,
): string {
  if (!bar) return '';
  const parts = orgs
    .map((o) => ({ name: o.name, value: Number(bar[o.orgId] ?? 0) }))
    .filter((p) => p.value > 0)
    .map((p) => `${p.name} ${formatPlotted(p.value, rate)}`);
  return `${formatMonth(String(bar.month))}: ${parts.length > 0 ? parts.join(', ') : 'no usage'}`;
}

/** Memoised like the other sub-panels: the view's busy flag must not redraw them. */
const MonthlyByOrg = memo(function MonthlyByOrg({
  data,
  rate,
  style,
}: {
  data: CostData;
  rate: number | null;
  style: ChartStyle;
}) {
  const pivot = useMemo(() => pivotMonthly(data), [data]);
  const chart = useMemo(() => topOrgsWithOthers(pivot), [pivot]);
  const bars = useMemo<MonthBar[]>(
    () =>
      chart.months.map((month) => {
        const bar: MonthBar = { month };
        for (const o of chart.orgs) {
          bar[o.orgId] = plotted(chart.acus.get(o.orgId)?.get(month) ?? 0, rate);
          bar[nameKey(o.orgId)] = o.name;
        }
        return bar;
      }),
    [chart, rate],
  );
  const color = (orgId: string): string =>
    style.colors[chart.orgs.findIndex((o) => o.orgId === orgId) % style.colors.length] ?? '';

  return (
    <div className="subpanel">
      <header className="panel-header">
        <h3>Monthly {rate === null ? 'ACUs' : 'cost'} per organization</h3>
        <ExportCsvButton
          fileName={csvFileName('cost-monthly-by-org')}
          build={() => costMonthlyCsv(data, rate)}
          disabled={pivot.orgs.length === 0}
        />
      </header>
      {pivot.orgs.length === 0 ? (
        <EmptyState>No organization usage in the last six months.</EmptyState>
      ) : (
        <>
          <ChartFrame
            label={`Monthly ${rate === null ? 'ACUs' : 'cost'} per organization`}
            summary={`${chart.months.length} months, ${chart.orgs.length} organizations stacked.`}
            itemsName="months"
            count={chart.months.length}
            describe={(i) => describeMonth(bars[i], chart.orgs, rate)}
            className="chart-monthly"
          >
            {(active) => (
              <ResponsiveBarCanvas<MonthBar>
                data={bars}
                keys={chart.orgs.map((o) => o.orgId)}
                indexBy="month"
                groupMode="stacked"
                margin={{ top: 8, right: 16, bottom: 32, left: 72 }}
                padding={0.3}
                colors={({ id }) => color(String(id))}
                axisBottom={{ tickSize: 4, format: (m: string) => formatMonth(m) }}
                axisLeft={{
                  tickValues: 5,
                  tickSize: 4,
                  format: (v: number) => (rate === null ? formatAcus(v) : formatUsd(v)),
                }}
                enableLabel={false}
                theme={style.theme}
                tooltip={MonthTooltip}
                layers={barLayersWithActive<MonthBar>(active === null ? null : chart.months[active], style)}
              />
            )}
          </ChartFrame>
          <ul className="legend">
            {chart.orgs.map((o) => (
              <li key={o.orgId}>
                <span className="swatch" style={{ backgroundColor: color(o.orgId) }} />
                {o.name}
              </li>
            ))}
          </ul>
          <MonthlyTable pivot={pivot} rate={rate} />
        </>
      )}
    </div>
  );
});

/** Rows drawn beyond the 320 px box (styles.css `.table-compact`) on each side, so a scroll rarely shows a gap. */
const MONTHLY_OVERSCAN = 8;

/** Every organization, largest first: only the rows around the box's viewport are rendered (hundreds of orgs). */
function MonthlyTable({ pivot, rate }: { pivot: MonthlyPivot; rate: number | null }) {
  const cell = (acus: number): string => (rate === null ? formatAcus(acus) : formatCost(acus, rate));
  const scrollRef = useRef<HTMLDivElement>(null);
  const { items, before, after } = useVirtualRows(pivot.orgs.length, scrollRef, MONTHLY_OVERSCAN);
  const label = `Monthly ${rate === null ? 'ACUs' : 'cost'} per organization, table`;
  return (
    <TableScroll label={label} className="table-compact" ref={scrollRef}>
      <table className="data-table" aria-rowcount={pivot.orgs.length + 1}>
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col">Organization</th>
            {pivot.months.map((m) => (
              <th key={m} scope="col" className="num">
                {formatMonth(m)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <SpacerRow height={before} />
          {items.map(({ index }) => {
            const o = pivot.orgs[index]!;
            return (
              <tr key={o.orgId} aria-rowindex={index + 2}>
                <th scope="row">{o.name}</th>
                {pivot.months.map((m) => (
                  <td key={m} className="num">
                    {cell(pivot.acus.get(o.orgId)?.get(m) ?? 0)}
                  </td>
                ))}
              </tr>
            );
          })}
          <SpacerRow height={after} />
        </tbody>
      </table>
    </TableScroll>
  );
}

type TrendSeries = { id: string; data: { x: string; y: number }[] };

function TrendTooltip({ point }: PointTooltipProps<TrendSeries>) {
  const rate = useSettingsStore(selectRate);
  return (
    <div className="chart-tooltip">
      <strong>{formatDayLong(point.data.x)}</strong>
      <span>{formatPlotted(point.data.y, rate)}</span>
    </div>
  );
}

const DailyTrend = memo(function DailyTrend({
  data,
  rate,
  style,
}: {
  data: CostData;
  rate: number | null;
  style: ChartStyle;
}) {
  const series = useMemo<TrendSeries[]>(
    () => [
      {
        id: rate === null ? 'ACUs' : 'Cost',
        data: data.last30Days.map((p) => ({ x: p.date, y: plotted(p.acus, rate) })),
      },
    ],
    [data, rate],
  );
  const ticks = useMemo(() => data.last30Days.filter((_, i) => i % 5 === 0).map((p) => p.date), [data]);
  const empty = data.last30Days.every((p) => p.acus === 0);

  return (
    <div className="subpanel">
      <header className="panel-header">
        <h3>Daily {rate === null ? 'ACUs' : 'cost'}, last 30 days</h3>
        <ExportCsvButton fileName={csvFileName('cost-last-30-days')} build={() => costDailyCsv(data, rate)} />
      </header>
      {empty ? (
        <EmptyState>No usage in the last 30 days.</EmptyState>
      ) : (
        <ChartFrame
          label={`Daily ${rate === null ? 'ACUs' : 'cost'} over the last 30 days`}
          summary={`${data.last30Days.length} days.`}
          itemsName="days"
          count={data.last30Days.length}
          describe={(i) => {
            const p = series[0]?.data[i];
            return p ? `${formatDayLong(p.x)}: ${formatPlotted(p.y, rate)}` : '';
          }}
          className="chart-trend"
        >
          {(active) => (
            <ResponsiveLineCanvas<TrendSeries>
              data={series}
              xScale={{ type: 'point' }}
              yScale={{ type: 'linear', min: 0, max: 'auto' }}
              margin={{ top: 12, right: 20, bottom: 32, left: 72 }}
              axisBottom={{ tickValues: ticks, tickSize: 4, format: (v: string) => formatDay(v) }}
              axisLeft={{
                tickValues: 5,
                tickSize: 4,
                format: (v: number) => (rate === null ? formatAcus(v) : formatUsd(v)),
              }}
              gridYValues={5}
              enableGridX={false}
              pointSize={5}
              lineWidth={2}
              colors={style.colors.slice(0, 1)}
              theme={style.theme}
              tooltip={TrendTooltip}
              layers={lineLayersWithActive<TrendSeries>(
                active === null ? null : data.last30Days[active]?.date,
                style,
              )}
            />
          )}
        </ChartFrame>
      )}
    </div>
  );
});
