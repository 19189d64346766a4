/**
 * Outcomes for one range and scope: PRs and merge rate, ACUs per merged PR, where the ACUs went, runaway
 * sessions. SQL reads the range's sessions, their PRs (with the "merged anywhere" flag the writer keeps) and
 * tags once; the definitions (shared/outcomes.ts, README "How the numbers are made") are applied here in one
 * pass, so every panel, the CLI and the per-org/per-user tables share exactly the same rules.
 */
import { addDaysTo, previousRange, rangeWindow, type DayString } from '../../../../shared/billing-day';
import {
  OTHER_TAGS,
  originBucket,
  RUNAWAY_LIMIT_SHARE,
  RUNAWAY_MEDIAN_DAYS,
  RUNAWAY_MEDIAN_FACTOR,
  TOP_TAGS,
  type AcuSlice,
  type OrgOutcomes,
  type OriginBucket,
  type OutcomesData,
  type OutcomesQuery,
  type OutcomeTotals,
  type RunawaySession,
  type SessionOutcome,
  type UserOutcomes,
  type WeeklyOutcome,
} from '../../../../shared/outcomes';
import type { Logger } from '../../logger';
import { fromMicroAcus, toMicroAcus } from '../../../../shared/money';
import { selectArrays, type Db } from '../connection';
import { createVersionMemo } from '../version-memo';
import { fails, VALID_SESSION } from '../rows';
import { sumMicroAcus } from './acus-sql';
import { sessionScope, type SqlParams } from './session-scope';

interface ScopedSession {
  id: string;
  orgId: string;
  creator: string | null;
  /** Status `error`, or status detail `error` (the "error" outcome). */
  errored: boolean;
  /** ACUs in whole micro-ACUs: sums stay exact (shared/money.ts). */
  microAcus: number;
  createdAt: number;
  origin: OriginBucket;
  playbookId: string | null;
  /** PR URLs it lists, each with "merged" as any session in the cache reports it; most sessions list none. */
  prs: { url: string; merged: boolean }[];
  tags: string[];
}

/** Shared by the sessions that list no PR or tag (most of them): one allocation instead of two per session. */
const NONE: never[] = [];
const acusOf = (s: ScopedSession): number => fromMicroAcus(s.microAcus);

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** The sessions created in the range and scope, ascending by creation, with their PRs and tags. */
function readScopedSessions(db: Db, from: DayString, to: DayString, orgId: string | null): ScopedSession[] {
  const { where, params } = sessionScope(from, to, orgId);
  const sessions: ScopedSession[] = [];
  const byId = new Map<string, ScopedSession>();
  // In created_at order straight from the index (no sort); ties may come in any order, which no figure depends on.
  for (const [id, org, creator, errored, acus, createdAt, origin, playbook] of selectArrays<unknown[]>(
    db,
    `SELECT s.session_id, s.org_id, coalesce(s.user_id, s.service_user_id),
            s.status = 'error' OR coalesce(s.status_detail, '') = 'error', s.acus, s.created_at, s.origin, s.playbook_id
     FROM sessions s WHERE ${where} ORDER BY s.created_at`,
    params,
  )) {
    if (typeof id !== 'string' || typeof org !== 'string' || typeof acus !== 'number' || typeof createdAt !== 'number')
      continue;
    const s: ScopedSession = {
      id,
      orgId: org,
      creator: str(creator),
      errored: errored === 1,
      microAcus: toMicroAcus(acus),
      createdAt,
      origin: originBucket(str(origin)),
      playbookId: str(playbook),
      prs: NONE,
      tags: NONE,
    };
    sessions.push(s);
    byId.set(id, s);
  }
  // "Merged" is a fact about the PR (`pr_merged`, kept by the writer): any session in the cache that lists it may
  // report it — a child session created after the range often has the fresher state. For all orgs, the range's
  // PR and tag rows are one index range scan on their own created_at (migration v4); for one org, a lookup per
  // scoped session reads far fewer rows. Rows of sessions outside the scope are dropped by `byId`.
  const [prSql, tagSql, rowParams]: [string, string, SqlParams] =
    orgId === null
      ? [
          'SELECT session_id, pr_url, pr_merged FROM session_prs WHERE created_at >= :lo AND created_at < :hi',
          'SELECT session_id, tag FROM session_tags WHERE created_at >= :lo AND created_at < :hi',
          { lo: params.lo!, hi: params.hi! },
        ]
      : [
          `SELECT p.session_id, p.pr_url, p.pr_merged FROM sessions s JOIN session_prs p ON p.session_id = s.session_id
           WHERE ${where}`,
          `SELECT t.session_id, t.tag FROM sessions s JOIN session_tags t ON t.session_id = s.session_id WHERE ${where}`,
          params,
        ];
  for (const [id, url, merged] of selectArrays<[string, string, number]>(db, prSql, rowParams)) {
    const s = byId.get(id);
    if (!s) continue;
    if (s.prs === NONE) s.prs = [];
    s.prs.push({ url, merged: merged === 1 });
  }
  for (const [id, tag] of selectArrays<[string, string]>(db, tagSql, rowParams)) {
    const s = byId.get(id);
    if (!s) continue;
    if (s.tags === NONE) s.tags = [];
    s.tags.push(tag);
  }
  return sessions;
}

