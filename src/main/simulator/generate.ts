/**
 * Deterministic synthetic enterprise: organizations, people, service users, sessions and the ACUs of the
 * products that belong to no organization. Everything is drawn from one seeded stream, relative to the
 * billing day that contains `nowSec`, so a seed and a clock always give the same world.
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
  REPOS,
  SERVICE_USER_NAMES,
  SUBCATEGORIES,
  SUSPEND_DETAILS,
  TAGS,
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
  SimSession,
  SimulatorPreset,
  SimUser,
} from './types';

export interface GeneratedWorld {
  company: string;
  orgs: SimOrg[];
  users: SimUser[];
  serviceUsers: SimServiceUser[];
  /** Ascending by (created_at, session_id). */
  sessions: SimSession[];
  /** Keyed by billing-day start (unix s). */
  otherProducts: Map<number, OtherProductAcus>;
  acuLimits: AcuLimit[];
  /** Day of the month on which monthly billing cycles start, 08:00 UTC (a contract date, not the 1st). */
  cycleAnchorDay: number;
  firstDayStart: number;
  /** Continues the seeded stream for `advance`, so later sessions are deterministic too. */
  rng: Rng;
  pickCreator: () => Creator;
}

interface Creator {
  orgId: string;
  userId: string | null;
  serviceUserId: string | null;
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

  // Day weights: weekdays busier than weekends, adoption growing over the period, today only up to `now`.
  const dayWeights: number[] = [];
  for (let i = 0; i < preset.days; i++) {
    const start = firstDayStart + i * DAY_SECONDS;
    const weekday = new Date((start - 8 * HOUR) * 1000).getUTCDay();
    const elapsed = i === preset.days - 1 ? clamp((nowSec - start) / DAY_SECONDS, 0, 1) : 1;
    dayWeights.push((weekday === 0 || weekday === 6 ? 0.22 : 1) * (0.6 + (0.8 * i) / preset.days) * elapsed);
  }
  const dayCum = cumulative(dayWeights);

  const sessions: SimSession[] = [];
  const devinByDay = new Map<number, number>();
  if ((dayCum.at(-1) ?? 0) > 0) {
    for (let n = 0; n < preset.sessions; n++) {
      const dayStart = firstDayStart + rng.weighted(dayCum) * DAY_SECONDS;
      // Working hours in the Pacific billing day (which starts at midnight PST), centred on early afternoon.
      let offset = Math.floor(clamp(rng.normal(13 * HOUR, 2.8 * HOUR), 0, DAY_SECONDS - 1));
      if (dayStart + offset >= nowSec) offset = Math.floor(rng.next() * (nowSec - dayStart));
      const session = createSession(rng, pickCreator(), dayStart + offset, nowSec);
      sessions.push(session);
      devinByDay.set(dayStart, (devinByDay.get(dayStart) ?? 0) + session.acus_consumed);
    }
  }
  sessions.sort(compareSessions);

  const otherProducts = new Map<number, OtherProductAcus>();
  for (const [day, devin] of [...devinByDay].sort((a, b) => a[0] - b[0])) {
    otherProducts.set(day, {
      cascade: round2(devin * 0.09 * Math.exp(rng.normal(0, 0.3))),
      terminal: rng.chance(0.8) ? round2(devin * 0.03 * Math.exp(rng.normal(0, 0.3))) : 0,
      review: rng.chance(0.6) ? round2(devin * 0.02 * Math.exp(rng.normal(0, 0.3))) : 0,
    });
  }

  const acuLimits = setLimits(rng, orgs, users, sessions, nowSec);
  return {
    company,
    orgs,
    users,
    serviceUsers,
    sessions,
    otherProducts,
    acuLimits,
    firstDayStart,
    rng,
    pickCreator,
    cycleAnchorDay: CYCLE_ANCHOR_DAY,
  };
}

export function compareSessions(a: SimSession, b: SimSession): number {
  return (
    a.created_at - b.created_at || (a.session_id < b.session_id ? -1 : a.session_id > b.session_id ? 1 : 0)
  );
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
  const heavy = new Set<number>();
  const weights = users.map((_, i): number => {
    const r = rng.next();
    if (r < 0.05) return (heavy.add(i), 8);
    if (r < 0.15) return 0;
    return Math.exp(rng.normal(0, 0.7));
  });
  if (weights.length > 0 && !weights.some((w) => w > 0)) weights[0] = 1;
  const userCum = cumulative(weights);
  // The first service user is the dashboard's own read-only identity; the others run automations.
  const bots = serviceUsers.length > 1 ? serviceUsers.slice(1) : serviceUsers;
  return () => {
    if (bots.length > 0 && rng.chance(0.04)) {
      const bot = rng.pick(bots);
      return { orgId: rng.pick(orgs).org_id, userId: null, serviceUserId: bot.service_user_id, heavy: false };
    }
    const index = rng.weighted(userCum);
    const user = users[index] as SimUser;
    const orgId =
      user.org_ids.length > 1 && rng.chance(0.3) ? (user.org_ids[1] as string) : (user.org_ids[0] as string);
    return { orgId, userId: user.user_id, serviceUserId: null, heavy: heavy.has(index) };
  };
}

