/**
 * Nivo's theme and series colours, read from the CSS variables in styles.css so charts (Canvas included,
 * which cannot use CSS) follow the light/dark theme. Re-read when the OS colour scheme changes.
 */
import { useEffect, useState } from 'react';
import type { LineSvgProps, LineSeries } from '@nivo/line';

export type ChartTheme = NonNullable<LineSvgProps<LineSeries>['theme']>;

export interface ChartStyle {
  theme: ChartTheme;
  /** Series palette, first colour for totals. */
  colors: string[];
  /** The focus ring's colour, for what a canvas marks as the keyboard's active item. */
  focus: string;
}

const SERIES_VARS = [
  '--series-1',
  '--series-2',
  '--series-3',
  '--series-4',
  '--series-5',
  '--series-6',
  '--series-7',
  '--series-8',
];

export function readChartStyle(root: Element = document.documentElement): ChartStyle {
  const css = getComputedStyle(root);
  const v = (name: string, fallback: string): string => css.getPropertyValue(name).trim() || fallback;
  const text = v('--text', '#1f2328');
  const muted = v('--text-muted', '#59636e');
  const grid = v('--grid', '#d1d9e0');
  const surface = v('--surface', '#ffffff');
  const fallbackSeries = [
    '#3b6fd8',
    '#d9822b',
    '#2f9e6e',
    '#b04fc7',
    '#c9463d',
    '#3a9bb8',
    '#8a6d3b',
    '#6b7280',
  ];
  return {
    theme: {
      background: 'transparent',
      text: { fill: muted, fontSize: 11 },
      axis: {
        domain: { line: { stroke: grid, strokeWidth: 1 } },
        ticks: { line: { stroke: grid, strokeWidth: 1 }, text: { fill: muted, fontSize: 11 } },
        legend: { text: { fill: muted, fontSize: 12 } },
      },
      grid: { line: { stroke: grid, strokeWidth: 1 } },
      crosshair: { line: { stroke: muted, strokeWidth: 1, strokeOpacity: 0.6 } },
      legends: { text: { fill: text, fontSize: 12 } },
      tooltip: { container: { background: surface, color: text, fontSize: 12 } },
    },
    colors: SERIES_VARS.map((name, i) => v(name, fallbackSeries[i] ?? '#6b7280')),
    focus: v('--accent', '#2f5fd0'),
  };
}

const darkQuery = (): MediaQueryList | null =>
  typeof window.matchMedia === 'function' ? window.matchMedia('(prefers-color-scheme: dark)') : null;

export function useChartStyle(): ChartStyle {
  const [style, setStyle] = useState(readChartStyle);
  useEffect(() => {
    const mq = darkQuery();
    if (!mq) return;
    // The CSS variables switch with the scheme; read them again once they have.
    const onChange = (): void => setStyle(readChartStyle());
    mq.addEventListener('change', onChange);
    return () => mq.removeEventListener('change', onChange);
  }, []);
  return style;
}
