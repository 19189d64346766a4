/**
 * One tab stop per chart. The frame is the focusable element (a named group whose role description says
 * "chart"); the arrow keys move an active point inside it (lib/chart-cursor.ts), which the readout under the
 * chart shows and announces through its live region. The canvas inside is drawing only.
 */
import { Suspense, useId, type CSSProperties, type ReactNode } from 'react';
import { useChartCursor } from '../lib/chart-cursor';

interface ChartFrameProps {
  /** The chart's accessible name. */
  label: string;
  /** What the chart shows at a glance, read with the name (e.g. the largest bar). */
  summary: ReactNode;
  /** What Left/Right step through, for the key hint: "days", "users", … */
  itemsName: string;
  count: number;
  /** The text for the active item, shown and announced as the cursor moves. */
  describe: (index: number) => string;
  /** Enter or Space on the active item; its hint is added to the description when given. */
  onEnter?: (index: number) => void;
  enterHint?: string;
  /** `chart-line`, `chart-bars`, …: the drawing area's size class (styles.css). */
  className: string;
  style?: CSSProperties;
  /** Draws the chart with the active item (or null) marked. */
  children: (active: number | null) => ReactNode;
}

export function ChartFrame(props: ChartFrameProps) {
  const { active, onKeyDown, onBlur } = useChartCursor(props.count, props.onEnter);
  const descId = useId();
  return (
    <div
      className="chart-frame"
      role="group"
      aria-roledescription="chart"
      aria-label={props.label}
      aria-describedby={descId}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onBlur={onBlur}
    >
      {/* The drawing area keeps its size while Nivo's chunk loads (lib/nivo.ts), so nothing moves when it draws. */}
      <div className={`chart ${props.className}`} style={props.style}>
        <Suspense fallback={null}>{props.children(active)}</Suspense>
      </div>
      <p id={descId} className="visually-hidden">
        {props.summary} Use the arrow keys to move between {props.itemsName}
        {props.enterHint ? `; ${props.enterHint}` : ''}.
      </p>
      <p className="chart-readout" aria-live="polite">
        {active === null ? '' : props.describe(active)}
      </p>
    </div>
  );
}
