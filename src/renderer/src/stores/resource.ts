/**
 * The one way the renderer keeps something it reads from main: the last good answer stays on screen
 * while a newer request loads or after it fails, the error is shown beside it, and only the newest
 * request may write (answers to superseded queries are dropped).
 */
import { create, type StoreApi, type UseBoundStore } from 'zustand';
import { shallow } from 'zustand/shallow';
import type { AppError, Result } from '../../../shared/ipc/result';
import { call } from '../api';

export interface ResourceState<Query, Data> {
  /** The last successful answer (possibly for an earlier query while a new one loads). */
  data: Data | null;
  /** Why the newest request failed; null once one succeeds. */
  error: AppError | null;
  loading: boolean;
  /** The query asked last; null before the first load. */
  query: Query | null;
  /** Asks main for `query`; `answer`, when given, is that answer already on its way (`app:initial-data`). */
  load(query: Query, answer?: Promise<Result<Data>>): Promise<void>;
  /** `load`, unless the newest request is already for an equal query (a panel mounting after the first answer). */
  request(query: Query): Promise<void>;
  /** Asks again for the current query (after `data:updated`); nothing before the first load. */
  reload(): Promise<void>;
  /** Forgets the data and drops every answer still on its way (another account is now on screen). */
  clear(): void;
}

/**
 * A zustand store over `fetch`. `extend` adds a store's own fields and actions (e.g. the status
 * store's Refresh); it gets the same `set`/`get` as the store.
 */
export function createResourceStore<Query, Data, Extra extends object = object>(
  fetch: (query: Query) => Promise<Result<Data>>,
  extend?: (
    set: StoreApi<ResourceState<Query, Data> & Extra>['setState'],
    get: () => ResourceState<Query, Data> & Extra,
  ) => Extra,
  /** Called after an answer lands; `isLatest()` stays true until another request (or `clear`) supersedes it. */
  onLoaded?: (query: Query, data: Data, isLatest: () => boolean, get: () => ResourceState<Query, Data> & Extra) => void,
): UseBoundStore<StoreApi<ResourceState<Query, Data> & Extra>> {
  type State = ResourceState<Query, Data> & Extra;
  // Per store: only the newest request may write.
  let latest = 0;
  return create<State>()((set, get) => {
    const patch = (p: Partial<ResourceState<Query, Data>>): void => set(p as Partial<State>);
    const resource: ResourceState<Query, Data> = {
      data: null,
      error: null,
      loading: false,
      query: null,
      load: async (query, answer) => {
        const seq = ++latest;
        patch({ loading: true, query });
        const res = await (answer ?? call(() => fetch(query)));
        if (seq !== latest) return;
        patch(
          res.ok ? { data: res.data, error: null, loading: false } : { error: res.error, loading: false },
        );
        if (res.ok) onLoaded?.(query, res.data, () => seq === latest, get);
      },
      request: async (query) => {
        const current = get().query;
        if (current !== null && shallow(current, query)) return;
        await get().load(query);
      },
      reload: async () => {
        const { query } = get();
        if (query !== null) await get().load(query);
      },
      clear: () => {
        latest++;
        patch({ data: null, error: null, loading: false });
      },
    };
    return { ...resource, ...(extend?.(set, get) ?? ({} as Extra)) };
  });
}
