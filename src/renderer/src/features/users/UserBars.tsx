/**
 * The ACUs-by-user bars, drawn as plain SVG. Nivo's SVG bars run every bar and axis tick through
 * react-spring even with animation off, which cost ~40 ms per range change for 16 bars; these few shapes
 * need no animation engine. Colours come from the CSS variables (styles.css), so the theme follows the OS.
 * Still SVG with one labelled `rect` per bar, which is what the end-to-end specs and the paint probe read.
 */
import { memo, useRef, useState, type KeyboardEvent } from 'react';
import { OTHERS_ID, type UserBar } from '../../lib/aggregate';
import { formatAcus, formatCount } from '../../lib/format';
import { linearTicks } from '../../lib/ticks';
import { useElementWidth } from '../../lib/use-element-width';

/** Height of one bar's row; the bar fills `1 - BAR_GAP` of it. */
const BAR_ROW = 26;
const BAR_GAP = 0.25;
const MARGIN = { top: 4, right: 24, bottom: 32, left: 150 };
const TICKS = 4;
const MAX_LABEL = 22;

const shorten = (name: string): string =>
  name.length > MAX_LABEL ? `${name.slice(0, MAX_LABEL - 1)}…` : name;
const barLabel = (bar: UserBar): string => `${bar.name}: ${formatAcus(bar.acus)} ACUs`;

interface UserBarsProps {
  /** Largest first, drawn top-down. */
  bars: readonly UserBar[];
  selected: string | null;
  onPick: (bar: UserBar) => void;
}

/** Memoised: the panel re-renders when it turns busy, the bars only when their figures change. */
export const UserBars = memo(function UserBars({ bars, selected, onPick }: UserBarsProps) {
  const ref = useRef<HTMLDivElement>(null);
  const width = useElementWidth(ref);
  const [active, setActive] = useState<number | null>(null);

  const height = bars.length * BAR_ROW + MARGIN.top + MARGIN.bottom;
  const plotWidth = Math.max(0, width - MARGIN.left - MARGIN.right);
  const plotHeight = bars.length * BAR_ROW;
  const ticks = linearTicks(Math.max(0, ...bars.map((b) => b.acus)), TICKS);
  const end = ticks[ticks.length - 1] ?? 1;
  const x = (acus: number): number => (acus / end) * plotWidth;
  const barHeight = BAR_ROW * (1 - BAR_GAP);

  const onKey = (e: KeyboardEvent, bar: UserBar): void => {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    e.preventDefault();
    onPick(bar);
  };

  const shown = active === null ? undefined : bars[active];
  return (
    <div ref={ref} className="chart chart-bars" style={{ height }}>
      {width > 0 ? (
        <svg className="user-bars" width={width} height={height} role="group" aria-label="ACUs by user">
          <g transform={`translate(${MARGIN.left},${MARGIN.top})`}>
            {ticks.map((t) => (
              <g key={t} transform={`translate(${x(t)},0)`}>
                <line className="grid" y2={plotHeight} />
                <line className="tick" y1={plotHeight} y2={plotHeight + 4} />
                <text className="tick-label" y={plotHeight + 16} textAnchor="middle">
                  {formatAcus(t)}
                </text>
              </g>
            ))}
            {bars.map((bar, i) => {
              const pickable = bar.id !== OTHERS_ID;
              const y = i * BAR_ROW + (BAR_ROW - barHeight) / 2;
              return (
                <g key={bar.id}>
                  <text
                    className="bar-name"
                    x={-6}
                    y={y + barHeight / 2}
                    textAnchor="end"
                    dominantBaseline="central"
                  >
                    {shorten(bar.name)}
                  </text>
                  <rect
                    className={`bar${bar.id === selected ? ' bar-selected' : ''}${pickable ? ' bar-pickable' : ''}`}
                    y={y}
                    width={Math.max(x(bar.acus), 1)}
                    height={barHeight}
                    role={pickable ? 'button' : 'img'}
                    aria-label={barLabel(bar)}
                    aria-pressed={pickable ? bar.id === selected : undefined}
                    tabIndex={pickable ? 0 : undefined}
                    onClick={pickable ? () => onPick(bar) : undefined}
                    onKeyDown={pickable ? (e) => onKey(e, bar) : undefined}
                    onMouseEnter={() => setActive(i)}
                    onMouseLeave={() => setActive(null)}
                    onFocus={() => setActive(i)}
                    onBlur={() => setActive(null)}
                  />
                </g>
              );
            })}
          </g>
        </svg>
      ) : null}
      {shown && active !== null ? (
        <div
          className="chart-tooltip chart-tooltip-floating"
          style={{
            top: MARGIN.top + active * BAR_ROW + BAR_ROW,
            left: Math.min(MARGIN.left + x(shown.acus), Math.max(MARGIN.left, width - 220)),
          }}
        >
          <strong>{shown.name}</strong>
          <span>
            {formatAcus(shown.acus)} ACUs · {formatCount(shown.sessions)} sessions
          </span>
        </div>
      ) : null}
    </div>
  );
});
