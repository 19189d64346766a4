/**
 * The simulator's state and every computation the API answers from it. Consumption, metrics and member
 * lists are derived on request from the session records, so the consistency rules hold by construction,
 * also after `advance` changes the world. Sessions live in a columnar store (store.ts); a page materialises
 * only its own sessions, and the per-org / per-user row lists and the PR table are rebuilt lazily after a change.
 */
import { DAY_SECONDS } from '../../shared/billing-day';
import type { TimeWindow } from '../../shared/devin-api';
import { createSession, round2, type Creator, type GeneratedWorld } from './generate';
import { uniquePrs, type PrTable } from './outcomes';
import { PR_STATES, STATUSES, type SessionStore } from './store';
import type {
  AcuLimit,
  AdvanceOptions,
  AdvanceResult,
  ConsumptionDateAnchor,
  OtherProductAcus,
  RemoveOptions,
  RemoveResult,
  SessionUpdate,
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
  playbookId?: string;
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
const QUEUED = new Set(['new', 'claimed', 'resuming'].map((s) => STATUSES.indexOf(s as never)));
const RUNNING = STATUSES.indexOf('running');
const EXIT = STATUSES.indexOf('exit');
const [OPEN, MERGED, CLOSED] = (['open', 'merged', 'closed'] as const).map((s) => PR_STATES.indexOf(s));

/** Rows of the store grouped by a key (org or user index): rows[start[k]..start[k+1]) ascending. */
interface Grouped {
  start: Int32Array;
  rows: Int32Array;
}

/** A contiguous run of a row list: `rows` null means the store itself (row k is k). */
interface Source {
  rows: Int32Array | null;
  lo: number;
  hi: number;
}

/** A SessionFilter with its id sets turned into masks over the store's indexes. */
interface RowFilter {
  createdAfter?: number;
  createdBefore?: number;
  updatedAfter?: number;
  updatedBefore?: number;
  orgs?: Uint8Array;
  users?: Uint8Array;
  serviceUsers?: Uint8Array;
  /** Interned playbook index, −1 for a playbook no session has. */
  playbook?: number;
}

export class World implements SimulatorData {
  readonly company: string;
  readonly firstDayStart: number;
  readonly orgs: SimOrg[];
  readonly users: SimUser[];
  readonly serviceUsers: SimServiceUser[];
  readonly store: SessionStore;
  readonly otherProducts: Map<number, OtherProductAcus>;
  readonly acuLimits: AcuLimit[];
  readonly cycleAnchorDay: number;
  queueSize: number;

  #now: number;
  readonly #gen: GeneratedWorld;
  readonly #dateOf: (dayStart: number) => number;
  /** Original list positions by id: sessions keep naming orgs and users that `remove` took off the lists. */
  readonly #orgIndex: Map<string, number>;
  readonly #userIndex: Map<string, number>;
  readonly #serviceUserIndex: Map<string, number>;
  readonly #orgIds: Set<string>;
  readonly #userIds: Set<string>;
  /** Largest updated_at − created_at, so an `updated_after` filter can bound the created_at range it scans. */
  #maxSpan = 0;
  #derived: { version: number; byOrg: Grouped; byUser: Grouped } | null = null;
  #prs: { version: number; table: PrTable } | null = null;
  #sessions: { version: number; list: SimSession[] } | null = null;

  constructor(gen: GeneratedWorld, nowSec: number, dateAnchor: ConsumptionDateAnchor = 'billing-day-start') {
    this.#gen = gen;
    this.#dateOf = dateAnchor === 'pacific-midnight' ? pacificMidnight : (dayStart) => dayStart;
    this.#now = nowSec;
    this.company = gen.company;
    this.firstDayStart = gen.firstDayStart;
    this.orgs = gen.orgs;
    this.users = gen.users;
    this.serviceUsers = gen.serviceUsers;
    this.store = gen.sessions;
    this.otherProducts = gen.otherProducts;
    this.acuLimits = gen.acuLimits;
    this.cycleAnchorDay = gen.cycleAnchorDay;
    const { names } = this.store;
    this.#orgIndex = new Map(names.orgIds.map((id, i) => [id, i]));
    this.#userIndex = new Map(names.userIds.map((id, i) => [id, i]));
    this.#serviceUserIndex = new Map(names.serviceUserIds.map((id, i) => [id, i]));
    this.#orgIds = new Set(gen.orgs.map((o) => o.org_id));
    this.#userIds = new Set(gen.users.map((u) => u.user_id));
    const { created, updated, status } = this.store.c;
    let queued = 0;
    for (let i = 0; i < this.store.length; i++) {
      this.#maxSpan = Math.max(this.#maxSpan, updated[i]! - created[i]!);
      if (QUEUED.has(status[i]!)) queued++;
    }
    this.queueSize = queued;
  }

  get now(): number {
    return this.#now;
  }

  /** Every session as an API object, built on first use after a change (tests read them; the API never does). */
  get sessions(): readonly SimSession[] {
    const { store } = this;
    if (this.#sessions?.version !== store.version) {
      const list = Array.from({ length: store.length }, (_, i) => store.toSession(i));
      this.#sessions = { version: store.version, list };
    }
    return this.#sessions.list;
  }

  session(sessionId: string): SimSession | undefined {
    const i = this.store.find(sessionId);
    return i < 0 ? undefined : this.store.toSession(i);
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
    const source =
      scope.kind === 'enterprise'
        ? this.#all()
        : scope.kind === 'org'
          ? this.#group(this.#derive().byOrg, this.#orgIndex.get(scope.orgId))
          : this.#group(this.#derive().byUser, this.#userIndex.get(scope.userId));
    const from = window ? this.#ceilDay(window.timeAfter) : -Infinity;
    const to = window ? this.#ceilDay(window.timeBefore) : Infinity;
    const { lo, hi } = this.#createdRange(source, from, to);
    // Per billing day, summed in row order as ever (floating-point sums depend on the order).
    const devin = new Map<number, number>();
    const { created, acus } = this.store.c;
    let day = NaN;
    let dayEnd = -Infinity;
    let sum = 0;
    for (let k = lo; k < hi; k++) {
      const i = source.rows ? source.rows[k]! : k;
      if (created[i]! >= dayEnd) {
        if (!Number.isNaN(day)) devin.set(day, sum);
        day = this.#floorDay(created[i]!);
        dayEnd = day + DAY_SECONDS;
        sum = 0;
      }
      sum += acus[i]!;
    }
    if (!Number.isNaN(day)) devin.set(day, sum);
    const days = new Set(devin.keys());
    if (scope.kind === 'enterprise') {
      for (const d of this.otherProducts.keys()) if (d >= from && d < to) days.add(d);
    }
    let total = 0;
    const rows: ConsumptionBody['consumption_by_date'] = [];
    for (const d of [...days].sort((a, b) => a - b)) {
      const other = scope.kind === 'enterprise' ? this.otherProducts.get(d) : undefined;
      const byProduct = {
        devin: round2(devin.get(d) ?? 0),
        cascade: other?.cascade ?? 0,
        terminal: other?.terminal ?? 0,
        review: other?.review ?? 0,
      };
      const acusOfDay = round2(byProduct.devin + byProduct.cascade + byProduct.terminal + byProduct.review);
      if (acusOfDay === 0) continue;
      total += acusOfDay;
      rows.push({ date: this.#dateOf(d), acus: acusOfDay, acus_by_product: byProduct });
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
    const rows: number[] = [];
    let hasNext = false;
    this.#eachRow(filter, cursor, (i) => {
      if (rows.length === first) return !(hasNext = true);
      rows.push(i);
      return true;
    });
    return { items: rows.map((i) => this.store.toSession(i)), hasNext };
  }

  // ---- metrics -------------------------------------------------------------------------------------

  /** One bucket per UTC day / Monday-to-Sunday week / month overlapping the window; users counted over the whole bucket. */
  activeUserBuckets(kind: ActiveUsersKind, window: TimeWindow, orgIds?: ReadonlySet<string>) {
    const orgs = orgIds && this.#mask(orgIds, this.#orgIndex);
    const { org, user } = this.store.c;
    const seen = new Int32Array(this.store.names.userIds.length);
    const buckets: { active_users: number; start_time: number; end_time: number }[] = [];
    for (let start = bucketStart(kind, window.timeAfter); start < window.timeBefore;) {
      const end = nextBucket(kind, start);
      const stamp = buckets.length + 1;
      let users = 0;
      const { lo, hi } = this.#createdRange(this.#all(), start, end);
      for (let i = lo; i < hi; i++) {
        const u = user[i]!;
        if (u < 0 || (orgs && !orgs[org[i]!]) || seen[u] === stamp) continue;
        seen[u] = stamp;
        users++;
      }
      buckets.push({ active_users: users, start_time: start, end_time: end - 1 });
      start = end;
    }
    return buckets;
  }

  activeUsers(window: TimeWindow, orgIds: ReadonlySet<string> | undefined, minSessions: number) {
    const { user } = this.store.c;
    const counts = new Int32Array(this.store.names.userIds.length);
    this.#eachRow(this.#created(window, orgIds ? { orgIds } : {}), null, (i) => {
      if (user[i]! >= 0) counts[user[i]!]!++;
      return true;
    });
    // Without simulated searches, min_sessions = 0 makes every user active.
    const active =
      minSessions <= 0 ? this.users.length : counts.filter((n) => n > 0 && n >= minSessions).length;
    return { active_users: active, start_time: window.timeAfter, end_time: window.timeBefore };
  }

  sessionMetrics(window: TimeWindow, filter: SessionFilter) {
    const byOrigin = Object.fromEntries(REPORTED_ORIGINS.map((o) => [o, 0])) as Record<string, number>;
    const bySize = Object.fromEntries(SIZES.map((s) => [s, 0])) as Record<string, number>;
    const mergedBySize = { ...bySize };
    const { c, names } = this.store;
    let count = 0;
    let withPlaybook = 0;
    let acus = 0;
    let merged = 0;
    // Newest first, the order the sums were always taken in.
    this.#eachRow(this.#created(window, filter), null, (i) => {
      count++;
      if (c.playbook[i] !== 0) withPlaybook++;
      acus += c.acus[i]!;
      const origin = reportedOrigin(names.origins.values[c.origin[i]!] as string);
      if (origin in byOrigin) byOrigin[origin] = (byOrigin[origin] ?? 0) + 1;
      const size = sizeOf(c.acus[i]!);
      bySize[size] = (bySize[size] ?? 0) + 1;
      if (this.store.hasMergedPr(i)) {
        merged += 1;
        mergedBySize[size] = (mergedBySize[size] ?? 0) + 1;
      }
      return true;
    });
    return {
      sessions_created_count: count,
      sessions_created_with_playbook_count: withPlaybook,
      sessions_created_with_search_count: 0,
      sessions_with_merged_prs_count: merged,
      avg_acus_per_session: count === 0 ? 0 : round2(acus / count),
      sessions_created_by_origin: byOrigin,
      sessions_created_by_size: bySize,
      sessions_with_merged_prs_by_size: mergedBySize,
    };
  }

  usageMetrics(window: TimeWindow) {
    let sessions = 0;
    this.#eachRow(this.#created(window, {}), null, () => (sessions++, true));
    const prs = this.prCounts(window, {});
    return {
      sessions_count: sessions,
      searches_count: 0,
      prs_created_count: prs.created,
      prs_merged_count: prs.merged,
    };
  }

  // ---- pull requests (outcomes.ts) -----------------------------------------------------------------

  /**
   * Unique PRs whose event time (the earliest listing session's updated_at) lies in the window — the API counts
   * PRs by event time, not by the creation of the sessions that list them. Filters apply to that session.
   */
  prCounts(window: TimeWindow, filter: SessionFilter) {
    if (this.#prs?.version !== this.store.version)
      this.#prs = { version: this.store.version, table: uniquePrs(this.store) };
    const t = this.#prs.table;
    const f = this.#rowFilter(filter);
    const counts = { created: 0, open: 0, merged: 0, closed: 0 };
    for (let p = 0; p < t.length; p++) {
      if (t.openedAt[p]! < window.timeAfter || t.openedAt[p]! >= window.timeBefore) continue;
      if (f.orgs && !f.orgs[t.org[p]!]) continue;
      if (f.users && !(t.user[p]! >= 0 && f.users[t.user[p]!])) continue;
      if (f.serviceUsers && !(t.serviceUser[p]! >= 0 && f.serviceUsers[t.serviceUser[p]!])) continue;
      if (f.playbook !== undefined && t.playbook[p] !== f.playbook) continue;
      counts.created++;
      if (t.state[p] === OPEN) counts.open++;
      else if (t.state[p] === MERGED) counts.merged++;
      else if (t.state[p] === CLOSED) counts.closed++;
    }
    return counts;
  }

  prMetrics(window: TimeWindow, filter: SessionFilter) {
    const prs = this.prCounts(window, filter);
    return {
      prs_created_count: prs.created,
      prs_opened_count: prs.open,
      prs_merged_count: prs.merged,
      prs_closed_count: prs.closed,
      prs_taken_over_count: 0,
      prs_taken_over_opened_count: 0,
      prs_taken_over_merged_count: 0,
      prs_taken_over_closed_count: 0,
    };
  }

  // ---- change over time ----------------------------------------------------------------------------

  /** Moves the clock, creates sessions in the step, and lets some running sessions work (more ACUs, later updated_at). */
  advance({ newSessions = 3, updateSessions = 3, seconds = 60 }: AdvanceOptions = {}): AdvanceResult {
    const { store } = this;
    const rng = this.#gen.rng;
    const previous = this.#now;
    this.#now = previous + Math.max(1, Math.floor(seconds));
    const span = this.#now - previous;
    // Chosen before the new sessions exist, so "updated" means sessions that were already running.
    const running: number[] = [];
    for (let i = 0; i < store.length; i++) if (store.c.status[i] === RUNNING) running.push(i);
    const firstNew = store.length;
    for (let n = 0; n < newSessions; n++) {
      const creator = this.#pickCreator();
      createSession(rng, store, creator, previous + 1 + Math.floor(rng.next() * span), this.#now);
    }
    store.sortTail(firstNew);
    const created: string[] = [];
    for (let i = firstNew; i < store.length; i++) {
      this.#gen.outcomes.shape(i);
      this.#maxSpan = Math.max(this.#maxSpan, store.c.updated[i]! - store.c.created[i]!);
      created.push(store.sessionId(i));
    }

    const updated: string[] = [];
    const c = store.c;
    for (let k = 0; k < updateSessions && running.length > 0; k++) {
      const i = running.splice(Math.floor(rng.next() * running.length), 1)[0] as number;
      c.acus[i] = round2(c.acus[i]! + Math.max(0.01, (span / 720) * Math.exp(rng.normal(0, 0.3))));
      c.updated[i] = this.#now;
      if (rng.chance(0.2)) {
        c.status[i] = EXIT;
        c.detail[i] = 0;
      }
      this.#maxSpan = Math.max(this.#maxSpan, c.updated[i]! - c.created[i]!);
      updated.push(store.sessionId(i));
    }
    store.touch();
    return { now: this.#now, created, updated };
  }

  /** Sets a session's ACUs and `updated_at` as if it had worked on upstream; false for an unknown id. */
  updateSession(sessionId: string, update: SessionUpdate): boolean {
    const i = this.store.find(sessionId);
    if (i < 0) return false;
    const c = this.store.c;
    if (update.acus_consumed !== undefined) c.acus[i] = update.acus_consumed;
    if (update.updated_at !== undefined) c.updated[i] = update.updated_at;
    this.#maxSpan = Math.max(this.#maxSpan, c.updated[i]! - c.created[i]!);
    this.store.touch();
    return true;
  }

  /** Deletes records as if removed upstream; every list and index the API answers from follows. */
  remove({ sessionIds = [], orgIds = [], userIds = [] }: RemoveOptions): RemoveResult {
    const orgs = removeWhere(this.orgs, (o) => orgIds.includes(o.org_id)).map((o) => o.org_id);
    const users = removeWhere(this.users, (u) => userIds.includes(u.user_id)).map((u) => u.user_id);
    const gone = new Set(sessionIds.map((id) => this.store.find(id)));
    const goneOrgs = this.#mask(new Set(orgs), this.#orgIndex);
    const sessions = this.store.compact((i) => !gone.has(i) && !goneOrgs[this.store.c.org[i]!]);
    for (const id of orgs) this.#orgIds.delete(id);
    for (const id of users) this.#userIds.delete(id);
    return { sessions, orgs, users };
  }

  // ---- internals -----------------------------------------------------------------------------------

  /** A creator whose organization and user still exist (`remove` may have deleted some). */
  #pickCreator(): Creator {
    const { names } = this.store;
    for (let tries = 0; tries < 1000; tries++) {
      const c = this.#gen.pickCreator();
      if (this.#orgIds.has(names.orgIds[c.org]!) && (c.user < 0 || this.#userIds.has(names.userIds[c.user]!)))
        return c;
    }
    throw new RangeError('No organization or user is left to create sessions');
  }

  /** The per-org and per-user row lists, rebuilt after a change (a counting sort keeps each list ascending). */
  #derive(): { byOrg: Grouped; byUser: Grouped } {
    if (this.#derived?.version !== this.store.version) {
      const { org, user } = this.store.c;
      this.#derived = {
        version: this.store.version,
        byOrg: group(org, this.store.length, this.store.names.orgIds.length),
        byUser: group(user, this.store.length, this.store.names.userIds.length),
      };
    }
    return this.#derived;
  }

  #all(): Source {
    return { rows: null, lo: 0, hi: this.store.length };
  }

  #group(g: Grouped, key: number | undefined): Source {
    if (key === undefined) return { rows: null, lo: 0, hi: 0 };
    return { rows: g.rows, lo: g.start[key]!, hi: g.start[key + 1]! };
  }

  /** Narrowest row list that holds every session the filter can match. */
  #sourceFor(filter: SessionFilter): Source {
    if (filter.sessionIds) {
      const rows = [...filter.sessionIds].map((id) => this.store.find(id)).filter((i) => i >= 0);
      return { rows: Int32Array.from(rows).sort(), lo: 0, hi: rows.length };
    }
    if (filter.userIds?.size === 1)
      return this.#group(this.#derive().byUser, this.#userIndex.get([...filter.userIds][0]!));
    if (filter.orgIds?.size === 1)
      return this.#group(this.#derive().byOrg, this.#orgIndex.get([...filter.orgIds][0]!));
    return this.#all();
  }

  #created(window: TimeWindow, filter: SessionFilter): SessionFilter {
    return { ...filter, createdAfter: window.timeAfter, createdBefore: window.timeBefore };
  }

  /** Calls `visit` for each matching row, newest first, after `cursor`, until it returns false. */
  #eachRow(filter: SessionFilter, cursor: SessionCursor | null, visit: (i: number) => boolean): void {
    const source = this.#sourceFor(filter);
    const createdFrom = Math.max(
      filter.createdAfter ?? -Infinity,
      (filter.updatedAfter ?? -Infinity) - this.#maxSpan,
    );
    const createdTo = Math.min(filter.createdBefore ?? Infinity, filter.updatedBefore ?? Infinity);
    const { lo, hi: end } = this.#createdRange(source, createdFrom, createdTo);
    const hi = cursor ? Math.min(end, this.#lowerBoundKey(source, cursor)) : end;
    const f = this.#rowFilter(filter);
    const { c } = this.store;
    for (let k = hi - 1; k >= lo; k--) {
      const i = source.rows ? source.rows[k]! : k;
      if (f.createdAfter !== undefined && c.created[i]! < f.createdAfter) continue;
      if (f.createdBefore !== undefined && c.created[i]! >= f.createdBefore) continue;
      if (f.updatedAfter !== undefined && c.updated[i]! < f.updatedAfter) continue;
      if (f.updatedBefore !== undefined && c.updated[i]! >= f.updatedBefore) continue;
      if (f.orgs && !f.orgs[c.org[i]!]) continue;
      if (f.users && !(c.user[i]! >= 0 && f.users[c.user[i]!])) continue;
      if (f.serviceUsers && !(c.serviceUser[i]! >= 0 && f.serviceUsers[c.serviceUser[i]!])) continue;
      if (f.playbook !== undefined && c.playbook[i] !== f.playbook) continue;
      if (!visit(i)) return;
    }
  }

  #rowFilter(filter: SessionFilter): RowFilter {
    return {
      createdAfter: filter.createdAfter,
      createdBefore: filter.createdBefore,
      updatedAfter: filter.updatedAfter,
      updatedBefore: filter.updatedBefore,
      orgs: filter.orgIds && this.#mask(filter.orgIds, this.#orgIndex),
      users: filter.userIds && this.#mask(filter.userIds, this.#userIndex),
      serviceUsers: filter.serviceUserIds && this.#mask(filter.serviceUserIds, this.#serviceUserIndex),
      playbook:
        filter.playbookId === undefined ? undefined : this.store.names.playbooks.find(filter.playbookId),
    };
  }

  /** 1 at the index of every id in the set (ids nobody has are simply absent). */
  #mask(ids: ReadonlySet<string>, index: Map<string, number>): Uint8Array {
    const mask = new Uint8Array(index.size);
    for (const id of ids) {
      const i = index.get(id);
      if (i !== undefined) mask[i] = 1;
    }
    return mask;
  }

  /** Range [lo, hi) of the source whose created_at lies in [from, to). */
  #createdRange(source: Source, from: number, to: number): Source {
    const { created } = this.store.c;
    const bound = (t: number): number => {
      let lo = source.lo;
      let hi = source.hi;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (created[source.rows ? source.rows[mid]! : mid]! < t) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    const lo = bound(from);
    return { rows: source.rows, lo, hi: Math.max(lo, bound(to)) };
  }

  /** First position whose (created_at, session_id) is not below the cursor. */
  #lowerBoundKey(source: Source, cursor: SessionCursor): number {
    const { created } = this.store.c;
    let lo = source.lo;
    let hi = source.hi;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const i = source.rows ? source.rows[mid]! : mid;
      const below =
        created[i]! < cursor.createdAt ||
        (created[i] === cursor.createdAt && this.store.sessionId(i) < cursor.sessionId);
      if (below) lo = mid + 1;
      else hi = mid;
    }
    return lo;
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

/** Rows grouped by `key[i]` (negative keys left out), each group ascending. */
function group(key: Int32Array, length: number, keys: number): Grouped {
  const start = new Int32Array(keys + 1);
  for (let i = 0; i < length; i++) if (key[i]! >= 0) start[key[i]! + 1]!++;
  for (let k = 0; k < keys; k++) start[k + 1]! += start[k]!;
  const fill = start.slice(0, keys);
  const rows = new Int32Array(start[keys]!);
  for (let i = 0; i < length; i++) if (key[i]! >= 0) rows[fill[key[i]!]!++] = i;
  return { start, rows };
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
