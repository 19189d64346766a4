import type { ReactNode, Ref } from 'react';

/**
 * A table's box that scrolls on its own: focusable and named, so a keyboard user can reach it and scroll it
 * (axe: scrollable-region-focusable). `className` adds the box's height (styles.css).
 */
export function TableScroll({
  label,
  className,
  ref,
  children,
}: {
  label: string;
  className?: string;
  ref?: Ref<HTMLDivElement>;
  children: ReactNode;
}) {
  return (
    <div className={`table-scroll${className ? ` ${className}` : ''}`} ref={ref} tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