/** One session created at `createdAt`, in the state it would be in at `nowSec`. */
export function createSession(rng: Rng, creator: Creator, createdAt: number, nowSec: number): SimSession {
  const hex = rng.hex(8);
  const age = nowSec - createdAt;
  const category = CATEGORIES[rng.weighted(CATEGORY_CUM)]?.[0] ?? 'other';
  const origin = creator.serviceUserId
    ? rng.pick(['api', 'automation'])
    : (ORIGINS[rng.weighted(ORIGIN_CUM)]?.[0] ?? 'webapp');
  const durationSec = Math.round(clamp(Math.exp(rng.normal(Math.log(35), 0.9)), 2, 600) * 60);
  const acuRate = (Math.exp(rng.normal(0, 0.4)) * (creator.heavy ? 1.8 : 1)) / (12 * 60); // ACUs per second of work

  let status: SimSession['status'] = 'exit';
  let statusDetail: string | null = null;
  let updatedAt = Math.min(createdAt + durationSec, nowSec);
  const r = rng.next();
  if (age < 2 * HOUR && r < 0.7) {
    if (r < 0.18) {
      status = r < 0.12 ? 'new' : 'claimed';
      updatedAt = createdAt;
    } else {
      status = 'running';
      statusDetail = rng.pick(['working', 'working', 'waiting_for_user', 'waiting_for_approval']);
      updatedAt = Math.max(createdAt, nowSec - rng.int(0, 300));
    }
  } else if (r > 0.92) {
    status = 'suspended';
    statusDetail = rng.pick(SUSPEND_DETAILS);
  } else if (r > 0.84) {
    status = 'error';
  }
  const worked = status === 'new' || status === 'claimed' ? 0 : updatedAt - createdAt;
  const acus = worked === 0 ? 0 : round2(Math.max(0.05, worked * acuRate));

  const pull_requests: SimSession['pull_requests'] = [];
  if ((status === 'exit' && rng.chance(0.45)) || (status === 'running' && rng.chance(0.2))) {
    const count = rng.chance(0.9) ? 1 : 2;
    for (let k = 0; k < count; k++) {
      const p = rng.next();
      const state =
        status === 'running'
          ? 'open'
          : age > 3 * DAY_SECONDS
            ? p < 0.65
              ? 'merged'
              : p < 0.8
                ? 'closed'
                : 'open'
            : p < 0.35
              ? 'merged'
              : p < 0.4
                ? 'closed'
                : 'open';
      pull_requests.push({
        pr_url: `https://github.com/${rng.pick(REPOS)}/pull/${rng.int(100, 9999)}`,
        pr_state: state,
      });
    }
  }
  const tags: string[] = [];
  if (rng.chance(0.25)) tags.push(rng.pick(TAGS));
  if (rng.chance(0.05)) {
    const extra = rng.pick(TAGS);
    if (!tags.includes(extra)) tags.push(extra);
  }

  return {
    session_id: `devin-${hex}`,
    url: `https://app.devin.ai/sessions/${hex}`,
    org_id: creator.orgId,
    user_id: creator.userId,
    service_user_id: creator.serviceUserId,
    title: `${rng.pick(TITLE_VERBS)} ${rng.pick(TITLE_SUBJECTS)}`,
    status,
    status_detail: statusDetail,
    acus_consumed: acus,
    created_at: createdAt,
    updated_at: updatedAt,
    pull_requests,
    tags,
    origin,
    category,
    subcategory: rng.pick(SUBCATEGORIES),
    playbook_id: rng.chance(0.1) ? `playbook-${rng.hex(4)}` : null,
    parent_session_id: null,
    child_session_ids: [],
    is_archived: age > 60 * DAY_SECONDS && rng.chance(0.1),
    structured_output: null,
  };
}

/** Budgets sized from the last 30 days of use: an enterprise cap, most orgs capped, two heavy users capped. */
function setLimits(
  rng: Rng,
  orgs: SimOrg[],
  users: SimUser[],
  sessions: SimSession[],
  nowSec: number,
): AcuLimit[] {
  const since = nowSec - 30 * DAY_SECONDS;
  const byOrg = new Map<string, number>();
  const byUser = new Map<string, number>();
  for (const s of sessions) {
    if (s.created_at < since) continue;
    byOrg.set(s.org_id, (byOrg.get(s.org_id) ?? 0) + s.acus_consumed);
    if (s.user_id) byUser.set(s.user_id, (byUser.get(s.user_id) ?? 0) + s.acus_consumed);
  }
  const roundUp = (x: number, step: number): number => Math.max(step, Math.ceil(x / step) * step);
  const total = [...byOrg.values()].reduce((a, b) => a + b, 0);
  const limits: AcuLimit[] = [
    { cycle_acu_limit: roundUp(total * 1.5, 1000), scope: 'enterprise', org_id: null, user_id: null },
  ];
  let legacyOnly = false;
  for (const org of orgs) {
    const cap = roundUp((byOrg.get(org.org_id) ?? 0) * rng.pick([1.1, 1.3, 2]), 100);
    if (!rng.chance(0.6)) {
      // Every other unlimited organization carries only the older per-org setting, with no acu-limits entry.
      legacyOnly = !legacyOnly;
      if (legacyOnly) org.max_cycle_acu_limit = cap;
      continue;
    }
    // Where both exist they may disagree; the acu-limits entry is the one Devin enforces.
    org.max_cycle_acu_limit = rng.chance(0.3) ? cap * 2 : cap;
    limits.push({ cycle_acu_limit: cap, scope: 'org', org_id: org.org_id, user_id: null });
  }
  const heaviest = [...byUser].sort((a, b) => b[1] - a[1]).slice(0, 2);
  for (const [userId, acus] of heaviest) {
    limits.push({ cycle_acu_limit: roundUp(acus * 1.2, 50), scope: 'user', org_id: null, user_id: userId });
  }
  return limits;
}
