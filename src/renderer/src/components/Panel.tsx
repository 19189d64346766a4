import { Skeleton } from './Feedback';
import type { ReactNode } from 'react';

interface PanelProps {
  testId: string;
  title: string;
  /** Controls at the right of the title (toggles, Export CSV). */
  actions?: ReactNode;
  /** Shown beside the title when the panel reloads while keeping its data on screen. */
  busy?: boolean;
  className?: string;
  children: ReactNode;
}

export function Panel({ testId, title, actions, busy = false, className, children }: PanelProps) {
  const headingId = `${testId}-title`;
  return (
    <section
      className={`panel${className ? ` ${className}` : ''}`}
      data-testid={testId}
      aria-labelledby={headingId}
      aria-busy={busy}
    >
      <header className="panel-header">
        <h2 id={headingId}>{title}</h2>
        {actions ? <div className="panel-actions">{actions}</div> : null}
      </header>
      {children}
    </section>
  );
}

/**
 * What a lazily loaded panel (App.tsx) shows while its code loads: the panel's frame, title and a loading
 * note, at the size class of the panel (styles.css), so the page does not jump when the panel arrives.
 */
export function PanelPlaceholder({ title, size }: { title: string; size: 'table' | 'panel' }) {
  return (
    <section className={`panel panel-placeholder panel-placeholder-${size}`} aria-label={title} aria-busy>
      <header className="panel-header">
        <h2>{title}</h2>
      </header>
      <Skeleton lines={4} label={`Loading ${title.toLowerCase()}`} />
    </section>
  );
}
