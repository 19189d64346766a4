/**
 * The simulator's state and every computation the API answers from it. Consumption, metrics and member
 * lists are derived on request from the session records, so the consistency rules hold by construction,
 * also after `advance` changes the world.
 */
import { DAY_SECONDS } from '../../shared/billing-day';
import type { TimeWindow } from '../../shared/devin-api';
import { compareSessions, createSession, round2, type GeneratedWorld } from './generate';
import { uniquePrs, type SimPr } from './outcomes';
import type {
  AcuLimit,
  AdvanceOptions,
  AdvanceResult,
  ConsumptionDateAnchor,
  OtherProductAcus,
  RemoveOptions,
  RemoveResult,
  SimOrg,
  SimServiceUser,
  SimSession,
  SimulatorData,
  SimUser,
} from './types';

export type ConsumptionScope =
  { kind: 'enterprise' } | { kind: 'org'; orgId: string } | { kind: 'user'; userId: string };

export interface ConsumptionBody {
  total_acus: number;
  consumption_by_date: {
    date: number;
    acus: number;
    acus_by_product: { devin: number; cascade: number; terminal: number; review: number };
  }[];
}

export interface SessionFilter {
  createdAfter?: number;
  createdBefore?: number;
  updatedAfter?: number;
  updatedBefore?: number;
  orgIds?: ReadonlySet<string>;
  userIds?: ReadonlySet<string>;
  serviceUserIds?: ReadonlySet<string>;
  sessionIds?: ReadonlySet<string>;
}

/** Position after which the next page of sessions starts (the last item of the previous page). */
export interface SessionCursor {
  createdAt: number;
  sessionId: string;
}

export type ActiveUsersKind = 'dau' | 'wau' | 'mau';

const SIZES = ['xs', 's', 'm', 'l', 'xl'] as const;
const REPORTED_ORIGINS = [
  'api',
  'automation',
  'desktop',
  'jira',
  'linear',
  'slack',
  'teams',
  'webapp',
] as const;
const QUEUED: ReadonlySet<string> = new Set(['new', 'claimed', 'resuming']);

export class World implements SimulatorData {
  readonly company: string;
  readonly firstDayStart: number;
  readonly orgs: SimOrg[];
  readonly users: SimUser[];
  readonly serviceUsers: SimServiceUser[];
  readonly sessions: SimSession[];
  readonly otherProducts: Map<number, OtherProductAcus>;
  readonly acuLimits: AcuLimit[];
  readonly cycleAnchorDay: number;
  queueSize: number;

  #now: number;
  readonly #gen: GeneratedWorld;
  readonly #dateOf: (dayStart: number) => number;
  readonly #byId = new Map<string, SimSession>();
  readonly #byOrg = new Map<string, SimSession[]>();
  readonly #byUser = new Map<string, SimSession[]>();
  readonly #orgIds: Set<string>;
  readonly #userIds: Set<string>;
  /** Largest updated_at − created_at, so an `updated_after` filter can bound the created_at range it scans. */
  #maxSpan = 0;

  constructor(gen: GeneratedWorld, nowSec: number, dateAnchor: ConsumptionDateAnchor = 'billing-day-start') {
    this.#gen = gen;
    this.#dateOf = dateAnchor === 'pacific-midnight' ? pacificMidnight : (dayStart) => dayStart;
    this.#now = nowSec;
    this.company = gen.company;
    this.firstDayStart = gen.firstDayStart;
    this.orgs = gen.orgs;
    this.users = gen.users;
    this.serviceUsers = gen.serviceUsers;
    this.sessions = gen.sessions;
    this.otherProducts = gen.otherProducts;
    this.acuLimits = gen.acuLimits;
    this.cycleAnchorDay = gen.cycleAnchorDay;
    this.#orgIds = new Set(gen.orgs.map((o) => o.org_id));
    this.#userIds = new Set(gen.users.map((u) => u.user_id));
    for (const s of gen.sessions) this.#index(s);
    this.queueSize = gen.sessions.filter((s) => QUEUED.has(s.status)).length;
  }

  get now(): number {
    return this.#now;
  }

  session(sessionId: string): SimSession | undefined {
    return this.#byId.get(sessionId);
  }

  hasOrg(orgId: string): boolean {
    return this.#orgIds.has(orgId);
  }

  hasUser(userId: string): boolean {
    return this.#userIds.has(userId);
  }

  // ---- consumption ---------------------------------------------------------------------------------

