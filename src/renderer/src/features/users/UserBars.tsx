/**
 * The ACUs-by-user bars: Nivo's horizontal BarCanvas. Canvas, because Nivo's SVG bars run every bar and tick
 * through react-spring even with animation off (~40 ms per range change for 16 bars); the canvas draws them
 * in one pass. The chart is one tab stop (ChartFrame): the arrow keys move between the bars, largest first,
 * and Enter lists the active user's sessions, as a click on a bar does.
 */
import type { BarTooltipProps } from '@nivo/bar';
import { memo, useCallback, useMemo } from 'react';
import { ChartFrame } from '../../components/ChartFrame';
import { OTHERS_ID, type UserBar } from '../../lib/aggregate';
import { barLayersWithActive } from '../../lib/chart-layers';
import { ResponsiveBarCanvas } from '../../lib/nivo';
import type { ChartStyle } from '../../lib/chart-theme';
import { formatAcus, formatCount } from '../../lib/format';
import { linearTicks } from '../../lib/ticks';

/** Height of one bar's row; the bar fills `1 - BAR_GAP` of it. */
const BAR_ROW = 26;
const BAR_GAP = 0.25;
const MARGIN = { top: 4, right: 24, bottom: 32, left: 150 };
const TICKS = 4;
const MAX_LABEL = 22;

const shorten = (name: string): string =>
  name.length > MAX_LABEL ? `${name.slice(0, MAX_LABEL - 1)}…` : name;
const barLabel = (bar: UserBar): string => `${bar.name}: ${formatAcus(bar.acus)} ACUs`;
const describeBar = (bar: UserBar, selected: string | null): string => {
  const figures = `${barLabel(bar)}, ${formatCount(bar.sessions)} sessions`;
  if (bar.id === OTHERS_ID) return figures;
  return `${figures}. ${bar.id === selected ? 'Their sessions are listed below' : 'Enter lists their sessions'}`;
};

/** One bar as Nivo wants it: the user's id indexes it, `acus` is its one plotted key; the rest is for the tooltip. */
type BarDatum = { id: string; name: string; acus: number; sessions: number };

function UserTooltip({ data }: BarTooltipProps<BarDatum>) {
  return (
    <div className="chart-tooltip">
      <strong>{data.name}</strong>
      <span>
        {formatAcus(data.acus)} ACUs · {formatCount(data.sessions)} sessions
      </span>
    </div>
  );
}

interface UserBarsProps {
  /** Largest first, drawn top-down. */
  bars: readonly UserBar[];
  selected: string | null;
  onPick: (bar: UserBar) => void;
  style: ChartStyle;
}

/** Memoised: the panel re-renders when it turns busy, the bars only when their figures change. */
export const UserBars = memo(function UserBars({ bars, selected, onPick, style }: UserBarsProps) {
  const byId = useMemo(() => new Map(bars.map((b) => [b.id, b])), [bars]);
  // Nivo's horizontal band scale puts the first datum at the bottom: reverse, so the largest is on top.
  const data = useMemo<BarDatum[]>(
    () => bars.map((b) => ({ id: b.id, name: b.name, acus: b.acus, sessions: b.sessions })).reverse(),
    [bars],
  );
  const ticks = useMemo(() => linearTicks(Math.max(0, ...bars.map((b) => b.acus)), TICKS), [bars]);
  const [bar, selectedBar] = style.colors;
  const pickAt = useCallback(
    (index: number): void => {
      const picked = bars[index];
      if (picked && picked.id !== OTHERS_ID) onPick(picked);
    },
    [bars, onPick],
  );

  return (
    <ChartFrame
      label="ACUs by user"
      summary={
        bars[0] ? (
          <>
            {bars.length} bars, largest first: <span className="chart-top">{barLabel(bars[0])}</span>.
          </>
        ) : null
      }
      itemsName="users"
      enterHint="Enter lists the user's sessions"
      count={bars.length}
      describe={(i) => (bars[i] ? describeBar(bars[i], selected) : '')}
      onEnter={pickAt}
      className="chart-bars"
      style={{ height: bars.length * BAR_ROW + MARGIN.top + MARGIN.bottom }}
    >
      {(active) => (
        <ResponsiveBarCanvas<BarDatum>
          data={data}
          keys={['acus']}
          indexBy="id"
          layout="horizontal"
          margin={MARGIN}
          padding={BAR_GAP}
          valueScale={{ type: 'linear', min: 0, max: ticks[ticks.length - 1] ?? 'auto' }}
          colors={({ indexValue }) => (indexValue === selected ? selectedBar : bar) ?? ''}
          enableLabel={false}
          enableGridX
          enableGridY={false}
          gridXValues={ticks}
          axisBottom={{ tickValues: ticks, tickSize: 4, format: (v: number) => formatAcus(v) }}
          axisLeft={{
            tickSize: 0,
            tickPadding: 6,
            format: (id: string) => shorten(byId.get(id)?.name ?? id),
          }}
          theme={style.theme}
          tooltip={UserTooltip}
          onClick={(datum) => pickAt(bars.findIndex((b) => b.id === datum.indexValue))}
          layers={barLayersWithActive<BarDatum>(active === null ? null : bars[active]?.id, style)}
        />
      )}
    </ChartFrame>
  );
});
