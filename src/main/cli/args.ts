/** Argument parsing for the headless CLI: strict, with one clear message per mistake. */
import { parseArgs } from 'node:util';
import { daysInRange, isDayString, lastDays, type DayString } from '../../shared/billing-day';
import { MAX_RANGE_DAYS, orgIdSchema, profileNameSchema } from '../../shared/dashboard';
import { parseRate } from '../../shared/money';

export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE = `Usage: devin-usage <command> [options]

Commands:
  sync     [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--full] [--demo] [--profile NAME]
           Pull usage from the Devin API into the local cache (default: the last 30 billing days).
  report   [--from] [--to] [--org ORG_ID] [--rate USD_PER_ACU] [--format json|csv] [--demo] [--profile NAME]
           Print usage for a range from the cache (default: last 30 billing days, JSON).
  status   [--format text|json] [--demo] [--profile NAME]
           Profile, account, token source, last sync per dataset, queue health.
  limits   [--day YYYY-MM-DD] [--format json|text] [--demo] [--profile NAME]
           ACU limits, budgets, use, forecast and run-out date of the billing cycle containing --day (default today).
  check    [--day YYYY-MM-DD] [--threshold PCT] [--format text|json] [--demo] [--profile NAME]
           Exit 4 when a scope's use reaches PCT % (default 80) of its limit/budget or is projected to exceed it.

Profile: --profile NAME, else the app's active profile ("default" at first). Each account has its own cache.
Token: DEVIN_SERVICE_USER_TOKEN (its own account's cache, whatever the profile), else the profile's token in the
OS keychain (saved by the app). --demo uses the built-in simulator.
Data folder: DEVIN_USAGE_DATA_DIR, else the app's own. API host: DEVIN_API_BASE_URL (default https://api.devin.ai).
Exit codes: 0 ok, 1 usage error, 2 auth/permission, 3 network/API failure (stale data still reported),
4 (check) a scope is over its threshold or projected past its limit/budget.`;

export type Command =
  | { name: 'sync'; from: DayString; to: DayString; full: boolean; demo: boolean; profile: string | null }
  | {
      name: 'report';
      from: DayString;
      to: DayString;
      orgId: string | null;
      rate: number | null;
      format: 'json' | 'csv';
      demo: boolean;
      profile: string | null;
    }
  | { name: 'status'; format: 'text' | 'json'; demo: boolean; profile: string | null }
  | { name: 'limits'; day: DayString | null; format: 'json' | 'text'; demo: boolean; profile: string | null }
  | { name: 'check'; day: DayString | null; threshold: number; format: 'text' | 'json'; demo: boolean; profile: string | null }
  | { name: 'help' };

const DEFAULT_DAYS = 30;

export function parseCommand(argv: string[], env: NodeJS.ProcessEnv = process.env, nowMs = Date.now()): Command {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') return { name: 'help' };
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: rest,
      strict: true,
      allowPositionals: false,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        org: { type: 'string' },
        rate: { type: 'string' },
        format: { type: 'string' },
        full: { type: 'boolean' },
        demo: { type: 'boolean' },
        profile: { type: 'string' },
        day: { type: 'string' },
        threshold: { type: 'string' },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const allowed: Record<string, string[]> = {
    sync: ['from', 'to', 'full', 'demo', 'profile'],
    report: ['from', 'to', 'org', 'rate', 'format', 'demo', 'profile'],
    status: ['format', 'demo', 'profile'],
    limits: ['day', 'format', 'demo', 'profile'],
    check: ['day', 'threshold', 'format', 'demo', 'profile'],
  };
  const known = allowed[name];
  if (!known) throw new UsageError(`Unknown command "${name}" (expected sync, report, status, limits or check)`);
  for (const key of Object.keys(values)) if (!known.includes(key)) throw new UsageError(`--${key} does not apply to "${name}"`);
  const demo = values.demo === true;
  const profile = parseProfileOption(values.profile as string | undefined);
  if (demo && profile !== null) throw new UsageError('--profile does not apply with --demo (demo data belongs to no profile)');

  if (name === 'status') {
    const format = values.format ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${String(format)}"`);
    return { name, format, demo, profile };
  }
  if (name === 'limits' || name === 'check') return parseSpendCommand(name, values, demo, profile);
  const { from, to } = parseRange(values.from as string | undefined, values.to as string | undefined, nowMs);
  if (name === 'sync') return { name, from, to, full: values.full === true, demo, profile };

  const format = values.format ?? 'json';
  if (format !== 'json' && format !== 'csv') throw new UsageError(`--format must be json or csv, not "${String(format)}"`);
  const orgRaw = values.org as string | undefined;
  if (orgRaw !== undefined && !orgIdSchema.safeParse(orgRaw).success) throw new UsageError(`--org "${orgRaw}" is not an organization id (e.g. org-abc123)`);
  const rate = parseRateOption(values.rate as string | undefined, env);
  return { name: 'report', from, to, orgId: orgRaw ?? null, rate, format, demo, profile };
}

