/**
 * A full sync makes the cache the API's view of its range: sessions, per-org consumption, organizations and
 * people the API no longer reports are deleted; only inside the synced range, only for datasets that came
 * through, and never by an incremental sync. Real simulator over HTTP, real SQLite file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDaysTo, currentBillingDay, rangeWindow } from '../../src/shared/billing-day';
import { openCache, type Cache } from '../../src/main/services/cache';
import { DevinClient } from '../../src/main/services/devin-client';
import { createSyncEngine, type SyncEngine } from '../../src/main/services/sync';
import { startSimulator, type SimSession, type Simulator } from '../../src/main/simulator';

let dir: string;
let sim: Simulator;
let cache: Cache;
let sync: SyncEngine;
const to = currentBillingDay();
const from = addDaysTo(to, -29);
const window = rangeWindow(from, to);

beforeEach(async () => {
  sim = await startSimulator({ seed: 11, orgs: 4, users: 25, days: 70, sessions: 900 });
  dir = mkdtempSync(join(tmpdir(), 'sync-prune-'));
  cache = openCache({ file: join(dir, 'cache.sqlite') });
  const client = new DevinClient({
    baseUrl: sim.url,
    token: sim.token,
    pageSize: 50,
    backoffBaseMs: 5,
    retries: 1,
    concurrency: 4,
  });
  sync = createSyncEngine({ client, cache });
});

afterEach(async () => {
  cache.close();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Straight from the file, so nothing the cache's queries filter or join can hide a leftover row. */
function rows<T>(sql: string, map: (r: Record<string, unknown>) => T, ...params: (string | number)[]): T[] {
  const db = new DatabaseSync(cache.file, { readOnly: true });
  try {
    return db
      .prepare(sql)
      .all(...params)
      .map(map);
  } finally {
    db.close();
  }
}
const cachedSessionIds = () => new Set(rows('SELECT session_id FROM sessions', (r) => String(r.session_id)));
const cachedPeople = () => new Set(rows('SELECT id FROM people', (r) => String(r.id)));
const orgRows = (orgId: string) =>
  rows('SELECT day, acus FROM consumption WHERE scope = ? ORDER BY day', (r) => `${r.day} ${r.acus}`, orgId);
const cachedOrgIds = () =>
  cache
    .getOrganizations()
    .map((o) => o.orgId)
    .sort();

const createdIn = (w: { timeAfter: number; timeBefore: number }) => (s: SimSession) =>
  s.created_at >= w.timeAfter && s.created_at < w.timeBefore;
/** The simulator's own answer for what a synced cache must hold in `w`. */
const apiSessionIds = (w: { timeAfter: number; timeBefore: number }) =>
  new Set(sim.data.sessions.filter(createdIn(w)).map((s) => s.session_id));
const cachedIdsIn = (w: { timeAfter: number; timeBefore: number }) =>
  new Set(
    rows(
      'SELECT session_id FROM sessions WHERE created_at >= ? AND created_at < ?',
      (r) => String(r.session_id),
      w.timeAfter,
      w.timeBefore,
    ),
  );

/**
 * What the next sync should drop: the busiest org (with all its sessions), three sessions of other orgs
 * created more than a week ago (outside an incremental sync's recent days) and one person listed directly.
 */
function chooseRemovals() {
  const inRange = sim.data.sessions.filter(createdIn(window));
  const byOrg = new Map<string, number>();
  for (const s of inRange) byOrg.set(s.org_id, (byOrg.get(s.org_id) ?? 0) + 1);
  const orgId = [...byOrg.entries()].sort((a, b) => b[1] - a[1])[0]![0];
  const weekAgo = rangeWindow(addDaysTo(to, -6), to).timeAfter;
  const sessionIds = inRange
    .filter((s) => s.org_id !== orgId && s.created_at < weekAgo)
    .slice(0, 3)
    .map((s) => s.session_id);
  const userId = sim.data.users.find((u) => u.listing !== 'idp')!.user_id;
  return { orgId, sessionIds, userId };
}

