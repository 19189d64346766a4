/**
 * Deterministic synthetic enterprise: organizations, people, service users, sessions and the ACUs of the
 * products that belong to no organization. Everything is drawn from one seeded stream, relative to the
 * billing day that contains `nowSec`, so a seed and a clock always give the same world. Sessions go straight
 * into a columnar store (store.ts): a million of them is a few seconds of draws and about 100 MB.
 */
import { billingDayOf, billingDayStart, addDaysTo, DAY_SECONDS } from '../../shared/billing-day';
import { createRng, cumulative, type Rng } from './prng';
import {
  CATEGORIES,
  COMPANIES,
  FIRST_NAMES,
  LAST_NAMES,
  ORIGINS,
  REGIONS,
  SERVICE_USER_NAMES,
  SUBCATEGORIES,
  SUSPEND_DETAILS,
  TEAM_NAMES,
  TITLE_SUBJECTS,
  TITLE_VERBS,
} from './names';
import type {
  AcuLimit,
  OtherProductAcus,
  SimOrg,
  SimRoleAssignment,
  SimServiceUser,
  SimulatorPreset,
  SimUser,
} from './types';
import { outcomeNames, shapeOutcomes, type OutcomeShaper } from './outcomes';
import { PR_SLOTS, PR_STATES, SessionStore, STATUS_DETAILS, STATUSES } from './store';

export interface GeneratedWorld {
  company: string;
  orgs: SimOrg[];
  users: SimUser[];
  serviceUsers: SimServiceUser[];
  /** Ascending by (created_at, session_id), outcomes shaped and linked (outcomes.ts). */
  sessions: SessionStore;
  /** Keyed by billing-day start (unix s). */
  otherProducts: Map<number, OtherProductAcus>;
  acuLimits: AcuLimit[];
  /** Day of the month on which monthly billing cycles start, 08:00 UTC (a contract date, not the 1st). */
  cycleAnchorDay: number;
  firstDayStart: number;
  /** Continues the seeded stream for `advance`, so later sessions are deterministic too. */
  rng: Rng;
  pickCreator: () => Creator;
  /** Shapes the sessions `advance` creates, continuing the outcomes stream. */
  outcomes: OutcomeShaper;
}

/** Who creates a session, as indexes into the generated org / user / service-user lists (−1: none). */
export interface Creator {
  org: number;
  user: number;
  serviceUser: number;
  heavy: boolean;
}

const HOUR = 3600;
/** Contract cycles start on the 5th at 08:00 UTC, so they never line up with calendar months. */
export const CYCLE_ANCHOR_DAY = 5;
/** ACU amounts are whole hundredths, so sums rounded to 2 decimals are exact. */
export const round2 = (x: number): number => Math.round(x * 100) / 100;
const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

const ORIGIN_CUM = cumulative(ORIGINS.map(([, w]) => w));
const CATEGORY_CUM = cumulative(CATEGORIES.map(([, w]) => w));
const RUNNING_DETAILS = (['working', 'working', 'waiting_for_user', 'waiting_for_approval'] as const).map((d) =>
  STATUS_DETAILS.indexOf(d),
);
const SUSPENDED_DETAILS = SUSPEND_DETAILS.map((d) => STATUS_DETAILS.indexOf(d));
const NEW = STATUSES.indexOf('new');
const CLAIMED = STATUSES.indexOf('claimed');
const RUNNING = STATUSES.indexOf('running');
const EXIT = STATUSES.indexOf('exit');
const ERROR = STATUSES.indexOf('error');
const SUSPENDED = STATUSES.indexOf('suspended');
const OPEN = PR_STATES.indexOf('open');
const MERGED = PR_STATES.indexOf('merged');
const CLOSED = PR_STATES.indexOf('closed');