  /**
   * Daily consumption. A billing day is included when its start (08:00 UTC) lies in [timeAfter, timeBefore);
   * for 08:00-aligned windows that is exactly "sessions created in the window". Zero days are omitted.
   */
  consumption(scope: ConsumptionScope, window?: TimeWindow): ConsumptionBody {
    const list =
      scope.kind === 'enterprise'
        ? this.sessions
        : scope.kind === 'org'
          ? (this.#byOrg.get(scope.orgId) ?? [])
          : (this.#byUser.get(scope.userId) ?? []);
    const from = window ? this.#ceilDay(window.timeAfter) : -Infinity;
    const to = window ? this.#ceilDay(window.timeBefore) : Infinity;
    const devin = new Map<number, number>();
    const [lo, hi] = createdRange(list, from, to);
    for (let i = lo; i < hi; i++) {
      const s = list[i] as SimSession;
      const day = this.#floorDay(s.created_at);
      devin.set(day, (devin.get(day) ?? 0) + s.acus_consumed);
    }
    const days = new Set(devin.keys());
    if (scope.kind === 'enterprise') {
      for (const day of this.otherProducts.keys()) if (day >= from && day < to) days.add(day);
    }
    let total = 0;
    const rows: ConsumptionBody['consumption_by_date'] = [];
    for (const day of [...days].sort((a, b) => a - b)) {
      const other = scope.kind === 'enterprise' ? this.otherProducts.get(day) : undefined;
      const byProduct = {
        devin: round2(devin.get(day) ?? 0),
        cascade: other?.cascade ?? 0,
        terminal: other?.terminal ?? 0,
        review: other?.review ?? 0,
      };
      const acus = round2(byProduct.devin + byProduct.cascade + byProduct.terminal + byProduct.review);
      if (acus === 0) continue;
      total += acus;
      rows.push({ date: this.#dateOf(day), acus, acus_by_product: byProduct });
    }
    return { total_acus: round2(total), consumption_by_date: rows };
  }

  enterpriseAcus(window?: TimeWindow): number {
    return this.consumption({ kind: 'enterprise' }, window).total_acus;
  }

  orgAcus(orgId: string, window?: TimeWindow): number {
    return this.consumption({ kind: 'org', orgId }, window).total_acus;
  }

  userAcus(userId: string, window?: TimeWindow): number {
    return this.consumption({ kind: 'user', userId }, window).total_acus;
  }

  otherProductAcus(window?: TimeWindow): number {
    let total = 0;
    for (const row of this.consumption({ kind: 'enterprise' }, window).consumption_by_date) {
      total += row.acus_by_product.cascade + row.acus_by_product.terminal + row.acus_by_product.review;
    }
    return round2(total);
  }

  /** Monthly billing cycles from the one containing the first generated day to the open one containing now. */
  cycles(): { after: number; before: number }[] {
    const start = (y: number, m: number): number => Date.UTC(y, m, this.cycleAnchorDay, 8) / 1000;
    const first = new Date(this.firstDayStart * 1000);
    const y = first.getUTCFullYear();
    let m = first.getUTCMonth();
    if (start(y, m) > this.firstDayStart) m -= 1;
    const out: { after: number; before: number }[] = [];
    // Date.UTC carries month overflow into the year, so only the month index moves.
    for (let after = start(y, m); after <= this.#now; m += 1) {
      const before = start(y, m + 1);
      out.push({ after, before });
      after = before;
    }
    return out;
  }

  // ---- sessions ------------------------------------------------------------------------------------

  /** One page in created_at-descending order (ties by session_id), starting after `cursor`. */
  sessionsPage(
    filter: SessionFilter,
    first: number,
    cursor: SessionCursor | null,
  ): { items: SimSession[]; hasNext: boolean } {
    const list = this.#sourceFor(filter);
    const createdFrom = Math.max(
      filter.createdAfter ?? -Infinity,
      (filter.updatedAfter ?? -Infinity) - this.#maxSpan,
    );
    const createdTo = Math.min(filter.createdBefore ?? Infinity, filter.updatedBefore ?? Infinity);
    const [lo, end] = createdRange(list, createdFrom, createdTo);
    const hi = cursor ? Math.min(end, lowerBoundKey(list, cursor)) : end;
    const items: SimSession[] = [];
    for (let i = hi - 1; i >= lo; i--) {
      const s = list[i] as SimSession;
      if (!matches(s, filter)) continue;
      if (items.length === first) return { items, hasNext: true };
      items.push(s);
    }
    return { items, hasNext: false };
  }

  /** Sessions created in the window, after the id filters. */
  sessionsCreatedIn(window: TimeWindow, filter: SessionFilter = {}): SimSession[] {
    return this.sessionsPage(
      { ...filter, createdAfter: window.timeAfter, createdBefore: window.timeBefore },
      Infinity,
      null,
    ).items;
  }

  // ---- metrics -------------------------------------------------------------------------------------

  /** One bucket per UTC day / Monday-to-Sunday week / month overlapping the window; users counted over the whole bucket. */
  activeUserBuckets(kind: ActiveUsersKind, window: TimeWindow, orgIds?: ReadonlySet<string>) {
    const buckets: { active_users: number; start_time: number; end_time: number }[] = [];
    for (let start = bucketStart(kind, window.timeAfter); start < window.timeBefore;) {
      const end = nextBucket(kind, start);
      const users = new Set<string>();
      const [lo, hi] = createdRange(this.sessions, start, end);
      for (let i = lo; i < hi; i++) {
        const s = this.sessions[i] as SimSession;
        if (s.user_id && (!orgIds || orgIds.has(s.org_id))) users.add(s.user_id);
      }
      buckets.push({ active_users: users.size, start_time: start, end_time: end - 1 });
      start = end;
    }
    return buckets;
  }

  activeUsers(window: TimeWindow, orgIds: ReadonlySet<string> | undefined, minSessions: number) {
    const counts = new Map<string, number>();
    for (const s of this.sessionsCreatedIn(window, orgIds ? { orgIds } : {})) {
      if (s.user_id) counts.set(s.user_id, (counts.get(s.user_id) ?? 0) + 1);
    }
    // Without simulated searches, min_sessions = 0 makes every user active.
    const active =
      minSessions <= 0 ? this.users.length : [...counts.values()].filter((n) => n >= minSessions).length;
    return { active_users: active, start_time: window.timeAfter, end_time: window.timeBefore };
  }

  sessionMetrics(window: TimeWindow, filter: SessionFilter) {
    const sessions = this.sessionsCreatedIn(window, filter);
    const byOrigin = Object.fromEntries(REPORTED_ORIGINS.map((o) => [o, 0])) as Record<string, number>;
    const bySize = Object.fromEntries(SIZES.map((s) => [s, 0])) as Record<string, number>;
    const mergedBySize = { ...bySize };
    let acus = 0;
    let merged = 0;
    for (const s of sessions) {
      acus += s.acus_consumed;
      const origin = reportedOrigin(s.origin);
      if (origin in byOrigin) byOrigin[origin] = (byOrigin[origin] ?? 0) + 1;
      const size = sizeOf(s.acus_consumed);
      bySize[size] = (bySize[size] ?? 0) + 1;
      if (s.pull_requests.some((p) => p.pr_state?.toLowerCase() === 'merged')) {
        merged += 1;
        mergedBySize[size] = (mergedBySize[size] ?? 0) + 1;
      }
    }
    return {
      sessions_created_count: sessions.length,
      sessions_created_with_playbook_count: sessions.filter((s) => s.playbook_id !== null).length,
      sessions_created_with_search_count: 0,
      sessions_with_merged_prs_count: merged,
      avg_acus_per_session: sessions.length === 0 ? 0 : round2(acus / sessions.length),
      sessions_created_by_origin: byOrigin,
      sessions_created_by_size: bySize,
      sessions_with_merged_prs_by_size: mergedBySize,
    };
  }

  usageMetrics(window: TimeWindow) {
    const sessions = this.sessionsCreatedIn(window);
    const prs = this.prsOpenedIn(window, {});
    return {
      sessions_count: sessions.length,
      searches_count: 0,
      prs_created_count: prs.length,
      prs_merged_count: prs.filter((p) => p.state === 'merged').length,
    };
  }

  // ---- pull requests (outcomes.ts) -----------------------------------------------------------------

  /**
   * Unique PRs whose event time (the earliest listing session's updated_at) lies in the window — the API counts
   * PRs by event time, not by the creation of the sessions that list them. Filters apply to that session.
   */
  prsOpenedIn(window: TimeWindow, filter: SessionFilter & { playbookId?: string }): SimPr[] {
    return uniquePrs(this.sessions).filter(
      (p) =>
        p.opened_at >= window.timeAfter &&
        p.opened_at < window.timeBefore &&
        (!filter.orgIds || filter.orgIds.has(p.org_id)) &&
        (!filter.userIds || (p.user_id !== null && filter.userIds.has(p.user_id))) &&
        (!filter.serviceUserIds || (p.service_user_id !== null && filter.serviceUserIds.has(p.service_user_id))) &&
        (filter.playbookId === undefined || p.playbook_id === filter.playbookId),
    );
  }

  prMetrics(window: TimeWindow, filter: SessionFilter & { playbookId?: string }) {
    const prs = this.prsOpenedIn(window, filter);
    const count = (state: string) => prs.filter((p) => p.state === state).length;
    return {
      prs_created_count: prs.length,
      prs_opened_count: count('open'),
      prs_merged_count: count('merged'),
      prs_closed_count: count('closed'),
      prs_taken_over_count: 0,
      prs_taken_over_opened_count: 0,
      prs_taken_over_merged_count: 0,
      prs_taken_over_closed_count: 0,
    };
  }

  // ---- change over time ----------------------------------------------------------------------------

  /** Moves the clock, creates sessions in the step, and lets some running sessions work (more ACUs, later updated_at). */
  advance({ newSessions = 3, updateSessions = 3, seconds = 60 }: AdvanceOptions = {}): AdvanceResult {
    const rng = this.#gen.rng;
    const previous = this.#now;
    this.#now = previous + Math.max(1, Math.floor(seconds));
    const span = this.#now - previous;
    // Chosen before the new sessions exist, so "updated" means sessions that were already running.
    const running = this.sessions.filter((s) => s.status === 'running');
    const created = Array.from({ length: newSessions }, () =>
      createSession(rng, this.#pickCreator(), previous + 1 + Math.floor(rng.next() * span), this.#now),
    ).sort(compareSessions);
    for (const s of created) {
      this.sessions.push(s);
      this.#index(s);
    }

    const updated: string[] = [];
    for (let k = 0; k < updateSessions && running.length > 0; k++) {
      const s = running.splice(Math.floor(rng.next() * running.length), 1)[0] as SimSession;
      s.acus_consumed = round2(s.acus_consumed + Math.max(0.01, (span / 720) * Math.exp(rng.normal(0, 0.3))));
      s.updated_at = this.#now;
      if (rng.chance(0.2)) {
        s.status = 'exit';
        s.status_detail = null;
      }
      this.#maxSpan = Math.max(this.#maxSpan, s.updated_at - s.created_at);
      updated.push(s.session_id);
    }
    return { now: this.#now, created: created.map((s) => s.session_id), updated };
  }

  /** Deletes records as if removed upstream; every list and index the API answers from follows. */
  remove({ sessionIds = [], orgIds = [], userIds = [] }: RemoveOptions): RemoveResult {
    const orgs = removeWhere(this.orgs, (o) => orgIds.includes(o.org_id)).map((o) => o.org_id);
    const users = removeWhere(this.users, (u) => userIds.includes(u.user_id)).map((u) => u.user_id);
    const goneSessions = new Set(sessionIds);
    const sessions = removeWhere(
      this.sessions,
      (s) => goneSessions.has(s.session_id) || orgs.includes(s.org_id),
    ).map((s) => s.session_id);
    for (const id of orgs) this.#orgIds.delete(id);
    for (const id of users) this.#userIds.delete(id);
    this.#byId.clear();
    this.#byOrg.clear();
    this.#byUser.clear();
    for (const s of this.sessions) this.#index(s);
    return { sessions, orgs, users };
  }

  // ---- internals -----------------------------------------------------------------------------------

  #index(s: SimSession): void {
    this.#byId.set(s.session_id, s);
    pushTo(this.#byOrg, s.org_id, s);
    if (s.user_id) pushTo(this.#byUser, s.user_id, s);
    this.#maxSpan = Math.max(this.#maxSpan, s.updated_at - s.created_at);
  }

  /** A creator whose organization and user still exist (`remove` may have deleted some). */
  #pickCreator(): ReturnType<GeneratedWorld['pickCreator']> {
    for (let tries = 0; tries < 1000; tries++) {
      const c = this.#gen.pickCreator();
      if (this.#orgIds.has(c.orgId) && (c.userId === null || this.#userIds.has(c.userId))) return c;
    }
    throw new RangeError('No organization or user is left to create sessions');
  }

  /** Narrowest pre-sorted list that holds every session the filter can match. */
  #sourceFor(filter: SessionFilter): readonly SimSession[] {
    if (filter.sessionIds) {
      return [...filter.sessionIds].flatMap((id) => this.#byId.get(id) ?? []).sort(compareSessions);
    }
    if (filter.userIds?.size === 1) return this.#byUser.get([...filter.userIds][0] as string) ?? [];
    if (filter.orgIds?.size === 1) return this.#byOrg.get([...filter.orgIds][0] as string) ?? [];
    return this.sessions;
  }

  /** Billing days are fixed 86,400 s spans (billing-day.ts), so they can be counted from any aligned start. */
  #floorDay(t: number): number {
    return this.firstDayStart + Math.floor((t - this.firstDayStart) / DAY_SECONDS) * DAY_SECONDS;
  }

  #ceilDay(t: number): number {
    const floor = this.#floorDay(t);
    return floor === t ? t : floor + DAY_SECONDS;
  }
}

/** Removes the matching items in place (keeping the order of the rest) and returns them. */
function removeWhere<T>(list: T[], remove: (item: T) => boolean): T[] {
  const removed: T[] = [];
  let kept = 0;
  for (const item of list) {
    if (remove(item)) removed.push(item);
    else list[kept++] = item;
  }
  list.length = kept;
  return removed;
}

const hourInLosAngeles = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/Los_Angeles',
  hour: 'numeric',
  hourCycle: 'h23',
});

/** Pacific midnight of a billing day's date: its 08:00 UTC start is 00:00 PST, or 01:00 under PDT. */
function pacificMidnight(dayStart: number): number {
  return dayStart - Number(hourInLosAngeles.format(dayStart * 1000)) * 3600;
}

function pushTo(map: Map<string, SimSession[]>, key: string, s: SimSession): void {
  const list = map.get(key);
  if (list) list.push(s);
  else map.set(key, [s]);
}

function matches(s: SimSession, f: SessionFilter): boolean {
  return (
    (f.createdAfter === undefined || s.created_at >= f.createdAfter) &&
    (f.createdBefore === undefined || s.created_at < f.createdBefore) &&
    (f.updatedAfter === undefined || s.updated_at >= f.updatedAfter) &&
    (f.updatedBefore === undefined || s.updated_at < f.updatedBefore) &&
    (!f.orgIds || f.orgIds.has(s.org_id)) &&
    (!f.userIds || (s.user_id !== null && f.userIds.has(s.user_id))) &&
    (!f.serviceUserIds || (s.service_user_id !== null && f.serviceUserIds.has(s.service_user_id))) &&
    (!f.sessionIds || f.sessionIds.has(s.session_id))
  );
}

/** Index range [lo, hi) of an ascending list whose created_at lies in [from, to). */
function createdRange(list: readonly SimSession[], from: number, to: number): [number, number] {
  const bound = (t: number): number => {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((list[mid] as SimSession).created_at < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const lo = bound(from);
  return [lo, Math.max(lo, bound(to))];
}

/** First index whose (created_at, session_id) is not below the cursor. */
function lowerBoundKey(list: readonly SimSession[], cursor: SessionCursor): number {
  const key = { created_at: cursor.createdAt, session_id: cursor.sessionId } as SimSession;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareSessions(list[mid] as SimSession, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `/metrics/sessions` counts `scheduled` under `automation` and exposes only the documented origins. */
function reportedOrigin(origin: string): string {
  return origin === 'scheduled' ? 'automation' : origin;
}

function sizeOf(acus: number): (typeof SIZES)[number] {
  return acus < 1 ? 'xs' : acus < 3 ? 's' : acus < 8 ? 'm' : acus < 20 ? 'l' : 'xl';
}

/** Start of the UTC day, Monday-based week or month containing `t`. */
function bucketStart(kind: ActiveUsersKind, t: number): number {
  const day = Math.floor(t / DAY_SECONDS) * DAY_SECONDS;
  if (kind === 'dau') return day;
  if (kind === 'wau') return day - ((new Date(day * 1000).getUTCDay() + 6) % 7) * DAY_SECONDS;
  const d = new Date(t * 1000);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / 1000;
}

function nextBucket(kind: ActiveUsersKind, start: number): number {
  if (kind === 'dau') return start + DAY_SECONDS;
  if (kind === 'wau') return start + 7 * DAY_SECONDS;
  const d = new Date(start * 1000);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / 1000;
}
