/**
 * The outcome definitions on a real SQLite cache, with small hand-made sessions whose expected figures are
 * worked out by hand in each test: PRs counted once across sessions, merged in any case by any listing session,
 * null states, scope filters, where the ACUs went, and the runaway rule.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCache, type Cache } from '../../src/main/services/cache';
import { silentLogger } from '../../src/main/services/logger';
import type { ApiOrganization, ApiSession } from '../../src/shared/devin-api';

const DAY = 86_400;
/** 2026-11-02 08:00 UTC: the start of billing day 2026-11-02 (a Monday). */
const D0 = Date.UTC(2026, 10, 2, 8) / 1000;
const at = (day: number, hour = 10) => D0 + day * DAY + hour * 3600;
const range = { from: '2026-11-02', to: '2026-11-15', orgId: null };

let dir: string;
let cache: Cache;
let n = 0;

function session(p: Partial<ApiSession> & { acus?: number; day?: number }): ApiSession {
  const id = p.session_id ?? `devin-${(n++).toString(16).padStart(6, '0')}`;
  const created = p.created_at ?? at(p.day ?? 0);
  return {
    session_id: id,
    url: `https://app.devin.ai/sessions/${id}`,
    org_id: p.org_id ?? 'org-a',
    user_id: p.user_id === undefined ? 'user-1' : p.user_id,
    service_user_id: p.service_user_id ?? null,
    title: p.title ?? 'work',
    status: p.status ?? 'exit',
    status_detail: p.status_detail ?? null,
    acus_consumed: p.acus ?? 1,
    created_at: created,
    updated_at: created + 600,
    pull_requests: p.pull_requests ?? [],
    tags: p.tags ?? [],
    origin: p.origin === undefined ? 'webapp' : p.origin,
    category: null,
    subcategory: null,
    is_archived: false,
    playbook_id: p.playbook_id ?? null,
    parent_session_id: p.parent_session_id ?? null,
    child_session_ids: p.child_session_ids ?? [],
  };
}

const pr = (k: number, state: string | null) => ({ pr_url: `https://github.com/acme/web/pull/${k}`, pr_state: state });
const org = (id: string, limit: number | null = null): ApiOrganization => ({
  org_id: id,
  name: id.toUpperCase(),
  created_at: 1,
  updated_at: 1,
  max_cycle_acu_limit: null,
  max_session_acu_limit: limit,
});

