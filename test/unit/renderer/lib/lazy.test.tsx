import { act, render, screen } from '@testing-library/react';
import { Suspense } from 'react';
import { describe, expect, it } from 'vitest';
import { canvasDefaultProps } from '@nivo/line';
import { lazyComponent } from '../../../../src/renderer/src/lib/lazy';
import { LINE_CANVAS_LAYERS } from '../../../../src/renderer/src/lib/nivo';
import { deferred } from '../fake-api';

const Hello = ({ name }: { name: string }) => <p>Hello {name}</p>;

describe('lazyComponent', () => {
  it('renders at once, without its fallback, once its chunk has loaded', async () => {
    const Lazy = lazyComponent(async () => Hello);
    await Lazy.preload();
    render(
      <Suspense fallback={<p>loading</p>}>
        <Lazy name="Ana" />
      </Suspense>,
    );
    // Synchronously: React.lazy would show the fallback here and reveal the component later.
    expect(screen.getByText('Hello Ana')).toBeTruthy();
    expect(screen.queryByText('loading')).toBeNull();
  });

  it('shows the fallback until a chunk still loading arrives, and loads it once', async () => {
    const chunk = deferred<typeof Hello>();
    let loads = 0;
    const Lazy = lazyComponent(() => {
      loads++;
      return chunk.promise;
    });
    // An awaited act: React retries a suspended render only from one (as the app's own root does by itself).
    await act(async () => {
      render(
        <Suspense fallback={<p>loading</p>}>
          <Lazy name="Ana" />
          <Lazy name="Bo" />
        </Suspense>,
      );
    });
    expect(screen.getByText('loading')).toBeTruthy();
    // React reveals a boundary that showed its fallback after a throttle (up to 300 ms).
    await act(async () => {
      chunk.resolve(Hello);
      await new Promise((r) => setTimeout(r, 400));
    });
    expect(screen.getByText('Hello Bo')).toBeTruthy();
    expect(loads).toBe(1);
  });
});

describe('LINE_CANVAS_LAYERS', () => {
  it("is @nivo/line's own default layer list (kept apart so the layers do not load Nivo)", () => {
    expect(LINE_CANVAS_LAYERS).toEqual(canvasDefaultProps.layers);
  });
});
