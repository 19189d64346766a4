/** Small shared states: loading skeletons, empty states, error notes, the spinner. */
import type { AppError } from '../../../shared/ipc/result';

export function Skeleton({ lines = 3, label = 'Loading…' }: { lines?: number; label?: string }) {
  return (
    <div className="skeleton" role="status" aria-label={label}>
      {Array.from({ length: lines }, (_, i) => (
        <div key={i} className="skeleton-line" />
      ))}
    </div>
  );
}

export function EmptyState({ children }: { children: string }) {
  return <p className="empty-state">{children}</p>;
}

/** An error shown beside whatever data is still on screen. */
export function ErrorNote({ error, prefix }: { error: AppError; prefix?: string }) {
  return (
    <p className="error-note" role="alert">
      {prefix ? `${prefix}: ` : ''}
      {error.message}
    </p>
  );
}

export function Spinner({ label }: { label: string }) {
  return <span className="spinner" role="status" aria-label={label} />;
}
