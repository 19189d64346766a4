import { useLayoutEffect, useState, type RefObject } from 'react';

/**
 * The width of an element without padding or border (a chart box) in CSS pixels: measured before the
 * first paint, then kept current by a ResizeObserver. 0 until measured.
 */
export function useElementWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.getBoundingClientRect().width);
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(entry.contentRect.width);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}
