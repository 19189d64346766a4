/**
 * The IPC channel table: every invoke channel with its `window.api` method, every main → renderer event,
 * and the types the renderer sees. Zod-free at run time, because the sandboxed preload bundles all it
 * imports: the argument schemas live in ./schemas (main validates every argument there).
 * Nothing else declares a channel.
 */
import type {
  AccountStatus,
  AppStatus,
  CacheUpgradeProgress,
  ProfilesState,
  CostData,
  DashboardData,
  DatasetName,
  QueueHealth,
  SessionsPage,
  Settings,
  SyncProgress,
  SyncReport,
  TokenState,
  UserAcus,
} from '../dashboard';
import type { OutcomesResult, RunawayAlertsEvent } from '../outcomes';
import type { LimitsReport, SpendAlert, SpendAlertsEvent } from '../spend';
import type { Result } from './result';
import type { InvokeArgs } from './schemas';

/** Invoke channel → the `window.api` method that calls it. */
export const invokeMethods = {
  'app:get-status': 'getStatus',
  // The first screen in one round trip (the channels below stay for every later load).
  'app:initial-data': 'getInitialData',
  'dashboard:get': 'getDashboard',
  'dashboard:users': 'getDashboardUsers',
  'sessions:get-page': 'getSessionsPage',
  'cost:get': 'getCost',
  'sync:run': 'syncNow',
  'sync:cancel': 'cancelSync',
  'token:save': 'saveToken',
  'token:remove': 'removeToken',
  'profiles:list': 'listProfiles',
  'profiles:add': 'addProfile',
  'profiles:rename': 'renameProfile',
  'profiles:remove': 'removeProfile',
  'profiles:switch': 'switchProfile',
  'settings:get': 'getSettings',
  'settings:update': 'updateSettings',
  'export:save-csv': 'saveCsv',
  'external:open': 'openExternal',
  // Spend control; budgets and alert thresholds travel in settings:update.
  'limits:get': 'getLimits',
  'alerts:list': 'listAlerts',
  'alerts:acknowledge': 'acknowledgeAlerts',
  'outcomes:get': 'getOutcomes',
} as const;

export type InvokeChannel = keyof typeof invokeMethods;

/**
 * What the window shows first, each part answered as its own channel would: one part failing (no cache yet,
 * a bad limits file) leaves the others standing, and the store of that part shows its error as usual.
 */
export interface InitialData {
  status: Result<AppStatus>;
  settings: Result<Settings>;
  profiles: Result<ProfilesState>;
  dashboard: Result<DashboardData>;
  cost: Result<CostData>;
  sessionsPage: Result<SessionsPage>;
  limits: Result<LimitsReport>;
  alerts: Result<SpendAlert[]>;
}

/** What each invoke channel answers (inside a Result). */
export interface InvokeResults {
  'app:get-status': AppStatus;
  'app:initial-data': InitialData;
  'dashboard:get': DashboardData;
  /** Every user with sessions in the range (the dashboard names only the top ones). */
  'dashboard:users': UserAcus[];
  'sessions:get-page': SessionsPage;
  'cost:get': CostData;
  'sync:run': SyncReport;
  /** `cancelled`: a sync was running and stops without writing anything (its previous data stays). */
  'sync:cancel': { cancelled: boolean };
  'token:save': TokenState;
  'token:remove': TokenState;
  'profiles:list': ProfilesState;
  'profiles:add': ProfilesState;
  'profiles:rename': ProfilesState;
  'profiles:remove': ProfilesState;
  'profiles:switch': ProfilesState;
  'settings:get': Settings;
  'settings:update': Settings;
  'export:save-csv': { saved: boolean; path: string | null };
  'external:open': { opened: boolean };
  'limits:get': LimitsReport;
  'alerts:list': SpendAlert[];
  'alerts:acknowledge': SpendAlert[];
  'outcomes:get': OutcomesResult;
}

/** Main → renderer events. */
export interface EventPayloads {
  'sync:progress': SyncProgress;
  /** The cache being opened is upgraded first (a migration or a repair); the last one has `done === total`. */
  'cache:progress': CacheUpgradeProgress;
  /** `datasets: []` means everything may have changed (a mode or account switch): reload all. */
  'data:updated': { datasets: DatasetName[] };
  'queue:changed': QueueHealth;
  'token:changed': TokenState;
  /** The account on screen changed (profile switch, another token): drop every figure shown before loading again. */
  'account:changed': AccountStatus | null;
  'profiles:changed': ProfilesState;
  /** Menu and tray commands the renderer carries out (open settings, refresh…). */
  'ui:command': { command: 'open-settings' | 'refresh' | 'open-limits' | 'open-runaway' };
  /** Alerts a sync just fired (each once), and the tray's view of the limits. */
  'spend:alerts': SpendAlertsEvent;
  /** Running sessions that crossed the runaway rule in a sync (only with the setting on). */
  'runaway:alerts': RunawayAlertsEvent;
}
export type EventChannel = keyof EventPayloads;

// Keyed by every event: adding one to EventPayloads without listing it here fails to compile.
const eventSet = {
  'sync:progress': true,
  'cache:progress': true,
  'data:updated': true,
  'queue:changed': true,
  'token:changed': true,
  'account:changed': true,
  'profiles:changed': true,
  'ui:command': true,
  'spend:alerts': true,
  'runaway:alerts': true,
} as const satisfies Record<EventChannel, true>;

export const EVENT_CHANNELS = Object.freeze(Object.keys(eventSet) as EventChannel[]);

// Own keys only, so `__proto__`, `constructor` and friends are not channels.
export const isInvokeChannel = (value: unknown): value is InvokeChannel =>
  typeof value === 'string' && Object.hasOwn(invokeMethods, value);
export const isEventChannel = (value: unknown): value is EventChannel =>
  typeof value === 'string' && Object.hasOwn(eventSet, value);

type ChannelByMethod = { [C in InvokeChannel as (typeof invokeMethods)[C]]: C };

/** One method per invoke channel; a channel without arguments takes none. */
export type InvokeMethods = {
  [M in keyof ChannelByMethod]: [InvokeArgs<ChannelByMethod[M]>] extends [undefined]
    ? () => Promise<Result<InvokeResults[ChannelByMethod[M]]>>
    : (args: InvokeArgs<ChannelByMethod[M]>) => Promise<Result<InvokeResults[ChannelByMethod[M]]>>;
};

/** The object the preload exposes as `window.api`. */
export type DashboardApi = InvokeMethods & {
  /** Subscribe to a main → renderer event; returns the unsubscribe. */
  on<E extends EventChannel>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
};

/** The name the preload exposes the API under. */
export const API_KEY = 'api';