/**
 * The outcome figures of a set of sessions, added one session at a time: every panel row (all, per org, per
 * creator) is one pass over the range's sessions with no per-group lists.
 */
class Tally {
  sessions = 0;
  microAcus = 0;
  sessionsWithMergedPr = 0;
  // Only groups whose sessions list PRs need these.
  opened: Set<string> | null = null;
  merged: Set<string> | null = null;

  /** Sessions and ACUs only (the "where ACUs go" slices). */
  count(s: ScopedSession): void {
    this.sessions++;
    this.microAcus += s.microAcus;
  }

  add(s: ScopedSession): void {
    this.count(s);
    if (s.prs.length === 0) return;
    const opened = (this.opened ??= new Set());
    let listsMerged = false;
    for (const pr of s.prs) {
      opened.add(pr.url);
      if (pr.merged) {
        (this.merged ??= new Set()).add(pr.url);
        listsMerged = true;
      }
    }
    if (listsMerged) this.sessionsWithMergedPr++;
  }

  totals(): OutcomeTotals {
    return totalsOf(this.sessions, fromMicroAcus(this.microAcus), this.opened?.size ?? 0, this.merged?.size ?? 0, this.sessionsWithMergedPr);
  }
}

function totalsOf(sessions: number, sessionAcus: number, openedPrs: number, mergedPrs: number, sessionsWithMergedPr: number): OutcomeTotals {
  return {
    sessions,
    sessionAcus,
    openedPrs,
    mergedPrs,
    sessionsWithMergedPr,
    acusPerMergedPr: mergedPrs === 0 ? null : sessionAcus / mergedPrs,
    mergeRate: openedPrs === 0 ? null : mergedPrs / openedPrs,
  };
}

/** The totals of a range and scope, aggregated in SQL (the previous period needs no per-session rows). */
function periodTotals(db: Db, from: DayString, to: DayString, orgId: string | null): OutcomeTotals {
  const { where, params } = sessionScope(from, to, orgId);
  const [[sessions, sessionMicroAcus] = [0, 0]] = selectArrays<[number, number]>(
    db,
    `SELECT count(*), ${sumMicroAcus('s.acus')} FROM sessions s WHERE ${where}`,
    params,
  );
  const sessionAcus = fromMicroAcus(sessionMicroAcus);
  // Counted here rather than with three count(DISTINCT …) in SQL, which cost more than reading the rows.
  const opened = new Set<string>();
  const merged = new Set<string>();
  const withMerged = new Set<string>();
  for (const [id, url, isMerged] of selectArrays<[string, string, number]>(
    db,
    orgId === null
      ? // All orgs: the range's PR rows by their own created_at (migration v4; the writer keeps it equal to their
        // session's, and drops them with it), less those of sessions no figure counts. A join to the sessions
        // instead fetches a whole session row per PR: ~7× slower.
        `SELECT p.session_id, p.pr_url, p.pr_merged FROM session_prs p
         WHERE p.created_at >= :lo AND p.created_at < :hi
           AND p.session_id NOT IN (SELECT s.session_id FROM sessions s
                                    WHERE s.created_at >= :lo AND s.created_at < :hi AND ${fails(VALID_SESSION)})`
      : // One org: its sessions first, then each one's PRs by the primary key.
        `SELECT p.session_id, p.pr_url, p.pr_merged FROM sessions s CROSS JOIN session_prs p ON p.session_id = s.session_id
         WHERE ${where}`,
    params,
  )) {
    opened.add(url);
    if (isMerged !== 1) continue;
    merged.add(url);
    withMerged.add(id);
  }
  return totalsOf(sessions, sessionAcus, opened.size, merged.size, withMerged.size);
}