export function generateWorld(preset: SimulatorPreset, seed: number, nowSec: number): GeneratedWorld {
  const rng = createRng(seed);
  const company = rng.pick(COMPANIES);
  const today = billingDayOf(nowSec);
  const firstDayStart = billingDayStart(addDaysTo(today, -(preset.days - 1)));
  const ids = new Set<string>();
  const uniqueId = (prefix: string, bytes: number): string => {
    for (;;) {
      const id = `${prefix}-${rng.hex(bytes)}`;
      if (!ids.has(id)) return (ids.add(id), id);
    }
  };

  const orgs = makeOrgs(rng, preset.orgs, firstDayStart, nowSec, uniqueId);
  const users = makeUsers(rng, preset.users, company, orgs, uniqueId);
  const serviceUsers = makeServiceUsers(rng, preset.serviceUsers, nowSec, uniqueId);
  // Copies: its weights are indexed by position, and World.remove edits the world's lists in place.
  const pickCreator = creatorPicker(rng, [...orgs], [...users], serviceUsers);
  const store = new SessionStore(preset.sessions, outcomeNames(orgs, users, serviceUsers));

  // Day weights: weekdays busier than weekends, adoption growing over the period, today only up to `now`.
  const dayWeights: number[] = [];
  for (let i = 0; i < preset.days; i++) {
    const start = firstDayStart + i * DAY_SECONDS;
    const weekday = new Date((start - 8 * HOUR) * 1000).getUTCDay();
    const elapsed = i === preset.days - 1 ? clamp((nowSec - start) / DAY_SECONDS, 0, 1) : 1;
    dayWeights.push((weekday === 0 || weekday === 6 ? 0.22 : 1) * (0.6 + (0.8 * i) / preset.days) * elapsed);
  }
  const dayCum = cumulative(dayWeights);

  // Devin ACUs per generated day, summed in generation order; `hasDay` marks days that got a session.
  const devinByDay = new Float64Array(preset.days);
  const hasDay = new Uint8Array(preset.days);
  if ((dayCum.at(-1) ?? 0) > 0) {
    for (let n = 0; n < preset.sessions; n++) {
      const day = rng.weighted(dayCum);
      const dayStart = firstDayStart + day * DAY_SECONDS;
      // Working hours in the Pacific billing day (which starts at midnight PST), centred on early afternoon.
      let offset = Math.floor(clamp(rng.normal(13 * HOUR, 2.8 * HOUR), 0, DAY_SECONDS - 1));
      if (dayStart + offset >= nowSec) offset = Math.floor(rng.next() * (nowSec - dayStart));
      const i = createSession(rng, store, pickCreator(), dayStart + offset, nowSec);
      devinByDay[day] = (devinByDay[day] as number) + (store.c.acus[i] as number);
      hasDay[day] = 1;
    }
  }
  store.sortTail(0);

  const otherProducts = new Map<number, OtherProductAcus>();
  for (let day = 0; day < preset.days; day++) {
    if (!hasDay[day]) continue;
    const devin = devinByDay[day] as number;
    otherProducts.set(firstDayStart + day * DAY_SECONDS, {
      cascade: round2(devin * 0.09 * Math.exp(rng.normal(0, 0.3))),
      terminal: rng.chance(0.8) ? round2(devin * 0.03 * Math.exp(rng.normal(0, 0.3))) : 0,
      review: rng.chance(0.6) ? round2(devin * 0.02 * Math.exp(rng.normal(0, 0.3))) : 0,
    });
  }

  const acuLimits = setLimits(rng, orgs, users, store, nowSec);
  // Outcomes (PRs, origins, tags, playbooks, parent/child links) on their own seeded stream: see outcomes.ts.
  const outcomes = shapeOutcomes(store, seed);
  return {
    company,
    orgs,
    users,
    serviceUsers,
    sessions: store,
    otherProducts,
    acuLimits,
    firstDayStart,
    rng,
    pickCreator,
    outcomes,
    cycleAnchorDay: CYCLE_ANCHOR_DAY,
  };
}