const DEFAULT_CHECK_THRESHOLD = 80;

function parseSpendCommand(
  name: 'limits' | 'check',
  values: Record<string, string | boolean | undefined>,
  demo: boolean,
  profile: string | null,
): Command {
  const day = (values.day as string | undefined) ?? null;
  if (day !== null && !isDayString(day)) throw new UsageError(`--day "${day}" is not a date (YYYY-MM-DD)`);
  const format = values.format ?? (name === 'limits' ? 'json' : 'text');
  if (format !== 'json' && format !== 'text') throw new UsageError(`--format must be json or text, not "${String(format)}"`);
  if (name === 'limits') return { name, day, format, demo, profile };
  const raw = values.threshold as string | undefined;
  const threshold = raw === undefined ? DEFAULT_CHECK_THRESHOLD : Number(raw);
  if (raw !== undefined && (!/^\d+(\.\d+)?$/.test(raw.trim()) || !(threshold > 0) || threshold > 1000))
    throw new UsageError(`--threshold "${raw}" must be a percentage above 0 (at most 1000)`);
  return { name, day, threshold, format, demo, profile };
}

function parseRange(fromRaw: string | undefined, toRaw: string | undefined, nowMs: number) {
  for (const [flag, v] of [['--from', fromRaw], ['--to', toRaw]] as const) {
    if (v !== undefined && !isDayString(v)) throw new UsageError(`${flag} "${v}" is not a date (YYYY-MM-DD)`);
  }
  const fallback = lastDays(DEFAULT_DAYS, nowMs);
  const to = toRaw ?? (fromRaw && fromRaw > fallback.to ? fromRaw : fallback.to);
  const from = fromRaw ?? (toRaw ? lastDays(DEFAULT_DAYS, Date.parse(`${toRaw}T12:00:00Z`)).from : fallback.from);
  if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
  if (daysInRange(from, to) > MAX_RANGE_DAYS) throw new UsageError(`the range ${from}..${to} spans more than ${MAX_RANGE_DAYS} days`);
  return { from, to };
}

function parseRateOption(raw: string | undefined, env: NodeJS.ProcessEnv): number | null {
  const source = raw ?? env.DEVIN_ACU_RATE_USD;
  if (source === undefined || source === '') return null;
  const value = parseRate(source);
  if (value === null) {
    throw new UsageError(`${raw !== undefined ? '--rate' : 'DEVIN_ACU_RATE_USD'} "${source}" must be a non-negative USD amount per ACU (at most 1000)`);
  }
  return value;
}

function parseProfileOption(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  const parsed = profileNameSchema.safeParse(raw);
  if (!parsed.success) throw new UsageError(`--profile "${raw}": ${parsed.error.issues[0]?.message ?? 'not a profile name'}`);
  return parsed.data;
}