function sessionOutcome(s: ScopedSession): SessionOutcome {
  if (s.prs.some((p) => p.merged)) return 'merged_pr';
  if (s.prs.length > 0) return 'open_pr';
  if (s.errored) return 'error';
  return 'no_pr';
}

/** The Tally of `key` in `groups`, created on first sight: groups keep first-seen order (ties in sorts keep it). */
function tallyOf<K>(groups: Map<K, Tally>, key: K): Tally {
  let t = groups.get(key);
  if (!t) groups.set(key, (t = new Tally()));
  return t;
}

const slice = (t: Tally): AcuSlice => ({ sessions: t.sessions, acus: fromMicroAcus(t.microAcus) });

const byAcusDesc = <T extends AcuSlice>(a: T, b: T) => b.acus - a.acus || b.sessions - a.sessions;
const byOutcome = <T extends OutcomeTotals & { id: string }>(a: T, b: T) =>
  b.mergedPrs - a.mergedPrs || b.sessionAcus - a.sessionAcus || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Every grouping of the range's sessions in one pass: all, per org, per creator (sessions without one are left
 * out), per origin, playbook and outcome (sessions and ACUs only), and the weekly figures.
 */
function tallies(sessions: readonly ScopedSession[], from: DayString, to: DayString) {
  const all = new Tally();
  const byOrg = new Map<string, Tally>();
  const byUser = new Map<string, Tally>();
  const byOrigin = new Map<OriginBucket, Tally>();
  const byPlaybook = new Map<string, Tally>();
  const byOutcomeOf = new Map<SessionOutcome, Tally>();
  const week = weeklyTally(from, to);
  for (const s of sessions) {
    all.add(s);
    tallyOf(byOrg, s.orgId).add(s);
    if (s.creator !== null) tallyOf(byUser, s.creator).add(s);
    tallyOf(byOrigin, s.origin).count(s);
    tallyOf(byPlaybook, s.playbookId ?? '').count(s);
    tallyOf(byOutcomeOf, sessionOutcome(s)).count(s);
    week.add(s);
  }
  return { all, byOrg, byUser, byOrigin, byPlaybook, byOutcome: byOutcomeOf, weekly: week.weeks };
}

/** Weekly figures: 7-day buckets from the range's first billing day; a merged PR in the week of its first listing. */
function weeklyTally(from: DayString, to: DayString): { weeks: WeeklyOutcome[]; add(s: ScopedSession): void } {
  const { timeAfter, timeBefore } = rangeWindow(from, to);
  const week = 7 * 86_400;
  const weeks: WeeklyOutcome[] = [];
  const microAcus: number[] = [];
  for (let i = 0; timeAfter + i * week < timeBefore; i++) {
    weeks.push({ weekStart: addDaysTo(from, 7 * i), mergedPrs: 0, acus: 0 });
    microAcus.push(0);
  }
  const counted = new Set<string>();
  return {
    weeks,
    // Sessions come in creation order, so the first listing of a PR is the first one seen.
    add(s) {
      const i = Math.floor((s.createdAt - timeAfter) / week);
      const w = weeks[i];
      if (!w) return;
      microAcus[i]! += s.microAcus;
      w.acus = fromMicroAcus(microAcus[i]!);
      for (const pr of s.prs) {
        if (!pr.merged || counted.has(pr.url)) continue;
        counted.add(pr.url);
        w.mergedPrs++;
      }
    },
  };
}

function acusByTag(sessions: readonly ScopedSession[]): OutcomesData['acusByTag'] {
  // A session's tags are unique (session_tags' key), so each session counts once per tag.
  const byTag = new Map<string, Tally>();
  const tagged: ScopedSession[] = [];
  for (const s of sessions) {
    if (s.tags.length === 0) continue;
    tagged.push(s);
    for (const tag of s.tags) tallyOf(byTag, tag).count(s);
  }
  const tags = [...byTag]
    .map(([tag, t]) => ({ tag, ...slice(t) }))
    .sort((a, b) => byAcusDesc(a, b) || (a.tag < b.tag ? -1 : 1));
  const top = tags.slice(0, TOP_TAGS);
  if (tags.length <= TOP_TAGS) return top;
  const named = new Set(top.map((t) => t.tag));
  const rest = new Tally();
  for (const s of tagged) {
    if (!s.tags.some((t) => !named.has(t))) continue;
    rest.count(s);
  }
  return [...top, { tag: OTHER_TAGS, ...slice(rest) }];
}

