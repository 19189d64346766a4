/**
 * Zod schemas for the Devin v3 REST API responses the dashboard reads (see shared/devin-api-v3.md).
 * Unknown extra fields are tolerated (zod objects strip them); a missing or mistyped required field
 * fails parsing and the client turns that into an ApiSchemaError naming the endpoint and field.
 */
import { z } from 'zod';

export const unixSeconds = z.number().int().nonnegative();

/** List envelope shared by every paginated v3 endpoint. */
export const paginated = <T extends z.ZodTypeAny>(item: T) =>
  z.object({
    items: z.array(item),
    end_cursor: z.string().nullish(),
    has_next_page: z.boolean().default(false),
    total: z.number().int().nullish(),
  });

export const acusByProductSchema = z.object({
  devin: z.number().default(0),
  cascade: z.number().default(0),
  terminal: z.number().default(0),
  review: z.number().nullish(),
});

export const consumptionResponseSchema = z.object({
  total_acus: z.number(),
  consumption_by_date: z.array(
    z.object({
      date: unixSeconds,
      acus: z.number(),
      acus_by_product: acusByProductSchema.optional(),
    }),
  ),
});
export type ConsumptionResponse = z.infer<typeof consumptionResponseSchema>;

export const consumptionCycleSchema = z.object({ after: unixSeconds, before: unixSeconds });
export type ConsumptionCycle = z.infer<typeof consumptionCycleSchema>;

export const sessionStatusSchema = z.enum(['new', 'claimed', 'running', 'exit', 'error', 'suspended', 'resuming']);
export type SessionStatus = z.infer<typeof sessionStatusSchema>;

export const sessionSchema = z.object({
  session_id: z.string().min(1),
  url: z.string(),
  org_id: z.string().min(1),
  user_id: z.string().nullish(),
  service_user_id: z.string().nullish(),
  title: z.string().nullish(),
  status: sessionStatusSchema,
  // Enumerations that grow over time are read as plain strings so a new value is not a schema error.
  status_detail: z.string().nullish(),
  acus_consumed: z.number(),
  created_at: unixSeconds,
  updated_at: unixSeconds,
  // PR states are not enumerated by the docs: any string (any case) is kept as sent; a non-string state is "unknown".
  pull_requests: z
    .array(z.object({ pr_url: z.string(), pr_state: z.string().nullish().catch(null) }))
    .nullish()
    .transform((prs) => prs ?? []),
  tags: z.array(z.string()).default([]),
  origin: z.string().nullish(),
  category: z.string().nullish(),
  subcategory: z.string().nullish(),
  is_archived: z.boolean().default(false),
  playbook_id: z.string().nullish(),
  parent_session_id: z.string().nullish(),
  child_session_ids: z.array(z.string()).nullish(),
});
export type ApiSession = z.infer<typeof sessionSchema>;

export const organizationSchema = z.object({
  org_id: z.string().min(1),
  name: z.string(),
  created_at: unixSeconds,
  updated_at: unixSeconds,
  max_cycle_acu_limit: z.number().nullish(),
  max_session_acu_limit: z.number().nullish(),
});
export type ApiOrganization = z.infer<typeof organizationSchema>;

export const userSchema = z.object({
  user_id: z.string().min(1),
  email: z.string().nullish(),
  name: z.string().nullish(),
});
export type ApiUser = z.infer<typeof userSchema>;

export const serviceUserSchema = z.object({
  service_user_id: z.string().min(1),
  name: z.string(),
  expires_at: unixSeconds.nullish(),
});
export type ApiServiceUser = z.infer<typeof serviceUserSchema>;

export const queueStatusSchema = z.enum(['normal', 'elevated', 'high']);
export const queueResponseSchema = z.object({ queue_size: z.number().int().nonnegative(), status: queueStatusSchema });
export type QueueResponse = z.infer<typeof queueResponseSchema>;

export const activeUsersBucketSchema = z.object({
  active_users: z.number().int().nonnegative(),
  start_time: unixSeconds,
  end_time: unixSeconds,
});
export const activeUsersSeriesSchema = z.array(activeUsersBucketSchema);
export type ActiveUsersBucket = z.infer<typeof activeUsersBucketSchema>;

export const prMetricsSchema = z.object({
  prs_created_count: z.number().int().nonnegative(),
  prs_merged_count: z.number().int().nonnegative(),
});
export type PrMetrics = z.infer<typeof prMetricsSchema>;

export const acuLimitSchema = z.object({
  cycle_acu_limit: z.number(),
  scope: z.enum(['enterprise', 'org', 'user']),
  org_id: z.string().nullish(),
  user_id: z.string().nullish(),
});
export type ApiAcuLimit = z.infer<typeof acuLimitSchema>;

export const selfSchema = z
  .object({
    principal_type: z.string(),
    service_user_id: z.string().nullish(),
    service_user_name: z.string().nullish(),
    user_id: z.string().nullish(),
    user_name: z.string().nullish(),
    org_id: z.string().nullish(),
  });
export type ApiSelf = z.infer<typeof selfSchema>;

/** RFC 9457 problem body, or the older FastAPI `{detail}`; every field optional because 4xx/5xx bodies vary. */
export const problemSchema = z.object({
  title: z.string().optional(),
  status: z.number().optional(),
  detail: z.unknown().optional(),
});

/**
 * A query window in unix seconds. `time_after` is read as inclusive and `time_before` as exclusive (the docs do
 * not say; the client and the simulator both assume this).
 */
export interface TimeWindow {
  timeAfter: number;
  timeBefore: number;
}

/** Permissions renamed between doc revisions: current name → older name. Tenants may check either, so grant both. */
export const PERMISSION_OLD_NAMES: Readonly<Record<string, string>> = {
  ViewAccountConsumption: 'ManageBilling',
  ViewOrgConsumption: 'ManageBilling',
  ViewAccountMembership: 'ManageAccountMembership',
};
