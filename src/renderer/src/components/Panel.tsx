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
