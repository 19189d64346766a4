/**
 * A seeded generator of Devin API data for cache tests and benchmarks, built from the API types directly.
 * It deliberately contains the awkward cases: users and orgs the people/org lists do not know, sessions with
 * no creator, null titles, repeated titles and ACU values (for tie-breaking), days without consumption rows,
 * enterprise ACUs that belong to no org, and org consumption that differs from the sessions' ACUs.
 */
import {
  addDaysTo,
  billingDayOf,
  billingDayStart,
  DAY_SECONDS,
  eachDay,
  type DayString,
} from '../../src/shared/billing-day';
import { DATASETS } from '../../src/shared/dashboard';
import type {
  ActiveUsersBucket,
  ApiAcuLimit,
  ApiOrganization,
  ApiServiceUser,
  ApiSession,
  ApiUser,
  ConsumptionCycle,
  QueueResponse,
  SessionStatus,
} from '../../src/shared/devin-api';
import type { Cache, ConsumptionRow } from '../../src/main/services/cache';
import { createRng, type Rng } from '../../src/main/simulator/prng';

export interface FixtureOptions {
  seed: number;
  orgs: number;
  users: number;
  serviceUsers: number;
  days: number;
  sessions: number;
  /** The last billing day with data. */
  lastDay: DayString;
}

export const SMALL_FIXTURE: FixtureOptions = {
  seed: 7,
  orgs: 6,
  users: 40,
  serviceUsers: 4,
  days: 150,
  sessions: 2_500,
  lastDay: '2026-11-20',
};

export const LARGE_ENTERPRISE: FixtureOptions = {
  seed: 42,
  orgs: 40,
  users: 2_000,
  serviceUsers: 40,
  days: 365,
  sessions: 50_000,
  lastDay: '2026-11-20',
};

export interface CacheFixture {
  options: FixtureOptions;
  from: DayString;
  to: DayString;
  /** Every org id sessions use; the last one is missing from `organizations`. */
  orgIds: string[];
  organizations: ApiOrganization[];
  users: ApiUser[];
  serviceUsers: ApiServiceUser[];
  sessions: ApiSession[];
  /** Rows per scope: 'enterprise' and each org id. */
  consumption: Map<string, ConsumptionRow[]>;
  activeUsers: { dau: ActiveUsersBucket[]; wau: ActiveUsersBucket[]; mau: ActiveUsersBucket[] };
  cycles: ConsumptionCycle[];
  acuLimits: ApiAcuLimit[];
  queue: QueueResponse;
}

const ORG_WORDS = [
  'Payments',
  'platform',
  'Search',
  'data',
  'Mobile',
  'infra',
  'Growth',
  'security',
  'Billing',
  'web',
];
const TITLES = [
  'Fix flaky test',
  'add logging',
  'Upgrade dependencies',
  'refactor auth',
  'Write docs',
  'Investigate CI',
];
const STATUSES: readonly SessionStatus[] = [
  'exit',
  'exit',
  'exit',
  'running',
  'error',
  'suspended',
  'new',
  'claimed',
];
const round2 = (x: number) => Math.round(x * 100) / 100;

