/**
 * The argument schema of every invoke channel (./channels names them). Main parses each argument with
 * its schema before a handler sees it; the preload never imports this file (it would bundle zod).
 */
import { z } from 'zod';
import {
  apiBaseUrlSchema,
  profileIdSchema,
  profileNameSchema,
  costQuerySchema,
  dashboardQuerySchema,
  sessionsPageQuerySchema,
  settingsPatchSchema,
} from '../dashboard';
import { outcomesQuerySchema } from '../outcomes';
import { acknowledgeAlertsSchema, limitsQuerySchema } from '../spend';
import type { InvokeChannel, InvokeResults } from './channels';

/** A v3 token: `cog_` followed by URL-safe characters. The exact length is not documented, so only bound it. */
export const tokenSchema = z
  .string()
  .trim()
  .regex(
    /^cog_[A-Za-z0-9_\-.]{8,512}$/,
    'a Devin v3 token starts with cog_ (v1/v2 apk_ keys do not work with v3)',
  );

const noArgs = z.undefined();

export const invokeArgSchemas = {
  'app:get-status': noArgs,
  // Each part's query, exactly as its own channel takes it.
  'app:initial-data': z
    .object({
      dashboard: dashboardQuerySchema,
      cost: costQuerySchema,
      sessionsPage: sessionsPageQuerySchema,
      limits: limitsQuerySchema,
    })
    .strict(),
  'dashboard:get': dashboardQuerySchema,
  'dashboard:users': dashboardQuerySchema,
  'sessions:get-page': sessionsPageQuerySchema,
  'cost:get': costQuerySchema,
  'sync:run': z.object({ full: z.boolean().default(false) }).strict(),
  'sync:cancel': noArgs,
  // The API host goes with the token it is checked against (Devin Enterprise tenants have their own).
  'token:save': z.object({ token: tokenSchema, apiBaseUrl: apiBaseUrlSchema.optional() }).strict(),
  'token:remove': noArgs,
  'profiles:list': noArgs,
  'profiles:add': z.object({ name: profileNameSchema, apiBaseUrl: apiBaseUrlSchema.optional() }).strict(),
  'profiles:rename': z.object({ id: profileIdSchema, name: profileNameSchema }).strict(),
  'profiles:remove': z.object({ id: profileIdSchema }).strict(),
  'profiles:switch': z.object({ id: profileIdSchema }).strict(),
  'settings:get': noArgs,
  'settings:update': settingsPatchSchema,
  'export:save-csv': z
    .object({
      suggestedName: z.string().regex(/^[\w.-]{1,100}\.csv$/, 'must be a plain file name ending in .csv'),
      content: z.string().max(50 * 1024 * 1024),
    })
    .strict(),
  'external:open': z.object({ url: z.string().max(2048) }).strict(),
  'limits:get': limitsQuerySchema,
  'alerts:list': noArgs,
  'alerts:acknowledge': acknowledgeAlertsSchema,
  'outcomes:get': outcomesQuerySchema,
} as const satisfies Record<InvokeChannel, z.ZodType>;

export type InvokeArgs<C extends InvokeChannel> = z.input<(typeof invokeArgSchemas)[C]>;
export type ParsedArgs<C extends InvokeChannel> = z.output<(typeof invokeArgSchemas)[C]>;

/** Handlers main implements: one per channel, given already-validated arguments. */
export type InvokeHandlers = {
  [C in InvokeChannel]: (args: ParsedArgs<C>) => Promise<InvokeResults[C]>;
};