const fmt = (x: number) => String(Math.round(x * 100) / 100);

/**
 * Sessions whose ACUs reach the runaway rule (shared/outcomes.ts), largest first, with the reason in words and
 * the title for the first `listed` (all when undefined); `count` is how many reach it in all.
 */
function runaway(
  db: Db,
  sessions: readonly ScopedSession[],
  to: DayString,
  listed: number | undefined,
): { list: RunawaySession[]; count: number } {
  const medians = trailingMedians(db, to);
  const limits = new Map(
    selectArrays<[string, unknown]>(db, 'SELECT org_id, max_session_acu_limit FROM organizations', {})
      .filter(([, limit]) => typeof limit === 'number' && limit > 0)
      .map(([org, limit]) => [org, limit as number]),
  );
  const overMedian = (s: ScopedSession) => {
    const m = medians.get(s.orgId);
    return m !== undefined && m > 0 && acusOf(s) >= RUNAWAY_MEDIAN_FACTOR * m ? m : undefined;
  };
  const overLimit = (s: ScopedSession) => {
    const l = limits.get(s.orgId);
    return l !== undefined && acusOf(s) >= RUNAWAY_LIMIT_SHARE * l ? l : undefined;
  };
  const flagged = sessions
    .filter((s) => overMedian(s) !== undefined || overLimit(s) !== undefined)
    .sort((a, b) => b.microAcus - a.microAcus || (a.id < b.id ? -1 : 1));
  // Reasons, titles and statuses only for the sessions listed: for thousands of flagged sessions they cost more
  // than the rule.
  const shown = listed === undefined ? flagged : flagged.slice(0, listed);
  const details = new Map(
    selectArrays<[string, unknown, unknown]>(
      db,
      'SELECT session_id, title, status FROM sessions WHERE session_id IN (SELECT value FROM json_each(:ids))',
      { ids: JSON.stringify(shown.map((s) => s.id)) },
    ).map(([id, title, status]) => [id, { title: str(title), status: str(status) ?? 'unknown' }]),
  );
  const list = shown.map((s): RunawaySession => {
    const acus = acusOf(s);
    const reasons: string[] = [];
    const m = overMedian(s);
    if (m !== undefined)
      reasons.push(`${fmt(acus)} ACUs ≥ ${RUNAWAY_MEDIAN_FACTOR} × the org's ${RUNAWAY_MEDIAN_DAYS}-day median of ${fmt(m)} ACUs`);
    const l = overLimit(s);
    if (l !== undefined) reasons.push(`${fmt(acus)} ACUs ≥ ${RUNAWAY_LIMIT_SHARE * 100} % of the org's ${fmt(l)}-ACU session limit`);
    return {
      sessionId: s.id,
      orgId: s.orgId,
      userId: s.creator,
      title: details.get(s.id)?.title ?? null,
      status: details.get(s.id)?.status ?? 'unknown',
      createdAt: s.createdAt * 1000,
      acus,
      reason: reasons.join('; '),
    };
  });
  return { list, count: flagged.length };
}

/**
 * Every org's median session ACUs over the trailing days ending `to` (sessions with ACUs only). The same for any
 * scope, so computed once per cache state and day: changing org or range back and forth reads it again only
 * after a write.
 */
const mediansMemo = createVersionMemo<Map<string, number>>(1);
const trailingMedians = (db: Db, to: DayString): Map<string, number> =>
  mediansMemo(db, to, () => readTrailingMedians(db, to));