function load(sessions: ApiSession[], orgs: ApiOrganization[] = [org('org-a'), org('org-b')]) {
  cache.transaction((w) => {
    w.replaceOrganizations(orgs);
    w.upsertSessions(sessions);
  });
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'outcomes-'));
  cache = openCache({ file: join(dir, 'cache.sqlite'), log: silentLogger });
});
afterEach(() => {
  cache.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('outcome definitions', () => {
  it('counts a PR listed by parent and child once, merged when any listing says merged, in any case', () => {
    load([
      session({ acus: 4, pull_requests: [pr(1, 'open')], child_session_ids: ['devin-child'] }),
      session({ session_id: 'devin-child', acus: 2, pull_requests: [pr(1, 'MERGED')], parent_session_id: 'devin-000000', day: 1 }),
      session({ acus: 3, pull_requests: [pr(2, 'Merged'), pr(3, 'closed')], day: 2 }),
      session({ acus: 1, day: 3 }),
    ]);
    const { totals } = cache.getOutcomes(range);
    expect(totals).toEqual({
      sessions: 4,
      sessionAcus: 10,
      openedPrs: 3,
      mergedPrs: 2,
      sessionsWithMergedPr: 3,
      acusPerMergedPr: 5,
      mergeRate: 2 / 3,
    });
  });

  it('a null or unknown state is an opened PR, never merged; no merged PR gives null per-PR figures', () => {
    load([
      session({ acus: 2, pull_requests: [pr(1, null), pr(2, 'draft')] }),
      session({ acus: 1, pull_requests: [pr(1, 'merge')], day: 1 }),
    ]);
    const o = cache.getOutcomes(range);
    expect(o.totals).toMatchObject({ openedPrs: 2, mergedPrs: 0, sessionsWithMergedPr: 0, acusPerMergedPr: null, mergeRate: 0 });
    expect(o.acusByOutcome).toEqual([{ outcome: 'open_pr', sessions: 2, acus: 3 }]);
  });

  it('a PR belongs to the range and scope of the sessions that list it; its merged state may come from outside', () => {
    load([
      session({ acus: 5, pull_requests: [pr(1, 'open')], day: 13 }), // in range
      session({ acus: 7, pull_requests: [pr(1, 'merged'), pr(9, 'merged')], day: 20 }), // after the range
      session({ acus: 6, pull_requests: [pr(2, 'merged')], org_id: 'org-b', day: 5 }),
      session({ acus: 9, pull_requests: [pr(3, 'merged')], day: -3 }), // before the range
    ]);
    expect(cache.getOutcomes(range).totals).toMatchObject({ sessions: 2, sessionAcus: 11, openedPrs: 2, mergedPrs: 2, sessionsWithMergedPr: 2 });
    const a = cache.getOutcomes({ ...range, orgId: 'org-a' });
    expect(a.totals).toMatchObject({ sessions: 1, sessionAcus: 5, openedPrs: 1, mergedPrs: 1, acusPerMergedPr: 5 });
    expect(a.previous).toMatchObject({ sessions: 1, sessionAcus: 9, mergedPrs: 1 });
  });

  it('splits by organization and by creator with the same rules, a shared PR once in each', () => {
    load([
      session({ acus: 4, pull_requests: [pr(1, 'merged')] }),
      session({ acus: 2, pull_requests: [pr(1, 'open')], user_id: 'user-2', org_id: 'org-b' }),
      session({ acus: 3, pull_requests: [pr(2, 'merged')], user_id: null, service_user_id: 'su-1', org_id: 'org-b' }),
      session({ acus: 1, user_id: null }),
    ]);
    const o = cache.getOutcomes(range);
    expect(o.byOrg.map((r) => [r.orgId, r.name, r.mergedPrs, r.sessionAcus, r.acusPerMergedPr])).toEqual([
      ['org-b', 'ORG-B', 2, 5, 2.5],
      ['org-a', 'ORG-A', 1, 5, 5],
    ]);
    expect(o.byUser.map((r) => [r.userId, r.mergedPrs, r.sessionAcus])).toEqual([
      ['user-1', 1, 4],
      ['su-1', 1, 3],
      ['user-2', 1, 2],
    ]);
  });

  it('weekly buckets start at the range start; a merged PR counts in the week of its first listing', () => {
    load([
      session({ acus: 2, pull_requests: [pr(1, 'merged')], day: 6 }),
      session({ acus: 3, pull_requests: [pr(1, 'merged')], day: 7 }),
      session({ acus: 4, pull_requests: [pr(2, 'merged')], day: 13 }),
    ]);
    expect(cache.getOutcomes(range).weekly).toEqual([
      { weekStart: '2026-11-02', mergedPrs: 1, acus: 2 },
      { weekStart: '2026-11-09', mergedPrs: 1, acus: 7 },
    ]);
  });
});

describe('where the ACUs go', () => {
  it('by origin, with unknown and missing origins in "other"', () => {
    load([
      session({ acus: 1, origin: 'slack' }),
      session({ acus: 2, origin: 'slack' }),
      session({ acus: 4, origin: 'zapier' }),
      session({ acus: 0.5, origin: null }),
      session({ acus: 3, origin: 'scheduled' }),
    ]);
    expect(cache.getOutcomes(range).acusByOrigin).toEqual([
      { origin: 'other', sessions: 2, acus: 4.5 },
      { origin: 'slack', sessions: 2, acus: 3 },
      { origin: 'scheduled', sessions: 1, acus: 3 },
    ]);
  });

  it('by tag: the top ten by ACUs, then the rest summed once per session', () => {
    const tags = Array.from({ length: 12 }, (_, i) => `t${String(i).padStart(2, '0')}`);
    load([
      ...tags.map((t, i) => session({ acus: 20 - i, tags: [t] })),
      session({ acus: 0.5, tags: ['t10', 't11'] }),
      session({ acus: 100, tags: ['t00', 't00'] }),
      session({ acus: 7 }),
    ]);
    const byTag = cache.getOutcomes(range).acusByTag;
    expect(byTag).toHaveLength(11);
    expect(byTag[0]).toEqual({ tag: 't00', sessions: 2, acus: 120 });
    expect(byTag.slice(0, 10).map((t) => t.tag)).toEqual(tags.slice(0, 10));
    expect(byTag[10]).toEqual({ tag: 'others', sessions: 3, acus: 10 + 9 + 0.5 });
  });

  it('by playbook and by outcome', () => {
    load([
      session({ acus: 1, playbook_id: 'pb-1', pull_requests: [pr(1, 'merged')] }),
      session({ acus: 2, playbook_id: 'pb-1', status: 'error' }),
      session({ acus: 4, status: 'suspended', status_detail: 'error', pull_requests: [pr(2, 'open')] }),
      session({ acus: 8, status: 'suspended', status_detail: 'error' }),
      session({ acus: 16 }),
    ]);
    const o = cache.getOutcomes(range);
    expect(o.acusByPlaybook).toEqual([
      { playbookId: null, sessions: 3, acus: 28 },
      { playbookId: 'pb-1', sessions: 2, acus: 3 },
    ]);
    expect(o.acusByOutcome).toEqual([
      { outcome: 'no_pr', sessions: 1, acus: 16 },
      { outcome: 'error', sessions: 2, acus: 10 },
      { outcome: 'open_pr', sessions: 1, acus: 4 },
      { outcome: 'merged_pr', sessions: 1, acus: 1 },
    ]);
  });
});

describe('runaway sessions', () => {
  it('flags ≥ 3 × the org median of the trailing 30 days, or ≥ 80 % of the per-session limit, with the reason', () => {
    load(
      [
        // org-a: ACUs 1, 2, 2, 3, 7.5, 9 (a zero does not count) → median 2.5; 7.5 and 9 reach 3 × 2.5.
        ...[1, 2, 2, 3].map((acus, i) => session({ acus, day: i })),
        session({ acus: 0, status: 'new', day: 4 }),
        session({ session_id: 'devin-big', acus: 9, day: 5 }),
        session({ session_id: 'devin-edge', acus: 7.5, day: 6 }),
        session({ session_id: 'devin-old', acus: 50, day: -40 }), // outside the trailing window and the range
        // org-b: limit 10 → 8 ACUs is 80 %.
        ...[8, 7.99, 8, 1].map((acus, i) => session({ session_id: `devin-b${i}`, acus, org_id: 'org-b', day: i })),
      ],
      [org('org-a'), org('org-b', 10)],
    );
    const flagged = cache.getOutcomes(range).runaway;
    expect(flagged.map((r) => [r.sessionId, r.acus])).toEqual([
      ['devin-big', 9],
      ['devin-b0', 8],
      ['devin-b2', 8],
      ['devin-edge', 7.5],
    ]);
    expect(flagged[0]!.reason).toBe("9 ACUs ≥ 3 × the org's 30-day median of 2.5 ACUs");
    expect(flagged[0]!.title).toBe('work');
    expect(flagged[1]!.reason).toBe("8 ACUs ≥ 80 % of the org's 10-ACU session limit");
  });
});

describe('cache writes', () => {
  it('re-syncing a session replaces its PRs and tags; the PR hosts are those of https PR URLs', () => {
    const s = session({ session_id: 'devin-x', pull_requests: [pr(1, 'open')], tags: ['a'] });
    load([s]);
    expect(cache.getOutcomes(range).totals.mergedPrs).toBe(0);
    load([
      {
        ...s,
        pull_requests: [pr(1, 'merged'), { pr_url: 'https://git.example.org/x/pulls/2', pr_state: null }, { pr_url: 'http://plain.example/1', pr_state: 'open' }],
        tags: ['b'],
      },
    ]);
    const o = cache.getOutcomes(range);
    expect(o.totals).toMatchObject({ openedPrs: 3, mergedPrs: 1 });
    expect(o.acusByTag).toEqual([{ tag: 'b', sessions: 1, acus: 1 }]);
    expect(cache.getPrHosts()).toEqual(['git.example.org', 'github.com']);
  });
});

describe('merged anywhere, kept at write time', () => {
  it('a later sync of another listing session merges or un-merges the PR for every session that lists it', () => {
    const parent = session({ session_id: 'devin-p', acus: 4, pull_requests: [pr(1, 'open')] });
    const child = session({ session_id: 'devin-c', acus: 2, pull_requests: [pr(1, 'open')], day: 20 }); // after the range
    load([parent, child]);
    expect(cache.getOutcomes(range).totals).toMatchObject({ openedPrs: 1, mergedPrs: 0, sessionsWithMergedPr: 0 });
    load([{ ...child, pull_requests: [pr(1, 'merged')] }]);
    const merged = cache.getOutcomes(range);
    expect(merged.totals).toMatchObject({ openedPrs: 1, mergedPrs: 1, sessionsWithMergedPr: 1, acusPerMergedPr: 4 });
    expect(merged.acusByOutcome).toEqual([{ outcome: 'merged_pr', sessions: 1, acus: 4 }]);
    // The child stops listing it: nothing says merged any more.
    load([{ ...child, pull_requests: [] }]);
    expect(cache.getOutcomes(range).totals).toMatchObject({ openedPrs: 1, mergedPrs: 0, sessionsWithMergedPr: 0 });
    // The same facts for the previous period and for one org (the other read paths).
    load([{ ...child, pull_requests: [pr(1, 'MERGED')] }]);
    const next = { from: '2026-11-16', to: '2026-11-29' };
    expect(cache.getOutcomes({ ...next, orgId: null }).previous).toMatchObject({ openedPrs: 1, mergedPrs: 1, sessionsWithMergedPr: 1 });
    expect(cache.getOutcomes({ ...next, orgId: 'org-a' }).previous).toMatchObject({ openedPrs: 1, mergedPrs: 1, sessionsWithMergedPr: 1 });
    expect(cache.getOutcomes({ ...range, orgId: 'org-a' }).totals).toMatchObject({ openedPrs: 1, mergedPrs: 1 });
  });

  it('a session whose creation time moves takes its PRs and tags to the new range', () => {
    const s = session({ session_id: 'devin-m', acus: 3, pull_requests: [pr(1, 'merged')], tags: ['t'], day: 2 });
    load([s]);
    load([{ ...s, created_at: at(-5) }]);
    const now = cache.getOutcomes(range);
    expect(now.totals).toMatchObject({ sessions: 0, openedPrs: 0, mergedPrs: 0 });
    expect(now.acusByTag).toEqual([]);
    expect(now.previous).toMatchObject({ sessions: 1, openedPrs: 1, mergedPrs: 1 });
    expect(cache.getOutcomes({ from: '2026-10-19', to: '2026-11-01', orgId: null }).acusByTag).toEqual([{ tag: 't', sessions: 1, acus: 3 }]);
  });
});

describe('damaged rows', () => {
  it('a session with unusable ACUs (hand-edited) counts in no PR figure, of the range or the previous period', () => {
    const rows = (day: number) => [
      session({ session_id: `devin-ok${day}`, acus: 2, pull_requests: [pr(day + 100, 'merged')], day }),
      session({ session_id: `devin-bad${day}`, acus: 3, pull_requests: [pr(day + 200, 'merged')], day }),
    ];
    load([...rows(1), ...rows(-3)]);
    cache.close();
    const raw = new DatabaseSync(join(dir, 'cache.sqlite'));
    raw.exec(`UPDATE sessions SET acus = -5 WHERE session_id LIKE 'devin-bad%'`);
    raw.close();
    cache = openCache({ file: join(dir, 'cache.sqlite'), log: silentLogger });
    for (const orgId of [null, 'org-a']) {
      const o = cache.getOutcomes({ ...range, orgId });
      const expected = { sessions: 1, openedPrs: 1, mergedPrs: 1, sessionsWithMergedPr: 1, sessionAcus: 2 };
      expect(o.totals).toMatchObject(expected);
      expect(o.previous).toMatchObject(expected);
    }
  });
});

describe('remembered answers', () => {
  it('an answer is reused only while the data version stays: another connection\'s write is seen', () => {
    load([session({ acus: 2, pull_requests: [pr(1, 'merged')] })]);
    const first = cache.getOutcomes(range);
    expect(cache.getOutcomes(range)).toBe(first);
    const other = openCache({ file: join(dir, 'cache.sqlite'), log: silentLogger });
    try {
      other.transaction((w) => w.upsertSessions([session({ acus: 6, pull_requests: [pr(2, 'merged')] })]));
    } finally {
      other.close();
    }
    expect(cache.getOutcomes(range).totals).toMatchObject({ sessions: 2, mergedPrs: 2, sessionAcus: 8, acusPerMergedPr: 4 });
  });

  it('keeps only the few answers used last', () => {
    load([session({ acus: 2 })]);
    const asked = (orgId: string) => cache.getOutcomes({ ...range, orgId });
    const first = asked('org-1');
    const recent = ['org-2', 'org-3', 'org-4'].map(asked);
    expect(asked('org-1')).toBe(first); // used again: now the most recent
    asked('org-5'); // the fifth answer pushes out the least recently used, org-2
    expect(asked('org-3')).toBe(recent[1]);
    expect(asked('org-2')).not.toBe(recent[0]);
    expect(asked('org-2')).toEqual(recent[0]);
  });

  it('figures read inside a write transaction that rolls back are not remembered', () => {
    load([session({ acus: 2, pull_requests: [pr(1, 'merged')] })]);
    const before = cache.getOutcomes(range).totals;
    expect(() =>
      cache.transaction((w) => {
        w.upsertSessions([session({ acus: 6, pull_requests: [pr(2, 'merged')] })]);
        expect(cache.getOutcomes(range).totals.mergedPrs).toBe(2);
        throw new Error('sync failed');
      }),
    ).toThrow('sync failed');
    expect(cache.getOutcomes(range).totals).toEqual(before);
  });
});

describe('sessions table filters', () => {
  const page = (f: { origin?: 'slack' | 'other' | null; tag?: string | null; outcome?: 'merged_pr' | 'open_pr' | 'error' | 'no_pr' | null }) =>
    cache.getSessionsPage({ ...range, userId: null, status: null, sort: 'acus', direction: 'desc', offset: 0, limit: 100, ...f });

  it('a slice filter lists exactly the sessions the slice counted, with origin, tags and PRs on each row', () => {
    load([
      session({ acus: 1, origin: 'slack', tags: ['backend'], pull_requests: [pr(1, 'open')] }),
      session({ acus: 2, origin: 'zapier', pull_requests: [pr(1, 'MERGED')], day: 1 }),
      session({ acus: 4, origin: null, status: 'error' }),
      session({ acus: 8, origin: 'slack', status: 'suspended', status_detail: 'error', tags: ['backend', 'ci'] }),
      session({ acus: 16, origin: 'webapp', pull_requests: [pr(2, null)] }),
      session({ acus: 32, origin: 'webapp' }),
    ]);
    const o = cache.getOutcomes(range);
    for (const s of o.acusByOrigin) expect(page({ origin: s.origin as 'slack' }).total).toBe(s.sessions);
    for (const s of o.acusByOutcome) expect(page({ outcome: s.outcome }).total).toBe(s.sessions);
    for (const s of o.acusByTag) expect(page({ tag: s.tag }).total).toBe(s.sessions);
    expect(page({ origin: 'other' }).rows.map((r) => r.origin)).toEqual([null, 'zapier']);
    expect(page({ outcome: 'merged_pr' }).rows.map((r) => r.acus)).toEqual([2, 1]); // the parent's PR merged later
    expect(page({ origin: 'slack', tag: 'ci' }).rows.map((r) => [r.acus, r.tags])).toEqual([[8, ['backend', 'ci']]]);
    expect(page({ outcome: 'open_pr' }).rows[0]!.prs).toEqual([{ url: 'https://github.com/acme/web/pull/2', state: null }]);
  });
});
