/**
 * Long tables render only the rows around their scroll container's viewport (with `overscan` more on each side),
 * between two spacer rows that keep the scroll height of the whole table. Every row is TABLE_ROW_HEIGHT high
 * (styles.css: `.data-table td` has that height and does not wrap), so no row needs measuring.
 */
import { useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import type { RefObject } from 'react';

const TABLE_ROW_HEIGHT = 36;

export interface VirtualRows {
  virtualizer: Virtualizer<HTMLDivElement, Element>;
  /** The rows to render: `index` into the table's rows. */
  items: { index: number; start: number; end: number }[];
  /** Heights of the spacer rows above and below them. */
  before: number;
  after: number;
}

export function useVirtualRows(count: number, scrollRef: RefObject<HTMLDivElement | null>, overscan: number): VirtualRows {
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer's API is read during render by design
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => TABLE_ROW_HEIGHT,
    overscan,
    // By default it renders its scroll and size updates with flushSync, which React refuses (and warns
    // about) for the ones its own mount effects make; a batched render draws the same rows.
    useFlushSync: false,
  });
  const items = virtualizer.getVirtualItems();
  const before = items[0]?.start ?? 0;
  const after = Math.max(0, virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0));
  return { virtualizer, items, before, after };
}

/** Stands in for the rows not rendered; hidden from assistive technology (the table's aria-rowcount counts them). */
export function SpacerRow({ height }: { height: number }) {
  return height > 0 ? <tr aria-hidden="true" className="spacer" style={{ height }} /> : null;
}
