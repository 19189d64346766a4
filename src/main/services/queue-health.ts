/**
 * What the tray shows and when to notify, as pure functions of the queue readings (the Electron tray
 * and notification wrappers only draw what these return).
 */
import type { QueueHealth, QueueLevel, Settings } from '../../shared/dashboard';

export interface TrayPresentation {
  icon: QueueLevel;
  tooltip: string;
  /** First, disabled line of the tray menu. */
  statusLine: string;
}

const LABEL: Record<QueueLevel, string> = { normal: 'Normal', elevated: 'Elevated', high: 'High', unknown: 'Unknown' };

function sessionsQueued(n: number): string {
  return `${n} session${n === 1 ? '' : 's'} queued`;
}

function clockTime(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** "just now", "5 min ago", "3 h ago", "2 d ago". */
export function ago(ms: number, now: number): string {
  const minutes = Math.floor(Math.max(0, now - ms) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} h ago` : `${Math.floor(hours / 24)} d ago`;
}

export function trayPresentation(h: QueueHealth, now: number): TrayPresentation {
  const size = h.queueSize === null ? null : sessionsQueued(h.queueSize);
  const statusLine = `Queue: ${LABEL[h.level]}${size ? ` (${size})` : ''}`;
  const checked = h.checkedAt === null ? 'Not checked yet' : `Checked ${clockTime(h.checkedAt)} (${ago(h.checkedAt, now)})`;
  const lines = [`Devin queue: ${LABEL[h.level]}`];
  if (size) lines.push(h.level === 'unknown' ? `Last known: ${size}` : size);
  if (h.level === 'unknown' && h.reason) lines.push(h.reason);
  lines.push(checked);
  return { icon: h.level, tooltip: lines.join('\n'), statusLine };
}

/**
 * A notification for a change of level, or null. `prev` is the previous reading the user was told
 * about (the caller passes the last known one, so normal → unknown → high still notifies once).
 * None on the first reading, none to or from unknown, none when the level did not change.
 */
export function notificationFor(
  prev: QueueHealth | null,
  next: QueueHealth,
  pref: Settings['notifications'],
): { title: string; body: string } | null {
  if (pref === 'off' || prev === null) return null;
  if (prev.level === 'unknown' || next.level === 'unknown' || prev.level === next.level) return null;
  if (pref === 'elevated-high' && next.level === 'normal') return null;
  const title = next.level === 'normal' ? 'Devin queue is back to normal' : `Devin queue is ${next.level}`;
  const size = next.queueSize === null ? '' : `${sessionsQueued(next.queueSize)}. `;
  return { title, body: `${size}It was ${prev.level}.` };
}
