import { describe, expect, it } from 'vitest';
import { fail, ok, type Result } from '../../../../src/shared/ipc/result';
import { createResourceStore } from '../../../../src/renderer/src/stores/resource';
import { deferred } from '../fake-api';

describe('createResourceStore', () => {
  it('lets only the newest request write, and keeps the last good data beside an error', async () => {
    const answers = new Map<number, ReturnType<typeof deferred<Result<string>>>>();
    const store = createResourceStore<number, string>((n) => {
      const d = deferred<Result<string>>();
      answers.set(n, d);
      return d.promise;
    });
    const first = store.getState().load(1);
    const second = store.getState().load(2);
    expect(store.getState()).toMatchObject({ loading: true, query: 2, data: null });
    answers.get(2)?.resolve(ok('two'));
    await second;
    answers.get(1)?.resolve(ok('one'));
    await first;
    expect(store.getState()).toMatchObject({ data: 'two', loading: false, error: null });

    const third = store.getState().load(3);
    answers.get(3)?.resolve(fail('CACHE_ERROR', 'locked'));
    await third;
    expect(store.getState()).toMatchObject({ data: 'two', query: 3, error: { message: 'locked' } });
  });

  it('reloads the current query, and nothing before the first load', async () => {
    const asked: number[] = [];
    const store = createResourceStore<number, number>(async (n) => {
      asked.push(n);
      return ok(n * 10);
    });
    await store.getState().reload();
    expect(asked).toEqual([]);
    await store.getState().load(4);
    await store.getState().reload();
    expect(asked).toEqual([4, 4]);
    expect(store.getState().data).toBe(40);
  });

  it('gives a store’s own actions the same state', async () => {
    const store = createResourceStore<void, number, { bump(): void }>(
      async () => ok(1),
      (set, get) => ({ bump: () => set({ data: (get().data ?? 0) + 1 }) }),
    );
    await store.getState().load();
    store.getState().bump();
    expect(store.getState().data).toBe(2);
  });
});