describe('a full sync removes what the API no longer reports', () => {
  it('sessions, an organization with its consumption, and a person; the rest equals the API', async () => {
    await sync.run({ kind: 'full', from, to });
    const { orgId, sessionIds, userId } = chooseRemovals();
    expect(orgRows(orgId).length).toBeGreaterThan(0);
    expect(cachedPeople().has(userId)).toBe(true);
    const removed = sim.control.remove({ sessionIds, orgIds: [orgId], userIds: [userId] });
    expect(removed.orgs).toEqual([orgId]);
    expect(removed.sessions.length).toBeGreaterThan(sessionIds.length);

    const report = await sync.run({ kind: 'full', from, to });
    expect(report.failed).toEqual([]);

    const cached = cachedSessionIds();
    for (const id of removed.sessions) expect(cached.has(id), id).toBe(false);
    expect(cachedIdsIn(window)).toEqual(apiSessionIds(window));
    expect(orgRows(orgId)).toEqual([]);
    expect(cachedOrgIds()).toEqual(sim.data.orgs.map((o) => o.org_id).sort());
    expect(cachedPeople().has(userId)).toBe(false);
    expect(cachedPeople().size).toBe(sim.data.users.length + sim.data.serviceUsers.length);

    const d = cache.getDashboard({ from, to, orgId: null });
    expect(d.totals.acus).toBeCloseTo(sim.data.enterpriseAcus(window), 6);
    expect(d.acusByOrg.map((o) => o.orgId).sort()).toEqual(
      sim.data.orgs
        .filter((o) => sim.data.orgAcus(o.org_id, window) > 0)
        .map((o) => o.org_id)
        .sort(),
    );
  });

  it('a removed session takes its PR and tag rows along, and a PR only it merged no longer counts as merged', async () => {
    await sync.run({ kind: 'full', from, to });
    const inRange = sim.data.sessions.filter(createdIn(window));
    const mergedBy = (url: string) =>
      inRange.filter((s) => s.pull_requests.some((p) => p.pr_url === url && p.pr_state?.toLowerCase() === 'merged'));
    const listers = (url: string) => sim.data.sessions.filter((s) => s.pull_requests.some((p) => p.pr_url === url));
    // A session whose merged PR no other session lists, and which has tags.
    const gone = inRange.find(
      (s) => s.tags.length > 0 && s.pull_requests.some((p) => mergedBy(p.pr_url).length === 1 && listers(p.pr_url).length === 1),
    );
    expect(gone, 'the seeded world has a session with its own merged PR and tags').toBeDefined();
    const before = cache.getOutcomes({ from, to, orgId: null }).totals.mergedPrs;
    sim.control.remove({ sessionIds: [gone!.session_id] });

    await sync.run({ kind: 'full', from, to });
    const leftover = (table: string) =>
      rows(`SELECT count(*) AS n FROM ${table} WHERE session_id = ?`, (r) => Number(r.n), gone!.session_id)[0];
    expect(leftover('session_prs')).toBe(0);
    expect(leftover('session_tags')).toBe(0);
    // Every PR that only the removed session reported merged (other sessions may still list it, unmerged).
    const onlyItMerged = new Set(gone!.pull_requests.filter((p) => mergedBy(p.pr_url).length === 1 && mergedBy(p.pr_url)[0] === gone).map((p) => p.pr_url));
    expect(onlyItMerged.size).toBeGreaterThan(0);
    expect(cache.getOutcomes({ from, to, orgId: null }).totals.mergedPrs).toBe(before - onlyItMerged.size);
  });

  it('leaves rows outside a sub-range alone', async () => {
    await sync.run({ kind: 'full', from, to });
    const { orgId, userId } = chooseRemovals();
    const subFrom = addDaysTo(to, -6);
    const sub = rangeWindow(subFrom, to);
    const orgBefore = orgRows(orgId);
    const inside = sim.data.sessions.filter((s) => createdIn(sub)(s) && s.org_id !== orgId).slice(0, 2);
    const outside = sim.data.sessions
      .filter((s) => !createdIn(sub)(s) && createdIn(window)(s) && s.org_id !== orgId)
      .slice(0, 2);
    expect(inside.length).toBe(2);
    expect(outside.length).toBe(2);
    const before = rangeWindow(from, addDaysTo(subFrom, -1));
    const cachedBefore = cachedIdsIn(before);
    sim.control.remove({
      sessionIds: [...inside, ...outside].map((s) => s.session_id),
      orgIds: [orgId],
      userIds: [userId],
    });

    const report = await sync.run({ kind: 'full', from: subFrom, to });
    expect(report.failed).toEqual([]);

    const cached = cachedSessionIds();
    for (const s of inside) expect(cached.has(s.session_id)).toBe(false);
    for (const s of outside) expect(cached.has(s.session_id)).toBe(true);
    expect(cachedIdsIn(sub)).toEqual(apiSessionIds(sub));
    // Outside the sub-range: exactly what the first sync cached, the removed org's sessions included.
    expect(cachedIdsIn(before)).toEqual(cachedBefore);
    expect(cachedBefore).not.toEqual(apiSessionIds(before));
    expect(orgRows(orgId)).toEqual(orgBefore.filter((r) => r.slice(0, 10) < subFrom));
    expect(orgBefore.some((r) => r.slice(0, 10) >= subFrom)).toBe(true);
    // Organizations and people are lists without a range: the API's whole list, whatever range was synced.
    expect(cachedOrgIds()).not.toContain(orgId);
    expect(cachedPeople().has(userId)).toBe(false);
  });
});