export function makeFixture(options: FixtureOptions): CacheFixture {
  const r = createRng(options.seed);
  const to = options.lastDay;
  const from = addDaysTo(to, -(options.days - 1));
  const windowStart = billingDayStart(from);
  const windowEnd = billingDayStart(addDaysTo(to, 1));

  const orgIds = Array.from({ length: options.orgs }, (_, i) => `org-${(1000 + i).toString(36)}`);
  const organizations: ApiOrganization[] = orgIds.slice(0, -1).map((org_id, i) => ({
    org_id,
    name: `${ORG_WORDS[i % ORG_WORDS.length]} ${Math.floor(i / ORG_WORDS.length) || ''}`.trim(),
    created_at: windowStart - 400 * DAY_SECONDS,
    updated_at: windowStart,
    max_cycle_acu_limit: i % 3 === 0 ? 1000 * (i + 1) : null,
    max_session_acu_limit: null,
  }));

  // Users: most named, some with only an email, some with neither; a few session creators are not listed at all.
  const userIds = Array.from({ length: options.users }, (_, i) => `user-${i.toString(36).padStart(3, '0')}`);
  const users: ApiUser[] = userIds
    .filter((_, i) => i % 20 !== 19)
    .map((user_id, i) => ({
      user_id,
      name: i % 10 === 3 ? null : `${r.chance(0.5) ? 'ana' : 'Ben'} ${user_id.slice(5)}`,
      email: i % 7 === 0 ? null : `${user_id}@example.com`,
    }));
  const serviceUserIds = Array.from({ length: options.serviceUsers }, (_, i) => `su-${i}`);
  const serviceUsers: ApiServiceUser[] = serviceUserIds.map((service_user_id, i) => ({
    service_user_id,
    name: `Bot ${i}`,
    expires_at: null,
  }));

  // Org sizes follow a skewed distribution, as in real enterprises.
  const orgWeights = orgIds.map((_, i) => 1 / (i + 1));
  const weightSum = orgWeights.reduce((a, b) => a + b, 0);
  const pickOrg = () => {
    let x = r.next() * weightSum;
    for (let i = 0; i < orgIds.length; i++) {
      x -= orgWeights[i]!;
      if (x <= 0) return orgIds[i]!;
    }
    return orgIds[orgIds.length - 1]!;
  };

  const sessions: ApiSession[] = [];
  for (let i = 0; i < options.sessions; i++) {
    const created_at = windowStart + Math.floor(r.next() * (windowEnd - windowStart));
    const creator = r.next();
    const user_id = creator < 0.85 ? r.pick(userIds) : null;
    const service_user_id = creator >= 0.85 && creator < 0.97 ? r.pick(serviceUserIds) : null;
    const duration = r.chance(0.05) ? 0 : r.int(30, 6 * 3600);
    const hex = (i * 2654435761 + options.seed).toString(16).padStart(8, '0').slice(-8);
    sessions.push({
      session_id: `devin-${hex}${i.toString(16).padStart(5, '0')}`,
      url: `https://app.devin.ai/sessions/${hex}${i}`,
      org_id: pickOrg(),
      user_id,
      service_user_id,
      title: r.chance(0.05) ? null : r.pick(TITLES),
      status: r.pick(STATUSES),
      status_detail: null,
      // Quarter steps make equal values common, so sorting has ties to break.
      acus_consumed: r.chance(0.1) ? 0 : Math.round(r.next() * 40) / 4,
      created_at,
      updated_at: created_at + duration,
      pull_requests: r.chance(0.3)
        ? [{ pr_url: `https://github.com/acme/repo/pull/${i}`, pr_state: 'merged' }]
        : [],
      tags: r.chance(0.2) ? ['ci'] : [],
      origin: r.pick(['webapp', 'slack', 'api']),
      category: null,
      subcategory: null,
      is_archived: false,
    });
  }

  // Org consumption tracks the org's session ACUs per day but is not equal to them (consumption is by usage day).
  const sessionAcus = new Map<string, number>();
  for (const s of sessions) {
    const key = `${s.org_id}|${billingDayOf(s.created_at)}`;
    sessionAcus.set(key, (sessionAcus.get(key) ?? 0) + s.acus_consumed);
  }
  const consumption = new Map<string, ConsumptionRow[]>();
  const enterpriseDevin = new Map<DayString, number>();
  for (const org of orgIds) {
    const rows: ConsumptionRow[] = [];
    for (const date of eachDay(from, to)) {
      const base = sessionAcus.get(`${org}|${date}`) ?? 0;
      if (base === 0 && r.chance(0.5)) continue; // some idle days have no row at all
      const devin = round2(base * (0.9 + r.next() * 0.2));
      rows.push({ date, acus: devin, devin, cascade: 0, terminal: 0, review: 0 });
      enterpriseDevin.set(date, (enterpriseDevin.get(date) ?? 0) + devin);
    }
    consumption.set(org, rows);
  }
  const enterprise: ConsumptionRow[] = [];
  for (const date of eachDay(from, to)) {
    if (r.chance(0.03)) continue; // a missing day must still show as zero
    const devin = round2(enterpriseDevin.get(date) ?? 0);
    const cascade = round2(r.next() * 20);
    const terminal = round2(r.next() * 5);
    const review = round2(r.next() * 2);
    enterprise.push({
      date,
      acus: round2(devin + cascade + terminal + review),
      devin,
      cascade,
      terminal,
      review,
    });
  }
  consumption.set('enterprise', enterprise);

  return {
    options,
    from,
    to,
    orgIds,
    organizations,
    users,
    serviceUsers,
    sessions,
    consumption,
    activeUsers: makeActiveUsers(r, windowStart, windowEnd, options.users),
    cycles: makeCycles(from, to),
    acuLimits: [
      { scope: 'enterprise', cycle_acu_limit: 100_000, org_id: null, user_id: null },
      { scope: 'org', cycle_acu_limit: 777, org_id: orgIds[1] ?? null, user_id: null },
    ],
    queue: { queue_size: 14, status: 'elevated' },
  };
}

