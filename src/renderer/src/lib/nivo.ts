/**
 * Nivo's canvas charts, loaded on first use: Nivo and d3 are a third of the renderer's code, so they come in a
 * chunk of their own (preloaded by index.html, evaluated before the first render: root.tsx) instead of in the
 * code every window evaluates first. ChartFrame gives them a Suspense boundary of the chart's final size.
 * Import the charts from here, never from '@nivo/*' (types are fine).
 */
import type { ResponsiveBarCanvas as BarCanvas } from '@nivo/bar';
import type { ResponsiveLineCanvas as LineCanvas } from '@nivo/line';
import { lazyComponent, type LazyComponent } from './lazy';

const barCanvas = lazyComponent(() => import('@nivo/bar').then((m) => m.ResponsiveBarCanvas as never));
const lineCanvas = lazyComponent(() => import('@nivo/line').then((m) => m.ResponsiveLineCanvas as never));

// The casts keep Nivo's generic component types (`<ResponsiveBarCanvas<Datum> …>`), which a wrapper cannot.
export const ResponsiveBarCanvas = barCanvas as unknown as typeof BarCanvas;
export const ResponsiveLineCanvas = lineCanvas as unknown as typeof LineCanvas;
export const nivoCharts: LazyComponent<object>[] = [barCanvas, lineCanvas];

/** `canvasDefaultProps.layers` of @nivo/line 0.99 (a test keeps them equal), so the layers need not load Nivo. */
export const LINE_CANVAS_LAYERS = ['grid', 'markers', 'axes', 'areas', 'crosshair', 'lines', 'points', 'slices', 'mesh', 'legends'] as const;
