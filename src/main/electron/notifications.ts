/**
 * Desktop notifications for queue level changes. The decision is services/queue-health.ts
 * `notificationFor`; this only remembers the last known reading and shows what it returns.
 */
import { Notification } from 'electron';
import type { QueueHealth, Settings } from '../../shared/dashboard';
import { notificationFor } from '../services/queue-health';
import type { Logger } from '../services/logger';

export function createQueueNotifier(opts: {
  preference: () => Settings['notifications'];
  onClick: () => void;
  log: Logger;
}): (health: QueueHealth) => void {
  // Unknown readings (offline, no token) do not replace the last known level, so a blip is not a change.
  let lastKnown: QueueHealth | null = null;
  return (health) => {
    const note = notificationFor(lastKnown, health, opts.preference());
    if (health.level !== 'unknown') lastKnown = health;
    if (!note) return;
    if (!Notification.isSupported()) {
      opts.log.info('notifications are not supported here', { title: note.title });
      return;
    }
    const n = new Notification({ title: note.title, body: note.body, silent: health.level === 'normal' });
    n.on('click', opts.onClick);
    n.show();
  };
}

/**
 * Notifications main decided to show (spend alerts: services/spend `spendNotifications`; runaway sessions:
 * services/runaway-alerts.ts); a click runs `onClick` (opens the panel they are about).
 */
export function showNotifications(notes: readonly { title: string; body: string }[], onClick: () => void, log: Logger): void {
  if (notes.length === 0) return;
  if (!Notification.isSupported()) {
    log.info('notifications are not supported here', { title: notes[0]?.title });
    return;
  }
  for (const note of notes) {
    const n = new Notification({ title: note.title, body: note.body });
    n.on('click', onClick);
    n.show();
  }
}
