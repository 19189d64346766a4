/**
 * The IPC handler table: one function per invoke channel (arguments already validated by the dispatcher), each
 * answering from the account on screen. Electron-only channels (save dialog, OS browser) are added by the shell.
 */
import { currentBillingDay } from '../../shared/billing-day';
import type { AppStatus, SettingsPatch, SyncReport } from '../../shared/dashboard';
import type { EventChannel, EventPayloads } from '../../shared/ipc/channels';
import type { InvokeHandlers } from '../../shared/ipc/schemas';
import { ok, type Result } from '../../shared/ipc/result';
import { toAppError } from './api-errors';
import type { AccountManager } from './account/accounts';
import type { OutcomesService } from './outcomes-service';
import type { SettingsStore } from './settings-store';
import type { SpendService } from './spend';

export type CoreHandlers = Omit<InvokeHandlers, 'export:save-csv' | 'external:open'>;

/** One part of `app:initial-data`: its handler's answer or error as a value, as the dispatcher would give it. */
async function settle<T>(part: () => Promise<T>): Promise<Result<T>> {
  try {
    return ok(await part());
  } catch (err) {
    return { ok: false, error: toAppError(err) };
  }
}

export interface HandlerDeps {
  accounts: AccountManager;
  /** Limits and alerts panels. */
  spend: SpendService;
  /** What the ACUs bought (PRs), where they went, runaway sessions. */
  outcomes: OutcomesService;
  settings: SettingsStore;
  now: () => number;
  getStatus: () => AppStatus;
  runSync: (kind: 'full' | 'incremental') => Promise<SyncReport>;
  /** Stops the running sync, if any; true when there was one. */
  cancelSync: () => boolean;
  emit: <E extends EventChannel>(event: E, payload: EventPayloads[E]) => void;
  onSettingsChanged: (patch: SettingsPatch) => void;
}

export function createHandlers(deps: HandlerDeps): CoreHandlers {
  const { accounts, emit } = deps;

  const cache = () => accounts.cache();

  /** Token changes also switch the account; the window hears of both. */
  const tokenChanged = async (change: Promise<EventPayloads['token:changed']>) => {
    const state = await change;
    emit('token:changed', state);
    return state;
  };

  const handlers: Omit<CoreHandlers, 'app:initial-data'> = {
    'app:get-status': async () => deps.getStatus(),
    'dashboard:get': async (q) => cache().getDashboard(q),
    'dashboard:users': async (q) => cache().getUserAcus(q),
    'sessions:get-page': async (q) => cache().getSessionsPage(q),
    'cost:get': async (q) => cache().getCost({ orgId: q.orgId, today: q.today ?? currentBillingDay(deps.now()) }),
    'sync:run': async ({ full }) => deps.runSync(full ? 'full' : 'incremental'),
    'sync:cancel': async () => ({ cancelled: deps.cancelSync() }),
    'token:save': ({ token, apiBaseUrl }) => tokenChanged(accounts.saveToken(token, apiBaseUrl)),
    'token:remove': () => tokenChanged(accounts.removeToken()),
    'profiles:list': async () => accounts.profiles(),
    'profiles:add': async (input) => {
      const state = accounts.addProfile(input);
      emit('profiles:changed', state);
      return state;
    },
    'profiles:rename': async ({ id, name }) => {
      const state = accounts.renameProfile(id, name);
      emit('profiles:changed', state);
      // The header names the active profile.
      emit('account:changed', accounts.account());
      return state;
    },
    'profiles:remove': async ({ id }) => {
      const state = await accounts.removeProfile(id);
      emit('profiles:changed', state);
      emit('token:changed', accounts.tokenState());
      return state;
    },
    'profiles:switch': async ({ id }) => {
      const state = await accounts.switchProfile(id);
      emit('token:changed', accounts.tokenState());
      return state;
    },
    ...deps.spend.handlers,
    'outcomes:get': (q) => deps.outcomes.get(q),
    'settings:get': async () => deps.settings.get(),
    'settings:update': async (patch) => {
      const next = deps.settings.update(patch);
      deps.onSettingsChanged(patch);
      return next;
    },
  };

  return {
    ...handlers,
    // The first screen in one answer, built from the channels it stands for. Outcomes are not part of it: its
    // query is the slowest, so the window asks for it on its own, right behind this one.
    'app:initial-data': async (q) => ({
      status: await settle(() => handlers['app:get-status'](undefined)),
      settings: await settle(() => handlers['settings:get'](undefined)),
      profiles: await settle(() => handlers['profiles:list'](undefined)),
      dashboard: await settle(() => handlers['dashboard:get'](q.dashboard)),
      cost: await settle(() => handlers['cost:get'](q.cost)),
      sessionsPage: await settle(() => handlers['sessions:get-page'](q.sessionsPage)),
      limits: await settle(() => handlers['limits:get'](q.limits)),
      alerts: await settle(() => handlers['alerts:list'](undefined)),
    }),
  };
}
