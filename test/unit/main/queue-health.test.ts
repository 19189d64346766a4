import { describe, expect, it } from 'vitest';
import type { QueueHealth, QueueLevel } from '../../../src/shared/dashboard';
import { ago, notificationFor, trayPresentation } from '../../../src/main/services/queue-health';

const NOW = Date.UTC(2026, 10, 25, 15, 0, 0);
const reading = (level: QueueLevel, queueSize: number | null = null, checkedAt: number | null = NOW - 120_000, reason: string | null = null): QueueHealth => ({
  level,
  queueSize,
  checkedAt,
  reason,
});

describe('trayPresentation', () => {
  it.each(['normal', 'elevated', 'high', 'unknown'] as const)('uses the %s icon for the %s level', (level) => {
    expect(trayPresentation(reading(level, 3), NOW).icon).toBe(level);
  });

  it('names level, queue size and the time of the last check', () => {
    const p = trayPresentation(reading('elevated', 14), NOW);
    expect(p.tooltip).toContain('Elevated');
    expect(p.tooltip).toContain('14 sessions queued');
    expect(p.tooltip).toContain('2 min ago');
    expect(p.statusLine).toBe('Queue: Elevated (14 sessions queued)');
  });

  it('uses the singular for one session', () => {
    expect(trayPresentation(reading('normal', 1), NOW).statusLine).toBe('Queue: Normal (1 session queued)');
  });

  it('gives the reason when unknown, and says when it was never checked', () => {
    const p = trayPresentation(reading('unknown', null, null, 'No token set'), NOW);
    expect(p.tooltip).toContain('Unknown');
    expect(p.tooltip).toContain('No token set');
    expect(p.tooltip).toContain('Not checked yet');
    expect(p.statusLine).toBe('Queue: Unknown');
  });

  it('labels a size carried over from the cache as last known', () => {
    const p = trayPresentation(reading('unknown', 20, NOW - 3 * 3600_000, 'Offline'), NOW);
    expect(p.tooltip).toContain('Last known: 20 sessions queued');
    expect(p.tooltip).toContain('3 h ago');
  });
});

describe('ago', () => {
  it.each([
    [0, 'just now'],
    [59_000, 'just now'],
    [60_000, '1 min ago'],
    [59 * 60_000, '59 min ago'],
    [60 * 60_000, '1 h ago'],
    [47 * 3600_000, '47 h ago'],
    [72 * 3600_000, '3 d ago'],
    [-5_000, 'just now'],
  ])('%i ms → %s', (delta, text) => {
    expect(ago(NOW - delta, NOW)).toBe(text);
  });
});

describe('notificationFor', () => {
  it('stays quiet on the first reading', () => {
    expect(notificationFor(null, reading('high', 80), 'all')).toBeNull();
  });

  it('stays quiet when the level did not change (even if the size did)', () => {
    expect(notificationFor(reading('elevated', 12), reading('elevated', 40), 'all')).toBeNull();
  });

  it('notifies a rise and a return to normal with "all"', () => {
    const up = notificationFor(reading('normal', 4), reading('high', 61), 'all');
    expect(up?.title).toBe('Devin queue is high');
    expect(up?.body).toContain('61 sessions queued');
    expect(up?.body).toContain('normal');
    const down = notificationFor(reading('high', 61), reading('normal', 2), 'all');
    expect(down?.title).toBe('Devin queue is back to normal');
  });

  it('with "elevated-high" notifies only when the new level is elevated or high', () => {
    expect(notificationFor(reading('normal'), reading('elevated', 12), 'elevated-high')?.title).toBe('Devin queue is elevated');
    expect(notificationFor(reading('elevated'), reading('high', 70), 'elevated-high')?.title).toBe('Devin queue is high');
    expect(notificationFor(reading('high'), reading('elevated', 20), 'elevated-high')?.title).toBe('Devin queue is elevated');
    expect(notificationFor(reading('high'), reading('normal', 2), 'elevated-high')).toBeNull();
  });

  it('never notifies with "off"', () => {
    expect(notificationFor(reading('normal'), reading('high', 90), 'off')).toBeNull();
  });

  it('does not notify going to or from unknown', () => {
    expect(notificationFor(reading('high'), reading('unknown', null, NOW, 'Offline'), 'all')).toBeNull();
    expect(notificationFor(reading('unknown'), reading('high', 90), 'all')).toBeNull();
  });
});