describe('what a full sync does not remove', () => {
  it('an incremental sync prunes nothing', async () => {
    await sync.run({ kind: 'full', from, to });
    const { orgId, sessionIds, userId } = chooseRemovals();
    const orgBefore = orgRows(orgId);
    const sessionsBefore = cachedSessionIds();
    const removed = sim.control.remove({ sessionIds, orgIds: [orgId], userIds: [userId] });
    const step = sim.control.advance({ newSessions: 4, updateSessions: 2 });

    const report = await sync.run({ kind: 'incremental' });
    expect(report.kind).toBe('incremental');
    expect(report.failed).toEqual([]);

    const cached = cachedSessionIds();
    const removedCached = removed.sessions.filter((id) => sessionsBefore.has(id));
    expect(removedCached.length).toBeGreaterThan(sessionIds.length);
    for (const id of removedCached) expect(cached.has(id), id).toBe(true);
    for (const id of step.created) expect(cached.has(id), id).toBe(true);
    expect(orgRows(orgId)).toEqual(orgBefore);
    expect(cachedOrgIds()).toContain(orgId);
    expect(cachedPeople().has(userId)).toBe(true);
  });

  it('a failing session list: every cached session stays, the other datasets are pruned', async () => {
    await sync.run({ kind: 'full', from, to });
    const { orgId, sessionIds, userId } = chooseRemovals();
    const sessionsBefore = cachedSessionIds();
    const removed = sim.control.remove({ sessionIds, orgIds: [orgId], userIds: [userId] });
    // One slice fails for good (not retried) while the others come through.
    sim.control.injectFault({ path: '/v3/enterprise/sessions', kind: 'schema-drift', times: 1 });

    const report = await sync.run({ kind: 'full', from, to });
    expect(report.failed.map((f) => f.dataset)).toEqual(['sessions']);

    expect(cachedSessionIds()).toEqual(sessionsBefore);
    expect(removed.sessions.filter((id) => sessionsBefore.has(id)).length).toBeGreaterThan(sessionIds.length);
    expect(orgRows(orgId)).toEqual([]);
    expect(cachedPeople().has(userId)).toBe(false);
  });

  it('failing org consumption: the removed org keeps its consumption rows, sessions are pruned', async () => {
    await sync.run({ kind: 'full', from, to });
    const { orgId, sessionIds, userId } = chooseRemovals();
    const orgBefore = orgRows(orgId);
    const removed = sim.control.remove({ sessionIds, orgIds: [orgId], userIds: [userId] });
    sim.control.injectFault({
      path: '/v3/enterprise/consumption/daily/organizations',
      kind: 'status',
      status: 500,
      times: -1,
    });

    const report = await sync.run({ kind: 'full', from, to });
    expect(report.failed.map((f) => f.dataset)).toEqual(['org_consumption']);

    expect(orgRows(orgId)).toEqual(orgBefore);
    const cached = cachedSessionIds();
    for (const id of removed.sessions) expect(cached.has(id), id).toBe(false);
  });

  it('failing organization and member lists: organizations and people stay', async () => {
    await sync.run({ kind: 'full', from, to });
    const { orgId, userId } = chooseRemovals();
    sim.control.remove({ orgIds: [orgId], userIds: [userId] });
    sim.control.injectFault({ path: '/v3/enterprise/organizations', kind: 'status', status: 500, times: -1 });
    sim.control.injectFault({ path: '/v3/enterprise/members', kind: 'status', status: 500, times: -1 });

    const report = await sync.run({ kind: 'full', from, to });
    expect(report.failed.map((f) => f.dataset).sort()).toEqual([
      'members',
      'org_consumption',
      'organizations',
    ]);
    expect(cachedOrgIds()).toContain(orgId);
    expect(cachedPeople().has(userId)).toBe(true);
  });
});
