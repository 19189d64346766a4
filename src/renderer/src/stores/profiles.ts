/** The profiles (named Devin accounts) and the actions on them; main owns the list and says when it changes. */
import { create } from 'zustand';
import type { ProfilesState } from '../../../shared/dashboard';
import type { AppError, Result } from '../../../shared/ipc/result';
import { api, call } from '../api';
import { clearAccountFigures, reloadAccountFigures } from './account-figures';

interface ProfilesStoreState {
  profiles: ProfilesState | null;
  error: AppError | null;
  /** A switch, add, rename or removal is in flight. */
  busy: boolean;
  /** `answer`: the list already on its way (`app:initial-data`). */
  load(answer?: Promise<Result<ProfilesState>>): Promise<void>;
  set(profiles: ProfilesState): void;
  switchTo(id: string): Promise<Result<ProfilesState>>;
  add(input: { name: string; apiBaseUrl?: string }): Promise<Result<ProfilesState>>;
  rename(id: string, name: string): Promise<Result<ProfilesState>>;
  remove(id: string): Promise<Result<ProfilesState>>;
}

export const useProfilesStore = create<ProfilesStoreState>()((set, get) => {
  /** Runs one action; its answer (the new list) replaces the old one. */
  const act = async (invoke: () => Promise<Result<ProfilesState>>): Promise<Result<ProfilesState>> => {
    set({ busy: true });
    const res = await call(invoke);
    set(res.ok ? { busy: false, profiles: res.data, error: null } : { busy: false });
    return res;
  };
  return {
    profiles: null,
    error: null,
    busy: false,
    load: async (answer) => {
      const res = await (answer ?? call(() => api().listProfiles()));
      set(res.ok ? { profiles: res.data, error: null } : { error: res.error });
    },
    set: (profiles) => set({ profiles }),
    switchTo: async (id) => {
      const current = get().profiles;
      if (current?.activeId === id) return { ok: true, data: current };
      // The figures on screen are the previous account's from this moment on.
      clearAccountFigures();
      const res = await act(() => api().switchProfile({ id }));
      if (!res.ok) reloadAccountFigures();
      return res;
    },
    add: (input) => act(() => api().addProfile(input)),
    rename: (id, name) => act(() => api().renameProfile({ id, name })),
    remove: (id) => act(() => api().removeProfile({ id })),
  };
});
