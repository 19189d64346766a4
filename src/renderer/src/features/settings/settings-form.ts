/** The Settings form's text fields ↔ a settings patch, with messages for what main would reject. */
import { MAX_BUDGET, type Budget, type Settings, type SettingsPatch } from '../../../../shared/dashboard';
import { parseRate } from '../../../../shared/money';

export interface SettingsDraft {
  rate: string;
  autoRefreshMinutes: string;
  queuePollSeconds: string;
  notifications: Settings['notifications'];
  runawayNotifications: boolean;
  launchAtLogin: boolean;
  /** Spend control: the enterprise budget per cycle ('' = none) and its unit; alert thresholds as "50, 80, 100". */
  enterpriseBudget: string;
  enterpriseBudgetUnit: Budget['unit'];
  /** Organization budgets being edited ('' amount = none). */
  orgBudgets: OrgBudgetDraft[];
  alertThresholds: string;
}

export interface OrgBudgetDraft {
  id: string;
  amount: string;
  unit: Budget['unit'];
}

export type DraftErrors = Partial<Record<keyof SettingsDraft, string>>;

export function draftFrom(settings: Settings): SettingsDraft {
  return {
    rate: settings.acuRateUsd === null ? '' : String(settings.acuRateUsd),
    autoRefreshMinutes: String(settings.autoRefreshMinutes),
    queuePollSeconds: String(settings.queuePollSeconds),
    notifications: settings.notifications,
    runawayNotifications: settings.runawayNotifications,
    launchAtLogin: settings.launchAtLogin,
    ...enterpriseBudgetDraft(settings.budgets),
    orgBudgets: settings.budgets.flatMap((b) => (b.scope === 'org' && b.id ? [{ id: b.id, amount: String(b.amount), unit: b.unit }] : [])),
    alertThresholds: settings.alertThresholds.join(', '),
  };
}

function enterpriseBudgetDraft(budgets: readonly Budget[]): Pick<SettingsDraft, 'enterpriseBudget' | 'enterpriseBudgetUnit'> {
  const b = budgets.find((x) => x.scope === 'enterprise');
  return { enterpriseBudget: b ? String(b.amount) : '', enterpriseBudgetUnit: b?.unit ?? 'usd' };
}

/** A budget amount typed by the user: a plain positive number up to MAX_BUDGET; null when it is not one. */
export function parseBudgetAmount(text: string): number | null {
  const t = text.trim().replace(/,/g, '');
  if (!/^\d+(\.\d+)?$/.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) && n > 0 && n <= MAX_BUDGET ? n : null;
}

export const BUDGET_HINT = `Enter an amount above 0 (at most ${MAX_BUDGET.toLocaleString('en-US')}), or leave empty for none.`;

/** `budgets` with the budget of one scope set (amount) or removed (null). */
export function withBudget(budgets: readonly Budget[], scope: Budget['scope'], id: string | null, amount: number | null, unit: Budget['unit']): Budget[] {
  const rest = budgets.filter((b) => !(b.scope === scope && b.id === id));
  return amount === null ? rest : [...rest, { scope, id, amount, unit }];
}

function parseThresholds(text: string): number[] | null {
  const parts = text.split(/[,\s]+/).filter((p) => p !== '');
  if (parts.length === 0 || parts.length > 10 || !parts.every((p) => /^\d+$/.test(p))) return null;
  const list = parts.map(Number);
  return list.every((n) => n >= 1 && n <= 1000) ? [...new Set(list)].sort((a, b) => a - b) : null;
}

function wholeNumber(text: string, min: number, max: number): number | null {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return null;
  const n = Number(t);
  return n >= min && n <= max ? n : null;
}

/** The changed fields as a patch, or the per-field messages when something is invalid. */
export function patchFromDraft(
  draft: SettingsDraft,
  current: Settings,
): { ok: true; patch: SettingsPatch } | { ok: false; errors: DraftErrors } {
  const errors: DraftErrors = {};
  const rate = draft.rate.trim() === '' ? null : parseRate(draft.rate);
  if (draft.rate.trim() !== '' && rate === null)
    errors.rate = 'Enter dollars per ACU, e.g. 2.25 (0 to 1000), or leave empty.';
  const autoRefresh = wholeNumber(draft.autoRefreshMinutes, 0, 24 * 60);
  if (autoRefresh === null) errors.autoRefreshMinutes = 'Enter whole minutes from 0 (off) to 1440.';
  const queuePoll = wholeNumber(draft.queuePollSeconds, 30, 3600);
  if (queuePoll === null) errors.queuePollSeconds = 'Enter whole seconds from 30 to 3600.';
  const budget = draft.enterpriseBudget.trim() === '' ? null : parseBudgetAmount(draft.enterpriseBudget);
  if (draft.enterpriseBudget.trim() !== '' && budget === null) errors.enterpriseBudget = BUDGET_HINT;
  const orgBudgets: Budget[] = [];
  for (const o of draft.orgBudgets) {
    if (o.amount.trim() === '') continue;
    const amount = parseBudgetAmount(o.amount);
    if (amount === null) errors.orgBudgets ??= `${o.id}: ${BUDGET_HINT}`;
    else orgBudgets.push({ scope: 'org', id: o.id, amount, unit: o.unit });
  }
  const thresholds = parseThresholds(draft.alertThresholds);
  if (thresholds === null) errors.alertThresholds = 'Enter 1 to 10 whole percents from 1 to 1000, e.g. 50, 80, 100.';
  if (Object.keys(errors).length > 0 || autoRefresh === null || queuePoll === null || thresholds === null)
    return { ok: false, errors };

  const next: Settings = {
    acuRateUsd: rate,
    autoRefreshMinutes: autoRefresh,
    queuePollSeconds: queuePoll,
    notifications: draft.notifications,
    runawayNotifications: draft.runawayNotifications,
    launchAtLogin: draft.launchAtLogin,
    budgets: withBudget(orgBudgets, 'enterprise', null, budget, draft.enterpriseBudgetUnit),
    alertThresholds: thresholds,
  };
  const patch: SettingsPatch = {};
  for (const key of Object.keys(next) as (keyof Settings)[]) {
    // Lists compare by value (budgets, thresholds).
    if (JSON.stringify(next[key]) !== JSON.stringify(current[key])) Object.assign(patch, { [key]: next[key] });
  }
  return { ok: true, patch };
}