function readTrailingMedians(db: Db, to: DayString): Map<string, number> {
  const trailing = sessionScope(addDaysTo(to, -(RUNAWAY_MEDIAN_DAYS - 1)), to, null);
  const acusByOrg = new Map<string, number[]>();
  for (const [org, acus] of selectArrays<[string, number]>(
    db,
    `SELECT s.org_id, s.acus FROM sessions s WHERE ${trailing.where} AND s.acus > 0`,
    trailing.params,
  )) {
    const list = acusByOrg.get(org);
    if (list) list.push(acus);
    else acusByOrg.set(org, [acus]);
  }
  return new Map([...acusByOrg].map(([org, list]) => [org, median(list)]));
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function names(db: Db, sql: string): Map<string, string> {
  return new Map(
    selectArrays<[unknown, unknown]>(db, sql, {})
      .filter((r): r is [string, string] => typeof r[0] === 'string' && typeof r[1] === 'string' && r[1] !== '')
      .map(([id, name]) => [id, name]),
  );
}

/**
 * Distinct https hosts of every PR URL in the cache: hosts the API itself returned. Read again only after a
 * write (the data version moves), since it scans every PR.
 */
const prHostsMemo = createVersionMemo<string[]>(1);
export const readPrHosts = (db: Db): string[] => prHostsMemo(db, '', () => scanPrHosts(db));

function scanPrHosts(db: Db): string[] {
  const hosts = new Set<string>();
  for (const [url] of selectArrays<[string]>(db, 'SELECT DISTINCT pr_url FROM session_prs', {})) {
    if (!URL.canParse(url)) continue;
    const u = new URL(url);
    if (u.protocol === 'https:') hosts.add(u.hostname);
  }
  return [...hosts].sort();
}

/**
 * The answers asked last on each connection, while the cache's data version stays: changing org or range back
 * and forth reads and adds nothing twice, and any write (a sync, another process's) moves the version on.
 * Answers are shared between callers: read-only. Few are kept: an all-orgs answer lists every creator (≈0.5 MB of
 * heap on the large preset, ten times that on the XL one).
 */
const OUTCOMES_MEMO_SIZE = 4;
const outcomesMemo = createVersionMemo<OutcomesData>(OUTCOMES_MEMO_SIZE);

/** `runawayListed`: list (with reason and title) only that many of the largest runaway sessions; all by default. */
export function getOutcomes(db: Db, log: Logger, query: OutcomesQuery, opts: { runawayListed?: number } = {}): OutcomesData {
  const key = JSON.stringify([query.from, query.to, query.orgId, opts.runawayListed ?? null]);
  return outcomesMemo(db, key, () => computeOutcomes(db, log, query, opts));
}

/** getOutcomes without the memo: what a query costs the first time (the bench measures it). */
export function computeOutcomes(db: Db, _log: Logger, query: OutcomesQuery, opts: { runawayListed?: number } = {}): OutcomesData {
  const { from, to, orgId } = query;
  const sessions = readScopedSessions(db, from, to, orgId);
  const prev = previousRange(from, to);
  const orgNames = names(db, 'SELECT org_id, name FROM organizations');
  const people = names(db, `SELECT id, coalesce(nullif(name, ''), email) FROM people`);
  const t = tallies(sessions, from, to);

  const byOrg: OrgOutcomes[] = [...t.byOrg]
    .map(([id, g]) => ({ id, orgId: id, name: orgNames.get(id) ?? id, ...g.totals() }))
    .sort(byOutcome)
    .map(({ id: _id, ...row }) => row);
  const byUser: UserOutcomes[] = [...t.byUser]
    .map(([id, g]) => ({ id, userId: id, name: people.get(id) ?? id, ...g.totals() }))
    .sort(byOutcome)
    .map(({ id: _id, ...row }) => row);

  const flagged = runaway(db, sessions, to, opts.runawayListed);
  return {
    query,
    totals: t.all.totals(),
    previous: periodTotals(db, prev.from, prev.to, orgId),
    byOrg,
    byUser,
    weekly: t.weekly,
    acusByOrigin: [...t.byOrigin].map(([origin, g]) => ({ origin, ...slice(g) })).sort(byAcusDesc),
    acusByTag: acusByTag(sessions),
    acusByPlaybook: [...t.byPlaybook]
      .map(([id, g]) => ({ playbookId: id === '' ? null : id, ...slice(g) }))
      .sort(byAcusDesc),
    acusByOutcome: [...t.byOutcome].map(([outcome, g]) => ({ outcome, ...slice(g) })).sort(byAcusDesc),
    runaway: flagged.list,
    runawayCount: flagged.count,
    prHosts: readPrHosts(db),
  };
}
