/**
 * Bounded concurrency for API requests: at most `concurrency` tasks run at once; the rest wait in FIFO order,
 * urgent ones (the next page of a cursor chain) ahead of the others.
 * (p-limit is ESM-only and main is bundled as CommonJS; this is the dozen lines we need.)
 */
export type Limiter = <T>(task: () => Promise<T>, urgent?: boolean) => Promise<T>;

export function createLimiter(concurrency: number): Limiter {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError('concurrency must be a positive integer');
  let active = 0;
  const urgentQueue: (() => void)[] = [];
  const queue: (() => void)[] = [];
  const next = () => {
    active--;
    (urgentQueue.shift() ?? queue.shift())?.();
  };
  return async <T>(task: () => Promise<T>, urgent = false): Promise<T> => {
    if (active >= concurrency) await new Promise<void>((resolve) => (urgent ? urgentQueue : queue).push(resolve));
    active++;
    try {
      return await task();
    } finally {
      next();
    }
  };
}
