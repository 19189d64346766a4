/**
 * Spend control's domain: billing cycles, ACU limits, local budgets, forecasts and threshold alerts.
 * Argument schemas are zod (validated at the IPC boundary and in settings.json); answers are plain types.
 *
 * Devin limits count Devin ACUs only: the enterprise limit compares with the `devin` product of enterprise
 * consumption, an org limit with that org's consumption, a user limit with that user's consumption. A local
 * enterprise budget compares with the enterprise total (every product, what the bill shows).
 * Budgets and alert thresholds are settings (dashboard.ts `settingsSchema`).
 */
import { z } from 'zod';
import type { DayString } from './billing-day';
import { dayStringSchema } from './dashboard';
import type { AppError } from './ipc/result';

export type SpendScope = 'enterprise' | 'org' | 'user';

/** `status_detail` values of sessions Devin stopped because a limit or quota ran out. */
export const LIMIT_STOP_DETAILS = [
  'usage_limit_exceeded',
  'org_usage_limit_exceeded',
  'out_of_quota',
  'out_of_credits',
  'total_session_limit_exceeded',
] as const;

/** The usage share at which the tray lists a scope. */
export const TRAY_ATTENTION_PCT = 80;

export const limitsQuerySchema = z.object({ day: dayStringSchema.optional() }).strict();
export type LimitsQuery = z.infer<typeof limitsQuerySchema>;

export interface CycleInfo {
  /** Inclusive billing days. */
  from: DayString;
  to: DayString;
  /** `contract`: the enterprise's consumption cycles; `calendar`: a calendar month (cycles unavailable). */
  source: 'contract' | 'calendar';
}

export interface ScopeSpend {
  scope: SpendScope;
  /** null for the enterprise. */
  id: string | null;
  /** null when the cache does not know the org or user (shown by id, never dropped). */
  name: string | null;
  limitAcus: number | null;
  budgetUsd: number | null;
  budgetAcus: number | null;
  /** Why a budget cannot be compared (a USD budget without a $/ACU rate); null otherwise. */
  budgetNote: string | null;
  /** The figure `usedPct` compares: Devin ACUs against a limit, the budget's basis otherwise. */
  usedAcus: number;
  /** Of the limit, else of the budget, else null. */
  usedPct: number | null;
  projectedAcus: number;
  projectedLowAcus: number;
  projectedHighAcus: number;
  /** First billing day the projection (or, for a past cycle, the actual use) reaches the limit or budget. */
  runOutDate: DayString | null;
  /** Alert thresholds (percent) the use has reached this cycle. */
  crossed: number[];
  /** Whether the projection exceeds the limit or budget. */
  projectedOver: boolean;
  /** Sessions stopped by a limit this cycle (LIMIT_STOP_DETAILS). */
  stoppedSessions: number;
}

export interface LimitsReport {
  cycle: CycleInfo;
  /** Epoch ms of the oldest last successful sync behind these figures; null if never synced. */
  asOf: number | null;
  dayOfCycle: number;
  daysInCycle: number;
  /** The cycle has ended: projections equal use and run-out dates are actual. */
  past: boolean;
  rateUsdPerAcu: number | null;
  thresholds: number[];
  /** Enterprise first, then every organization, then every user with a limit. */
  scopes: ScopeSpend[];
  /** Why limits are missing (e.g. the token lacks ManageBilling); null when they were read. */
  limitsError: AppError | null;
}

export type AlertKind = 'used' | 'projected';

export interface SpendAlert {
  id: number;
  scope: SpendScope;
  scopeId: string | null;
  name: string | null;
  /** First billing day of the cycle the alert belongs to. */
  cycleFrom: DayString;
  kind: AlertKind;
  /** Percent of the limit/budget (for `projected`: 100). */
  threshold: number;
  /** ACUs used (or projected) when it fired. */
  valueAcus: number;
  targetAcus: number;
  /** For `projected`: the day the projection reaches the target. */
  runOutDate: DayString | null;
  firedAt: number;
  acknowledgedAt: number | null;
}

export const acknowledgeAlertsSchema = z.object({ ids: z.array(z.number().int().positive()).max(10_000) }).strict();

/** Main → renderer after a sync: what fired now (desktop notifications come from main), and the tray lines. */
export interface SpendAlertsEvent {
  fired: SpendAlert[];
  notifications: { title: string; body: string }[];
  tray: { lines: string[]; tooltip: string | null };
}
