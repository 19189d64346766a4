import type { QueueHealth } from '../../../../shared/dashboard';
import { formatClock } from '../../lib/format';
import { useStatusStore } from '../../stores/status';

export function queueTooltip(queue: QueueHealth | null): string {
  if (!queue || queue.level === 'unknown') {
    const reason = queue?.reason ? `: ${queue.reason}` : '';
    const checked = queue?.checkedAt ? ` (checked ${formatClock(queue.checkedAt)})` : '';
    return `Devin queue status unknown${reason}${checked}`;
  }
  const size = queue.queueSize === null ? '' : `, ${queue.queueSize} in queue`;
  const checked = queue.checkedAt ? `, checked ${formatClock(queue.checkedAt)}` : '';
  return `Devin queue ${queue.level}${size}${checked}`;
}

export function QueueBadge() {
  const queue = useStatusStore((s) => s.data?.queue ?? null);
  const level = queue?.level ?? 'unknown';
  const tooltip = queueTooltip(queue);
  return (
    <span
      className={`queue-badge queue-${level}`}
      data-testid="queue-status"
      data-level={level}
      title={tooltip}
      aria-label={tooltip}
    >
      Queue: {level}
    </span>
  );
}
