/**
 * jsdom has no layout: Responsive Nivo charts and the virtualised table size themselves from
 * getBoundingClientRect/ResizeObserver, so both are stubbed with a fixed box. jsdom has no canvas either,
 * so the Canvas charts are replaced by stubs that record what they were given (their drawing is covered in a
 * real browser by the end-to-end tests). The app's lazily loaded panels and charts are loaded before the tests,
 * as root.tsx does before the first render. Stores are reset after each test, and a test fails when React warned
 * about flushSync.
 */
import { cleanup } from '@testing-library/react';
import type * as NivoBar from '@nivo/bar';
import type * as NivoLine from '@nivo/line';
import { createElement } from 'react';
import { afterEach, beforeAll, vi } from 'vitest';
import type { StoreApi, UseBoundStore } from 'zustand';
import { appChunks } from '../../../src/renderer/src/App';
import { useCostStore } from '../../../src/renderer/src/stores/cost';
import { useDashboardStore } from '../../../src/renderer/src/stores/dashboard';
import { useLimitsStore } from '../../../src/renderer/src/stores/limits';
import { useQueryStore } from '../../../src/renderer/src/stores/query';
import { useSessionsStore } from '../../../src/renderer/src/stores/sessions';
import { useSettingsStore } from '../../../src/renderer/src/stores/settings';
import { useStatusStore } from '../../../src/renderer/src/stores/status';
import { useUiStore } from '../../../src/renderer/src/stores/ui';

export const BOX = { width: 800, height: 400 };

Element.prototype.getBoundingClientRect = function getBoundingClientRect(): DOMRect {
  return {
    x: 0,
    y: 0,
    top: 0,
    left: 0,
    right: BOX.width,
    bottom: BOX.height,
    ...BOX,
    toJSON: () => ({}),
  } as DOMRect;
};
for (const prop of ['offsetWidth', 'clientWidth'] as const) {
  Object.defineProperty(HTMLElement.prototype, prop, { configurable: true, get: () => BOX.width });
}
for (const prop of ['offsetHeight', 'clientHeight'] as const) {
  Object.defineProperty(HTMLElement.prototype, prop, { configurable: true, get: () => BOX.height });
}

// jsdom keeps scrollTop but has no Element.scrollTo, through which the table's virtualizer writes its offset.
Element.prototype.scrollTo = function scrollTo(
  this: Element,
  arg?: ScrollToOptions | number,
  y?: number,
): void {
  const top = typeof arg === 'object' ? arg.top : y;
  const left = typeof arg === 'object' ? arg.left : arg;
  if (top !== undefined) this.scrollTop = top;
  if (left !== undefined) this.scrollLeft = left;
  this.dispatchEvent(new Event('scroll'));
};

class StubResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
globalThis.ResizeObserver = StubResizeObserver as unknown as typeof ResizeObserver;

if (typeof window.matchMedia !== 'function') {
  window.matchMedia = (query: string): MediaQueryList =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addEventListener: () => {},
      removeEventListener: () => {},
      addListener: () => {},
      removeListener: () => {},
      dispatchEvent: () => false,
    }) as MediaQueryList;
}

vi.mock('@nivo/line', async (importOriginal) => {
  const actual = await importOriginal<typeof NivoLine>();
  const ResponsiveLineCanvas = (props: {
    data: readonly { id: string | number; data: readonly unknown[] }[];
  }) =>
    createElement('div', {
      'data-testid': 'line-canvas-stub',
      'data-series': props.data.map((s) => String(s.id)).join('|'),
      'data-points': props.data.map((s) => s.data.length).join('|'),
    });
  return { ...actual, ResponsiveLineCanvas };
});

vi.mock('@nivo/bar', async (importOriginal) => {
  const actual = await importOriginal<typeof NivoBar>();
  // One element per datum, in drawing order; a click on it is Nivo's click on that bar.
  const ResponsiveBarCanvas = (props: {
    data: readonly Record<string, string | number>[];
    keys?: readonly (string | number)[];
    indexBy?: string;
    onClick?: (datum: { indexValue: string | number; data: object }) => void;
  }) =>
    createElement(
      'div',
      {
        'data-testid': 'bar-canvas-stub',
        'data-keys': (props.keys ?? []).map(String).join('|'),
        'data-bars': props.data.length,
      },
      props.data.map((d) => {
        const indexValue = d[props.indexBy ?? 'id'] ?? '';
        return createElement('span', {
          key: indexValue,
          'data-index': indexValue,
          onClick: () => props.onClick?.({ indexValue, data: d }),
        });
      }),
    );
  return { ...actual, ResponsiveBarCanvas };
});

// React reports a flushSync call from inside a render or effect through console.error (the sessions table's
// virtualizer made one per mount). Such a report fails the test; it and every other error are still printed.
const flushSyncReports: string[] = [];
const consoleError = console.error.bind(console);
console.error = (...args: unknown[]): void => {
  const text = args.map(String).join(' ');
  if (text.includes('flushSync')) flushSyncReports.push(text);
  consoleError(...args);
};

// As root.tsx does before the first render: the panels and charts in chunks of their own render at once.
beforeAll(() => Promise.all(appChunks.map((c) => c.preload())));

const reset = <T>(store: UseBoundStore<StoreApi<T>>): void => store.setState(store.getInitialState(), true);

afterEach(() => {
  cleanup();
  reset(useCostStore);
  reset(useDashboardStore);
  reset(useQueryStore);
  reset(useSessionsStore);
  reset(useSettingsStore);
  reset(useStatusStore);
  reset(useUiStore);
  reset(useLimitsStore);
  vi.useRealTimers();
  const reports = flushSyncReports.splice(0);
  if (reports.length > 0) throw new Error(`React warned about flushSync ${reports.length}×: ${reports[0]}`);
});
