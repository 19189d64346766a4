/**
 * Canvas layers that mark the keyboard's active item (lib/chart-cursor.ts) on a Nivo chart, in the focus
 * ring's colour: a canvas has no focusable parts, so sighted keyboard users see the cursor through these.
 */
import type { BarCanvasLayer, BarDatum } from '@nivo/bar';
import type { LineCanvasLayer, LineSeries } from '@nivo/line';
import type { ChartStyle } from './chart-theme';
import { LINE_CANVAS_LAYERS } from './nivo';

/** Nivo's own line layers, then a vertical rule at the active x value (a day). */
export function lineLayersWithActive<S extends LineSeries>(
  activeX: S['data'][number]['x'] | null | undefined,
  style: ChartStyle,
): LineCanvasLayer<S>[] {
  const rule: LineCanvasLayer<S> = (ctx, { xScale, innerHeight }) => {
    if (activeX === null || activeX === undefined) return;
    const x = xScale(activeX as never);
    ctx.save();
    ctx.strokeStyle = style.focus;
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(x, 0);
    ctx.lineTo(x, innerHeight);
    ctx.stroke();
    ctx.restore();
  };
  return [...LINE_CANVAS_LAYERS, rule];
}

/** Nivo's bar layers, then an outline around the bars (one, or a stack) of the active index value. */
export function barLayersWithActive<D extends BarDatum>(
  activeIndex: string | null | undefined,
  style: ChartStyle,
): BarCanvasLayer<D>[] {
  const outline: BarCanvasLayer<D> = (ctx, { bars }) => {
    const marked = bars.filter((b) => b.data.indexValue === activeIndex);
    if (activeIndex === null || activeIndex === undefined || marked.length === 0) return;
    const left = Math.min(...marked.map((b) => b.x));
    const top = Math.min(...marked.map((b) => b.y));
    const right = Math.max(...marked.map((b) => b.x + b.width));
    const bottom = Math.max(...marked.map((b) => b.y + b.height));
    ctx.save();
    ctx.strokeStyle = style.focus;
    ctx.lineWidth = 2;
    ctx.strokeRect(left - 2, top - 2, right - left + 4, bottom - top + 4);
    ctx.restore();
  };
  return ['grid', 'axes', 'bars', outline];
}