/** DAU per UTC day, WAU per Monday–Sunday UTC week, MAU per UTC month, covering the window; end_time is the last second. */
function makeActiveUsers(
  r: Rng,
  start: number,
  end: number,
  users: number,
): CacheFixture['activeUsers'] {
  const bucket = (s: number, e: number, max: number): ActiveUsersBucket => ({
    start_time: s,
    end_time: e - 1,
    active_users: r.int(0, Math.max(1, max)),
  });
  const dau: ActiveUsersBucket[] = [];
  for (let d = Math.floor(start / DAY_SECONDS) * DAY_SECONDS; d < end; d += DAY_SECONDS) {
    dau.push(bucket(d, d + DAY_SECONDS, Math.floor(users / 5)));
  }
  const wau: ActiveUsersBucket[] = [];
  const firstMonday =
    (Math.floor(start / DAY_SECONDS) - ((Math.floor(start / DAY_SECONDS) + 3) % 7)) * DAY_SECONDS;
  for (let w = firstMonday; w < end; w += 7 * DAY_SECONDS)
    wau.push(bucket(w, w + 7 * DAY_SECONDS, Math.floor(users / 2)));
  const mau: ActiveUsersBucket[] = [];
  const s = new Date(start * 1000);
  for (let m = Date.UTC(s.getUTCFullYear(), s.getUTCMonth(), 1) / 1000; m < end;) {
    const d = new Date(m * 1000);
    const next = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / 1000;
    mau.push(bucket(m, next, users));
    m = next;
  }
  return { dau, wau, mau };
}

/** Monthly cycles starting on the 5th at 08:00 UTC, oldest first (the API's order is undocumented). */
function makeCycles(from: DayString, to: DayString): ConsumptionCycle[] {
  const cycles: ConsumptionCycle[] = [];
  const [y, m] = from.split('-').map(Number) as [number, number];
  for (let i = -1; ; i++) {
    const after = Date.UTC(y, m - 1 + i, 5, 8) / 1000;
    const before = Date.UTC(y, m + i, 5, 8) / 1000;
    if (billingDayOf(after) > to) break;
    cycles.push({ after, before });
  }
  return cycles;
}

/** Writes the whole fixture in one transaction and marks every dataset synced at `at`. */
export function loadFixture(cache: Cache, f: CacheFixture, at: number): void {
  cache.transaction((w) => {
    w.replaceOrganizations(f.organizations);
    w.replacePeople(f.users, f.serviceUsers);
    w.upsertSessions(f.sessions);
    for (const [scope, rows] of f.consumption) w.replaceConsumption(scope, { from: f.from, to: f.to }, rows);
    const window = {
      timeAfter: billingDayStart(f.from) - DAY_SECONDS,
      timeBefore: billingDayStart(addDaysTo(f.to, 1)) + 31 * DAY_SECONDS,
    };
    w.replaceActiveUsers('dau', window, f.activeUsers.dau);
    w.replaceActiveUsers('wau', window, f.activeUsers.wau);
    w.replaceActiveUsers('mau', window, f.activeUsers.mau);
    w.setQueue(f.queue, at);
    w.replaceCycles(f.cycles);
    w.replaceAcuLimits(f.acuLimits);
    for (const d of DATASETS) w.markSuccess(d, at);
    w.setSyncState({
      syncedFrom: f.from,
      syncedTo: f.to,
      lastFullSyncAt: at,
      peopleSyncedAt: at,
      organizationsSyncedAt: at,
    });
  });
}