function makeOrgs(
  rng: Rng,
  count: number,
  firstDayStart: number,
  nowSec: number,
  uniqueId: (p: string, b: number) => string,
): SimOrg[] {
  const names = new Set<string>();
  const orgs: SimOrg[] = [];
  for (let i = 0; i < count; i++) {
    let name: string = TEAM_NAMES[i % TEAM_NAMES.length] ?? 'Team';
    if (i >= TEAM_NAMES.length)
      name = `${name} ${REGIONS[Math.floor(i / TEAM_NAMES.length - 1) % REGIONS.length]}`;
    while (names.has(name)) name = `${name} ${rng.int(2, 9)}`;
    names.add(name);
    const created = firstDayStart - rng.int(30, 900) * DAY_SECONDS + rng.int(0, DAY_SECONDS - 1);
    orgs.push({
      org_id: uniqueId('org', 6),
      name,
      created_at: created,
      updated_at: created + Math.floor(rng.next() * (nowSec - created)),
      max_cycle_acu_limit: null,
      max_session_acu_limit: rng.chance(0.5) ? rng.pick([25, 50, 100]) : null,
    });
  }
  return orgs;
}

function makeUsers(
  rng: Rng,
  count: number,
  company: string,
  orgs: SimOrg[],
  uniqueId: (p: string, b: number) => string,
): SimUser[] {
  const orgCum = cumulative(orgs.map((_, k) => 1 / Math.pow(k + 1, 0.7)));
  const names = new Set<string>();
  const emails = new Set<string>();
  const users: SimUser[] = [];
  for (let i = 0; i < count; i++) {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    let name = `${first} ${last}`;
    while (names.has(name)) name = `${first} ${String.fromCharCode(65 + rng.int(0, 25))}. ${last}`;
    names.add(name);
    const local = `${first}.${last}`.toLowerCase();
    let email = `${local}@${company}.com`;
    for (let k = 2; emails.has(email); k++) email = `${local}${k}@${company}.com`;
    emails.add(email);

    const home = orgs[rng.weighted(orgCum)];
    const org_ids = home ? [home.org_id] : [];
    const second = orgs[rng.weighted(orgCum)];
    if (second && rng.chance(0.15) && !org_ids.includes(second.org_id)) org_ids.push(second.org_id);
    const r = rng.next();
    const listing: SimUser['listing'] = r < 0.8 ? 'direct' : r < 0.95 ? 'idp' : 'both';
    const role_assignments: SimRoleAssignment[] = org_ids.map((org_id) => ({
      role: { role_id: 'role-org-member', role_name: 'Org Member', role_type: 'org' },
      org_id,
    }));
    if (i < 2) {
      role_assignments.unshift({
        role: { role_id: 'role-enterprise-admin', role_name: 'Enterprise Admin', role_type: 'enterprise' },
        org_id: null,
      });
    }
    users.push({ user_id: uniqueId('user', 6), email, name, org_ids, listing, role_assignments });
  }
  return users;
}

function makeServiceUsers(
  rng: Rng,
  count: number,
  nowSec: number,
  uniqueId: (p: string, b: number) => string,
): SimServiceUser[] {
  return Array.from({ length: count }, (_, i) => ({
    service_user_id: uniqueId('su', 6),
    name: i < SERVICE_USER_NAMES.length ? (SERVICE_USER_NAMES[i] as string) : `Service User ${i + 1}`,
    expires_at: i === 2 ? nowSec + rng.int(30, 180) * DAY_SECONDS : null,
  }));
}

