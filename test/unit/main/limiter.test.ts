import { describe, expect, it } from 'vitest';
import { createLimiter } from '../../../src/main/services/limiter';

describe('createLimiter', () => {
  it('never runs more than the limit at once and runs everything', async () => {
    const limit = createLimiter(3);
    let active = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        limit(async () => {
          active++;
          peak = Math.max(peak, active);
          await new Promise((r) => setTimeout(r, 2));
          active--;
          return i;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('frees the slot when a task fails', async () => {
    const limit = createLimiter(1);
    await expect(limit(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limit(async () => 'next')).resolves.toBe('next');
  });

  it('rejects a nonsensical limit', () => {
    expect(() => createLimiter(0)).toThrow(RangeError);
  });
});

describe('urgent tasks', () => {
  it('start before queued normal tasks, in their own FIFO order', async () => {
    const limit = createLimiter(1);
    const order: string[] = [];
    let release!: () => void;
    const blocker = limit(() => new Promise<void>((r) => (release = r)));
    const run = (name: string, urgent: boolean) => limit(async () => void order.push(name), urgent);
    const all = [run('n1', false), run('u1', true), run('n2', false), run('u2', true)];
    release();
    await Promise.all([blocker, ...all]);
    expect(order).toEqual(['u1', 'u2', 'n1', 'n2']);
  });
});
