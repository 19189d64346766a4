/**
 * The one IPC contract. Main registers a handler per invoke channel, the preload exposes one method per
 * channel, and the renderer's `DashboardApi` type is derived from here: nothing else declares a channel.
 * Every argument is parsed with its schema in main before a handler sees it.
 */
import { z } from 'zod';
import {
  costQuerySchema,
  dashboardQuerySchema,
  sessionsPageQuerySchema,
  settingsPatchSchema,
  type AppStatus,
  type CostData,
  type DashboardData,
  type QueueHealth,
  type SessionsPage,
  type Settings,
  type SyncProgress,
  type SyncReport,
  type TokenState,
  type DatasetName,
} from '../dashboard';
import type { Result } from './result';
import { outcomesQuerySchema, type OutcomesResult } from '../outcomes';

/** A v3 token: `cog_` followed by URL-safe characters. The exact length is not documented, so only bound it. */
export const tokenSchema = z
  .string()
  .trim()
  .regex(/^cog_[A-Za-z0-9_\-.]{8,512}$/, 'a Devin v3 token starts with cog_ (v1/v2 apk_ keys do not work with v3)');

const noArgs = z.undefined();

export const invokeChannels = {
  'app:get-status': { method: 'getStatus', args: noArgs },
  'dashboard:get': { method: 'getDashboard', args: dashboardQuerySchema },
  'sessions:get-page': { method: 'getSessionsPage', args: sessionsPageQuerySchema },
  'cost:get': { method: 'getCost', args: costQuerySchema },
  'sync:run': { method: 'syncNow', args: z.object({ full: z.boolean().default(false) }).strict() },
  'token:save': { method: 'saveToken', args: z.object({ token: tokenSchema }).strict() },
  'token:remove': { method: 'removeToken', args: noArgs },
  'settings:get': { method: 'getSettings', args: noArgs },
  'settings:update': { method: 'updateSettings', args: settingsPatchSchema },
  'export:save-csv': {
    method: 'saveCsv',
    args: z
      .object({
        suggestedName: z.string().regex(/^[\w.-]{1,100}\.csv$/, 'must be a plain file name ending in .csv'),
        content: z.string().max(50 * 1024 * 1024),
      })
      .strict(),
  },
  'external:open': { method: 'openExternal', args: z.object({ url: z.string().max(2048) }).strict() },
  // ---- outcomes (issue 10) ----
  'outcomes:get': { method: 'getOutcomes', args: outcomesQuerySchema },
} as const;

/** What each invoke channel answers (inside a Result). */
export interface InvokeResults {
  'app:get-status': AppStatus;
  'dashboard:get': DashboardData;
  'sessions:get-page': SessionsPage;
  'cost:get': CostData;
  'sync:run': SyncReport;
  'token:save': TokenState;
  'token:remove': TokenState;
  'settings:get': Settings;
  'settings:update': Settings;
  'export:save-csv': { saved: boolean; path: string | null };
  'external:open': { opened: boolean };
  // ---- outcomes (issue 10) ----
  'outcomes:get': OutcomesResult;
}

export type InvokeChannel = keyof typeof invokeChannels;
export type InvokeArgs<C extends InvokeChannel> = z.input<(typeof invokeChannels)[C]['args']>;
export type ParsedArgs<C extends InvokeChannel> = z.output<(typeof invokeChannels)[C]['args']>;

/** Main → renderer events. */
export interface EventPayloads {
  'sync:progress': SyncProgress;
  'data:updated': { datasets: DatasetName[] };
  'queue:changed': QueueHealth;
  'token:changed': TokenState;
  /** Menu and tray commands the renderer carries out (open settings, refresh…). */
  'ui:command': { command: 'open-settings' | 'refresh' };
}
export type EventChannel = keyof EventPayloads;
export const EVENT_CHANNELS = ['sync:progress', 'data:updated', 'queue:changed', 'token:changed', 'ui:command'] as const satisfies readonly EventChannel[];

type MethodOf<C extends InvokeChannel> = (typeof invokeChannels)[C]['method'];
type ChannelByMethod = { [C in InvokeChannel as MethodOf<C>]: C };

/** The object the preload exposes as `window.api`. */
export type DashboardApi = {
  [M in keyof ChannelByMethod]: [InvokeArgs<ChannelByMethod[M]>] extends [undefined]
    ? () => Promise<Result<InvokeResults[ChannelByMethod[M]]>>
    : (args: InvokeArgs<ChannelByMethod[M]>) => Promise<Result<InvokeResults[ChannelByMethod[M]]>>;
} & {
  /** Subscribe to a main → renderer event; returns the unsubscribe. */
  on<E extends EventChannel>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
};

/** Handlers main implements: one per channel, given already-validated arguments. */
export type InvokeHandlers = {
  [C in InvokeChannel]: (args: ParsedArgs<C>) => Promise<InvokeResults[C]>;
};

/** The name the preload exposes the API under. */
export const API_KEY = 'api';