/** Who creates the next session: a few heavy users, most people moderately, ~10% nobody at all; ~4% service users. */
function creatorPicker(
  rng: Rng,
  orgs: SimOrg[],
  users: SimUser[],
  serviceUsers: SimServiceUser[],
): () => Creator {
  const heavy = new Uint8Array(users.length);
  const weights = users.map((_, i): number => {
    const r = rng.next();
    if (r < 0.05) return ((heavy[i] = 1), 8);
    if (r < 0.15) return 0;
    return Math.exp(rng.normal(0, 0.7));
  });
  if (weights.length > 0 && !weights.some((w) => w > 0)) weights[0] = 1;
  const userCum = cumulative(weights);
  // Each user's home and second org as list positions (−1: none).
  const orgIndex = new Map(orgs.map((o, i) => [o.org_id, i]));
  const homeOrg = Int32Array.from(users, (u) => orgIndex.get(u.org_ids[0] as string) ?? -1);
  const secondOrg = Int32Array.from(users, (u) => (u.org_ids.length > 1 ? (orgIndex.get(u.org_ids[1] as string) ?? -1) : -1));
  // The first service user is the dashboard's own read-only identity; the others run automations.
  const firstBot = serviceUsers.length > 1 ? 1 : 0;
  const bots = serviceUsers.length - firstBot;
  return () => {
    if (bots > 0 && rng.chance(0.04)) {
      const serviceUser = firstBot + rng.int(0, bots - 1);
      return { org: rng.int(0, orgs.length - 1), user: -1, serviceUser, heavy: false };
    }
    const index = rng.weighted(userCum);
    const org = secondOrg[index]! >= 0 && rng.chance(0.3) ? secondOrg[index]! : homeOrg[index]!;
    return { org, user: index, serviceUser: -1, heavy: heavy[index] === 1 };
  };
}

/**
 * One session created at `createdAt`, in the state it would be in at `nowSec`, appended to the store; returns
 * its row. Origin, tags, playbook and PR urls are drawn (the stream stays where it always was) but left to
 * outcomes.ts, which sets them on every session.
 */
export function createSession(
  rng: Rng,
  store: SessionStore,
  creator: Creator,
  createdAt: number,
  nowSec: number,
): number {
  const i = store.append();
  const c = store.c;
  let hi = 0;
  let lo = 0;
  for (let k = 0; k < 4; k++) hi = hi * 256 + Math.floor(rng.next() * 256);
  for (let k = 0; k < 4; k++) lo = lo * 256 + Math.floor(rng.next() * 256);
  const age = nowSec - createdAt;
  c.category[i] = rng.weighted(CATEGORY_CUM);
  if (creator.serviceUser >= 0) rng.next();
  else rng.weighted(ORIGIN_CUM);
  const durationSec = Math.round(clamp(Math.exp(rng.normal(Math.log(35), 0.9)), 2, 600) * 60);
  const acuRate = (Math.exp(rng.normal(0, 0.4)) * (creator.heavy ? 1.8 : 1)) / (12 * 60); // ACUs per second of work

  let status = EXIT;
  let statusDetail = 0;
  let updatedAt = Math.min(createdAt + durationSec, nowSec);
  const r = rng.next();
  if (age < 2 * HOUR && r < 0.7) {
    if (r < 0.18) {
      status = r < 0.12 ? NEW : CLAIMED;
      updatedAt = createdAt;
    } else {
      status = RUNNING;
      statusDetail = rng.pick(RUNNING_DETAILS);
      updatedAt = Math.max(createdAt, nowSec - rng.int(0, 300));
    }
  } else if (r > 0.92) {
    status = SUSPENDED;
    statusDetail = rng.pick(SUSPENDED_DETAILS);
  } else if (r > 0.84) {
    status = ERROR;
  }
  const worked = status === NEW || status === CLAIMED ? 0 : updatedAt - createdAt;
  const acus = worked === 0 ? 0 : round2(Math.max(0.05, worked * acuRate));

  if ((status === EXIT && rng.chance(0.45)) || (status === RUNNING && rng.chance(0.2))) {
    const count = rng.chance(0.9) ? 1 : 2;
    for (let k = 0; k < count; k++) {
      const p = rng.next();
      const state =
        status === RUNNING
          ? OPEN
          : age > 3 * DAY_SECONDS
            ? p < 0.65
              ? MERGED
              : p < 0.8
                ? CLOSED
                : OPEN
            : p < 0.35
              ? MERGED
              : p < 0.4
                ? CLOSED
                : OPEN;
      rng.next(); // repository
      rng.next(); // PR number
      c.prState[i * PR_SLOTS + k] = state;
    }
    c.prCount[i] = count;
  }
  if (rng.chance(0.25)) rng.next(); // tag
  if (rng.chance(0.05)) rng.next(); // second tag
  const verb = rng.int(0, TITLE_VERBS.length - 1);
  c.title[i] = verb * TITLE_SUBJECTS.length + rng.int(0, TITLE_SUBJECTS.length - 1);
  c.subcategory[i] = rng.int(0, SUBCATEGORIES.length - 1);
  if (rng.chance(0.1)) rng.hex(4); // playbook

  c.hexHi[i] = hi;
  c.hexLo[i] = lo;
  c.org[i] = creator.org;
  c.user[i] = creator.user;
  c.serviceUser[i] = creator.serviceUser;
  c.status[i] = status;
  c.detail[i] = statusDetail;
  c.acus[i] = acus;
  c.created[i] = createdAt;
  c.updated[i] = updatedAt;
  c.archived[i] = age > 60 * DAY_SECONDS && rng.chance(0.1) ? 1 : 0;
  return i;
}

