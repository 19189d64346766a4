import { describe, expect, it } from 'vitest';
import type { QueueHealth } from '../../../src/shared/dashboard';
import { createQueuePoller, nextDelayMs, type QueuePollerOptions } from '../../../src/main/services/queue-poller';

/** A manual clock: timers fire only when the test advances time. */
function fakeTimers() {
  let now = 0;
  let seq = 0;
  const pending = new Map<number, { at: number; fn: () => void }>();
  const timers = {
    setTimeout: ((fn: () => void, ms: number) => {
      const id = ++seq;
      pending.set(id, { at: now + ms, fn });
      return id as unknown as ReturnType<typeof setTimeout>;
    }) as unknown as typeof setTimeout,
    clearTimeout: ((id: number) => {
      pending.delete(id);
    }) as unknown as typeof clearTimeout,
  };
  const flush = () => new Promise<void>((r) => setImmediate(r));
  return {
    timers,
    now: () => now,
    pendingDelays: () => [...pending.values()].map((t) => t.at - now),
    /** Moves time forward, firing due timers in order and letting their promises settle. */
    async advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const due = [...pending.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        pending.delete(due[0]);
        now = due[1].at;
        due[1].fn();
        await flush();
      }
      now = end;
      await flush();
    },
    flush,
  };
}

const ok = (size = 3): QueueHealth => ({ level: 'normal', queueSize: size, checkedAt: 0, reason: null });
const unknown: QueueHealth = { level: 'unknown', queueSize: null, checkedAt: 0, reason: 'Offline' };

function setup(results: (() => Promise<QueueHealth>)[] | (() => Promise<QueueHealth>), extra: Partial<QueuePollerOptions> = {}) {
  const clock = fakeTimers();
  const seen: QueueHealth[] = [];
  let calls = 0;
  let interval = 60_000;
  const poller = createQueuePoller({
    check: () => {
      const next = Array.isArray(results) ? results[Math.min(calls, results.length - 1)]! : results;
      calls++;
      return next();
    },
    intervalMs: () => interval,
    onCheck: (h) => seen.push(h),
    timers: clock.timers,
    now: clock.now,
    ...extra,
  });
  return { clock, poller, seen, calls: () => calls, setInterval: (ms: number) => (interval = ms) };
}

describe('nextDelayMs', () => {
  it('doubles per failure from the interval and caps at the maximum', () => {
    expect(nextDelayMs(60_000, 0, 900_000)).toBe(60_000);
    expect(nextDelayMs(60_000, 1, 900_000)).toBe(120_000);
    expect(nextDelayMs(60_000, 3, 900_000)).toBe(480_000);
    expect(nextDelayMs(60_000, 10, 900_000)).toBe(900_000);
    // A cap below the interval never makes polling faster than the interval.
    expect(nextDelayMs(60_000, 2, 30_000)).toBe(60_000);
  });
});

describe('createQueuePoller', () => {
  it('checks at start, then once per interval', async () => {
    const t = setup(async () => ok());
    t.poller.start();
    await t.clock.flush();
    expect(t.calls()).toBe(1);
    expect(t.seen).toHaveLength(1);
    await t.clock.advance(59_999);
    expect(t.calls()).toBe(1);
    await t.clock.advance(1);
    expect(t.calls()).toBe(2);
    await t.clock.advance(120_000);
    expect(t.calls()).toBe(4);
  });

  it('reads the interval again for every wait', async () => {
    const t = setup(async () => ok());
    t.poller.start();
    await t.clock.flush();
    t.setInterval(30_000);
    await t.clock.advance(60_000); // the first wait was already scheduled at 60 s
    expect(t.calls()).toBe(2);
    await t.clock.advance(30_000);
    expect(t.calls()).toBe(3);
  });

  it('backs off exponentially after consecutive failures and resets after a success', async () => {
    const t = setup([async () => unknown, async () => unknown, async () => unknown, async () => ok()], { maxBackoffMs: 200_000 });
    t.poller.start();
    await t.clock.flush();
    expect(t.clock.pendingDelays()).toEqual([120_000]);
    await t.clock.advance(120_000);
    expect(t.clock.pendingDelays()).toEqual([200_000]); // 240 s capped at 200 s
    await t.clock.advance(200_000);
    expect(t.calls()).toBe(3);
    expect(t.clock.pendingDelays()).toEqual([200_000]);
    await t.clock.advance(200_000);
    expect(t.seen.at(-1)?.level).toBe('normal');
    expect(t.clock.pendingDelays()).toEqual([60_000]);
  });

  it('never runs two checks at once: checkNow joins the check in flight', async () => {
    let release: (h: QueueHealth) => void = () => undefined;
    const t = setup(() => new Promise<QueueHealth>((r) => (release = r)));
    t.poller.start();
    const a = t.poller.checkNow();
    const b = t.poller.checkNow();
    await t.clock.advance(10 * 60_000);
    expect(t.calls()).toBe(1);
    expect(t.clock.pendingDelays()).toEqual([]);
    release(ok(7));
    await expect(a).resolves.toEqual(ok(7));
    await expect(b).resolves.toEqual(ok(7));
    expect(t.clock.pendingDelays()).toEqual([60_000]);
  });

  it('checkNow checks at once and restarts the interval', async () => {
    const t = setup(async () => ok());
    t.poller.start();
    await t.clock.flush();
    await t.clock.advance(50_000);
    await t.poller.checkNow();
    await t.clock.flush();
    expect(t.calls()).toBe(2);
    await t.clock.advance(59_000);
    expect(t.calls()).toBe(2);
    await t.clock.advance(1_000);
    expect(t.calls()).toBe(3);
  });

  it('delivers a checkNow made before start (the core checks right after a mode switch)', async () => {
    const t = setup(async () => ok(5));
    await t.poller.checkNow();
    expect(t.seen).toEqual([ok(5)]);
    expect(t.clock.pendingDelays()).toEqual([]);
  });

  it('does not poll while paused; resume checks at once with a fresh backoff', async () => {
    const t = setup([async () => unknown, async () => unknown, async () => ok()]);
    t.poller.start();
    await t.clock.flush();
    t.poller.pause();
    expect(t.clock.pendingDelays()).toEqual([]);
    await t.clock.advance(3600_000);
    expect(t.calls()).toBe(1);
    t.poller.resume();
    await t.clock.flush();
    expect(t.calls()).toBe(2);
    // One failure since resume, not two: the wait is 2× the interval, not 4×.
    expect(t.clock.pendingDelays()).toEqual([120_000]);
  });

  it('stops: no more checks, and a check in flight reports to no one', async () => {
    let release: (h: QueueHealth) => void = () => undefined;
    const t = setup(() => new Promise<QueueHealth>((r) => (release = r)));
    t.poller.start();
    t.poller.stop();
    release(ok());
    await t.clock.advance(3600_000);
    expect(t.seen).toEqual([]);
    expect(t.calls()).toBe(1);
  });

  it('survives a check that throws: the reading is unknown with the (redacted) reason, polling goes on', async () => {
    const t = setup([
      async () => {
        throw new Error('boom with cog_secret_token_123456');
      },
      async () => ok(),
    ]);
    t.poller.start();
    await t.clock.flush();
    expect(t.seen[0]?.level).toBe('unknown');
    expect(t.seen[0]?.reason).toContain('boom');
    expect(t.seen[0]?.reason).not.toContain('cog_secret_token_123456');
    await t.clock.advance(120_000);
    expect(t.seen[1]?.level).toBe('normal');
  });
});