/** Budgets sized from the last 30 days of use: an enterprise cap, most orgs capped, two heavy users capped. */
function setLimits(
  rng: Rng,
  orgs: SimOrg[],
  users: SimUser[],
  store: SessionStore,
  nowSec: number,
): AcuLimit[] {
  const since = nowSec - 30 * DAY_SECONDS;
  const { created, acus, org, user } = store.c;
  // Keyed by index, in the order of first appearance, so every sum adds in the same order as ever.
  const byOrg = new Map<number, number>();
  const byUser = new Map<number, number>();
  for (let i = 0; i < store.length; i++) {
    if ((created[i] as number) < since) continue;
    const a = acus[i] as number;
    byOrg.set(org[i] as number, (byOrg.get(org[i] as number) ?? 0) + a);
    if ((user[i] as number) >= 0) byUser.set(user[i] as number, (byUser.get(user[i] as number) ?? 0) + a);
  }
  const roundUp = (x: number, step: number): number => Math.max(step, Math.ceil(x / step) * step);
  const total = [...byOrg.values()].reduce((a, b) => a + b, 0);
  const limits: AcuLimit[] = [
    { cycle_acu_limit: roundUp(total * 1.5, 1000), scope: 'enterprise', org_id: null, user_id: null },
  ];
  let legacyOnly = false;
  orgs.forEach((o, k) => {
    const cap = roundUp((byOrg.get(k) ?? 0) * rng.pick([1.1, 1.3, 2]), 100);
    if (!rng.chance(0.6)) {
      // Every other unlimited organization carries only the older per-org setting, with no acu-limits entry.
      legacyOnly = !legacyOnly;
      if (legacyOnly) o.max_cycle_acu_limit = cap;
      return;
    }
    // Where both exist they may disagree; the acu-limits entry is the one Devin enforces.
    o.max_cycle_acu_limit = rng.chance(0.3) ? cap * 2 : cap;
    limits.push({ cycle_acu_limit: cap, scope: 'org', org_id: o.org_id, user_id: null });
  });
  const heaviest = [...byUser].sort((a, b) => b[1] - a[1]).slice(0, 2);
  for (const [k, a] of heaviest) {
    const userId = (users[k] as SimUser).user_id;
    limits.push({ cycle_acu_limit: roundUp(a * 1.2, 50), scope: 'user', org_id: null, user_id: userId });
  }
  return limits;
}
