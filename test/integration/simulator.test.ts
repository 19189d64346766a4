/**
 * The simulator over real HTTP: its numbers agree with each other (computed here independently from the
 * session records, bucketed with the shared billing-day helpers), it is deterministic, and its error,
 * pagination, fault and control behaviour is what the client and the e2e harness rely on.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import {
  billingDayOf,
  billingDayStart,
  currentBillingDay,
  rangeWindow,
  utcDate,
} from '../../src/shared/billing-day';
import type { SimSession } from '../../src/main/simulator';
import { FIXED_NOW, simGet, simGetAll, startTestSimulator, useSimulator } from '../helpers/simulator';

interface ConsumptionBody {
  total_acus: number;
  consumption_by_date: {
    date: number;
    acus: number;
    acus_by_product: { devin: number; cascade: number; terminal: number; review: number };
  }[];
}

const sumBy = <T>(items: readonly T[], key: (x: T) => number) => items.reduce((a, x) => a + key(x), 0);

/** Devin ACUs per billing-day start, from sessions. */
function acusByDay(sessions: readonly SimSession[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const s of sessions) {
    const day = billingDayStart(billingDayOf(s.created_at));
    out.set(day, (out.get(day) ?? 0) + s.acus_consumed);
  }
  return out;
}

function expectSameDays(body: ConsumptionBody, expected: Map<number, number>) {
  const nonZero = [...expected].filter(([, v]) => v > 0).sort((a, b) => a[0] - b[0]);
  expect(body.consumption_by_date.map((r) => r.date)).toEqual(nonZero.map(([d]) => d));
  body.consumption_by_date.forEach((row, i) =>
    expect(row.acus_by_product.devin).toBeCloseTo(nonZero[i]?.[1] ?? NaN, 6),
  );
}

describe('simulator data consistency', () => {
  const sim = useSimulator();
  const fullWindow = () => rangeWindow(billingDayOf(sim().data.firstDayStart), currentBillingDay(FIXED_NOW));
  const qs = (w: { timeAfter: number; timeBefore: number }) =>
    `time_after=${w.timeAfter}&time_before=${w.timeBefore}`;

  it('generates the demo preset relative to the billing day containing now', () => {
    const { data } = sim();
    expect(data.orgs).toHaveLength(4);
    expect(data.users).toHaveLength(40);
    expect(data.serviceUsers).toHaveLength(3);
    expect(data.sessions).toHaveLength(3000);
    expect(billingDayOf(data.firstDayStart)).toBe(billingDayOf(Math.floor(FIXED_NOW / 1000) - 119 * 86_400));
    const nowSec = Math.floor(FIXED_NOW / 1000);
    for (const s of data.sessions) {
      expect(s.created_at).toBeGreaterThanOrEqual(data.firstDayStart);
      expect(s.created_at).toBeLessThanOrEqual(s.updated_at);
      expect(s.updated_at).toBeLessThanOrEqual(nowSec);
      expect(s.session_id).toMatch(/^devin-[0-9a-f]{16}$/);
      expect(s.url).toBe(`https://app.devin.ai/sessions/${s.session_id.slice('devin-'.length)}`);
    }
    expect(data.orgs.every((o) => /^org-[0-9a-f]+$/.test(o.org_id))).toBe(true);
    expect(data.users.every((u) => /^user-[0-9a-f]+$/.test(u.user_id))).toBe(true);
    const statuses = new Set(data.sessions.map((s) => s.status));
    for (const st of ['exit', 'error', 'suspended', 'running']) expect(statuses).toContain(st);
    // Weekday rhythm: the average weekday is busier than the average weekend day.
    const perDay = new Map<string, number>();
    for (const s of data.sessions)
      perDay.set(billingDayOf(s.created_at), (perDay.get(billingDayOf(s.created_at)) ?? 0) + 1);
    const isWeekend = (d: string) => [0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay());
    const mean = (xs: number[]) => sumBy(xs, (x) => x) / xs.length;
    const days = [...perDay].filter(([d]) => d !== currentBillingDay(FIXED_NOW));
    expect(mean(days.filter(([d]) => !isWeekend(d)).map(([, n]) => n))).toBeGreaterThan(
      2 * mean(days.filter(([d]) => isWeekend(d)).map(([, n]) => n)),
    );
  });

  it('per-org daily consumption is the sum of that org’s sessions per billing day', async () => {
    const { data } = sim();
    for (const org of data.orgs) {
      const { status, body } = await simGet(
        sim(),
        `/v3/enterprise/consumption/daily/organizations/${org.org_id}?${qs(fullWindow())}`,
      );
      expect(status).toBe(200);
      const c = body as ConsumptionBody;
      const expected = acusByDay(data.sessions.filter((s) => s.org_id === org.org_id));
      expectSameDays(c, expected);
      expect(c.total_acus).toBeCloseTo(
        sumBy([...expected.values()], (x) => x),
        6,
      );
      expect(
        c.consumption_by_date.every(
          (r) => r.acus_by_product.cascade === 0 && r.acus_by_product.terminal === 0,
        ),
      ).toBe(true);
      // The org-scoped path answers the same.
      const scoped = await simGet(
        sim(),
        `/v3/organizations/${org.org_id}/consumption/daily?${qs(fullWindow())}`,
      );
      expect(scoped.body).toEqual(c);
    }
  });

  it('enterprise consumption = sum over orgs + other products that belong to no org', async () => {
    const { data } = sim();
    const w = fullWindow();
    const ent = (await simGet(sim(), `/v3/enterprise/consumption/daily?${qs(w)}`)).body as ConsumptionBody;
    const orgDays = acusByDay(data.sessions);
    let otherTotal = 0;
    for (const row of ent.consumption_by_date) {
      const other = row.acus_by_product.cascade + row.acus_by_product.terminal + row.acus_by_product.review;
      expect(row.acus_by_product.devin).toBeCloseTo(orgDays.get(row.date) ?? 0, 6);
      expect(row.acus).toBeCloseTo(row.acus_by_product.devin + other, 6);
      expect(row.acus).toBeGreaterThanOrEqual(row.acus_by_product.devin);
      const recorded = data.otherProducts.get(row.date);
      expect(other).toBeCloseTo(
        (recorded?.cascade ?? 0) + (recorded?.terminal ?? 0) + (recorded?.review ?? 0),
        6,
      );
      otherTotal += other;
    }
    const orgSum = sumBy(data.sessions, (s) => s.acus_consumed);
    expect(otherTotal).toBeGreaterThan(0);
    expect(ent.total_acus).toBeCloseTo(orgSum + otherTotal, 6);
    expect(data.enterpriseAcus(w)).toBeCloseTo(ent.total_acus, 6);
    expect(data.otherProductAcus(w)).toBeCloseTo(otherTotal, 6);
  });

  it('a window of billing days includes exactly the sessions created in it (after inclusive, before exclusive)', async () => {
    const { data } = sim();
    const today = currentBillingDay(FIXED_NOW);
    const from = billingDayOf(data.firstDayStart + 30 * 86_400);
    const w = rangeWindow(from, today);
    const org = data.orgs[0]!;
    const body = (
      await simGet(sim(), `/v3/enterprise/consumption/daily/organizations/${org.org_id}?${qs(w)}`)
    ).body as ConsumptionBody;
    const inWindow = data.sessions.filter(
      (s) => s.org_id === org.org_id && s.created_at >= w.timeAfter && s.created_at < w.timeBefore,
    );
    expect(body.total_acus).toBeCloseTo(
      sumBy(inWindow, (s) => s.acus_consumed),
      6,
    );
    expect(body.consumption_by_date[0]?.date).toBeGreaterThanOrEqual(w.timeAfter);
    expect(data.orgAcus(org.org_id, w)).toBeCloseTo(body.total_acus, 6);
  });

  it('per-user consumption is the sum of that user’s sessions', async () => {
    const { data } = sim();
    let withUsage = 0;
    for (const user of data.users) {
      const c = (await simGet(sim(), `/v3/enterprise/consumption/daily/users/${user.user_id}`))
        .body as ConsumptionBody;
      const mine = data.sessions.filter((s) => s.user_id === user.user_id);
      expect(c.total_acus).toBeCloseTo(
        sumBy(mine, (s) => s.acus_consumed),
        6,
      );
      expectSameDays(c, acusByDay(mine));
      if (mine.length > 0) withUsage += 1;
    }
    expect(withUsage).toBeGreaterThan(data.users.length / 2);
    expect(withUsage).toBeLessThan(data.users.length + 1);
  });

  it('DAU/WAU/MAU count distinct users per UTC day / Monday–Sunday week / month', async () => {
    const { data } = sim();
    const w = fullWindow();
    const distinct = (from: number, to: number) =>
      new Set(
        data.sessions
          .filter((s) => s.user_id && s.created_at >= from && s.created_at < to)
          .map((s) => s.user_id),
      ).size;
    for (const kind of ['dau', 'wau', 'mau'] as const) {
      const { status, body } = await simGet(sim(), `/v3/enterprise/metrics/${kind}?${qs(w)}`);
      expect(status).toBe(200);
      const buckets = body as { active_users: number; start_time: number; end_time: number }[];
      expect(buckets.length).toBeGreaterThan(kind === 'dau' ? 100 : 3);
      for (const b of buckets) {
        expect(b.active_users).toBe(distinct(b.start_time, b.end_time + 1));
        if (kind === 'dau') expect(b.end_time - b.start_time + 1).toBe(86_400);
        if (kind === 'wau') expect(new Date(b.start_time * 1000).getUTCDay()).toBe(1);
        if (kind === 'mau') expect(utcDate(b.start_time).endsWith('-01')).toBe(true);
      }
      // Buckets tile the window with no gaps.
      buckets.slice(1).forEach((b, i) => expect(b.start_time).toBe(buckets[i]!.end_time + 1));
    }
  });

  it('lists every session once, newest first, across pages', async () => {
    const { data } = sim();
    const items = await simGetAll<SimSession>(sim(), '/v3/enterprise/sessions', '', 170);
    expect(items).toHaveLength(data.sessions.length);
    expect(new Set(items.map((s) => s.session_id)).size).toBe(items.length);
    for (let i = 1; i < items.length; i++)
      expect(items[i - 1]!.created_at).toBeGreaterThanOrEqual(items[i]!.created_at);
    const first = (await simGet(sim(), '/v3/enterprise/sessions?first=5')).body as {
      total: unknown;
      has_next_page: boolean;
      end_cursor: unknown;
    };
    expect(first).toMatchObject({ has_next_page: true, total: null });
    expect(typeof first.end_cursor).toBe('string');
  });

  it('accepts org_ids/user_ids both as repeated keys and comma-joined, with the same result', async () => {
    const { data } = sim();
    const [a, b] = [data.orgs[1]!.org_id, data.orgs[2]!.org_id];
    const repeated = await simGetAll<SimSession>(
      sim(),
      '/v3/enterprise/sessions',
      `org_ids=${a}&org_ids=${b}`,
    );
    const joined = await simGetAll<SimSession>(sim(), '/v3/enterprise/sessions', `org_ids=${a},${b}`);
    expect(joined.map((s) => s.session_id)).toEqual(repeated.map((s) => s.session_id));
    expect(repeated.map((s) => s.session_id).sort()).toEqual(
      data.sessions
        .filter((s) => s.org_id === a || s.org_id === b)
        .map((s) => s.session_id)
        .sort(),
    );
    const users = data.users.slice(0, 3).map((u) => u.user_id);
    const byRepeated = await simGetAll<SimSession>(
      sim(),
      '/v3/enterprise/sessions',
      users.map((u) => `user_ids=${u}`).join('&'),
    );
    const byJoined = await simGetAll<SimSession>(
      sim(),
      '/v3/enterprise/sessions',
      `user_ids=${users.join(',')}`,
    );
    expect(byJoined).toEqual(byRepeated);
    expect(byRepeated).toHaveLength(
      data.sessions.filter((s) => s.user_id !== null && users.includes(s.user_id)).length,
    );
  });

  it('filters by created and updated windows, after inclusive and before exclusive', async () => {
    const { data } = sim();
    const pivot = data.sessions[1500]!;
    const t = pivot.created_at;
    const after = await simGetAll<SimSession>(sim(), '/v3/enterprise/sessions', `created_after=${t}`);
    const before = await simGetAll<SimSession>(sim(), '/v3/enterprise/sessions', `created_before=${t}`);
    expect(after.some((s) => s.session_id === pivot.session_id)).toBe(true);
    expect(before.some((s) => s.session_id === pivot.session_id)).toBe(false);
    expect(after.length + before.length).toBe(data.sessions.length);

    const u = data.sessions[2900]!.updated_at;
    const updated = await simGetAll<SimSession>(sim(), '/v3/enterprise/sessions', `updated_after=${u}`);
    expect(updated.map((s) => s.session_id).sort()).toEqual(
      data.sessions
        .filter((s) => s.updated_at >= u)
        .map((s) => s.session_id)
        .sort(),
    );
    const single = (await simGet(sim(), `/v3/enterprise/sessions/${pivot.session_id}`)).body;
    expect(single).toEqual(pivot);
    const byId = await simGetAll<SimSession>(
      sim(),
      '/v3/enterprise/sessions',
      `session_ids=${pivot.session_id},${data.sessions[3]!.session_id}`,
    );
    expect(byId.map((s) => s.session_id)).toEqual([pivot.session_id, data.sessions[3]!.session_id]);
  });

  it('lists members, with some users only in idp-users', async () => {
    const { data } = sim();
    const direct = await simGetAll<{ user_id: string }>(sim(), '/v3/enterprise/members/users', '', 7);
    const idp = await simGetAll<{ user_id: string }>(sim(), '/v3/enterprise/members/idp-users', '', 7);
    const directIds = new Set(direct.map((u) => u.user_id));
    expect(idp.some((u) => !directIds.has(u.user_id))).toBe(true);
    expect(new Set([...directIds, ...idp.map((u) => u.user_id)]).size).toBe(data.users.length);
    const orgs = await simGetAll<{ org_id: string }>(sim(), '/v3/enterprise/organizations', '', 3);
    expect(orgs.map((o) => o.org_id)).toEqual(data.orgs.map((o) => o.org_id));
    expect((await simGet(sim(), `/v3/enterprise/organizations/${data.orgs[0]!.org_id}`)).body).toEqual(
      data.orgs[0],
    );
  });

  it('answers the older /v3beta1 prefix like /v3', async () => {
    const a = await simGet(sim(), '/v3beta1/enterprise/consumption/daily');
    const b = await simGet(sim(), '/v3/enterprise/consumption/daily');
    expect(a.status).toBe(200);
    expect(a.body).toEqual(b.body);
  });

  it('derives the queue status from its size', async () => {
    for (const [size, status] of [
      [0, 'normal'],
      [10, 'normal'],
      [11, 'elevated'],
      [50, 'elevated'],
      [51, 'high'],
    ] as const) {
      sim().control.setQueueSize(size);
      expect((await simGet(sim(), '/v3/enterprise/queue')).body).toEqual({ queue_size: size, status });
    }
  });
});

describe('simulator errors', () => {
  const sim = useSimulator({ sessions: 300 });

  it('401 for a missing or wrong bearer token, as ProblemDetail', async () => {
    const res = await fetch(`${sim().url}/v3/enterprise/queue`);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 401, title: 'Unauthorized' });
    expect((await simGet(sim(), '/v3/self', 'cog_wrong_token_123456')).status).toBe(401);
  });

  it('403 names the missing permission; older names also grant', async () => {
    sim().control.setPermissions(['ViewAccountMetrics']);
    const denied = await simGet(sim(), '/v3/enterprise/consumption/daily');
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({
      status: 403,
      detail: 'Service user lacks permission ViewAccountConsumption',
    });
    expect((await simGet(sim(), '/v3/enterprise/queue')).status).toBe(200);
    expect((await simGet(sim(), '/v3/self')).status).toBe(200);
    sim().control.setPermissions(['ManageBilling', 'ManageAccountMembership']);
    expect((await simGet(sim(), '/v3/enterprise/consumption/daily')).status).toBe(200);
    expect((await simGet(sim(), '/v3/enterprise/members/users')).status).toBe(200);
    expect((await simGet(sim(), '/v3/enterprise/sessions')).body).toMatchObject({
      detail: 'Service user lacks permission ViewAccountSessions',
    });
  });

  it('404 for unknown paths and ids, 405 for other methods', async () => {
    expect((await simGet(sim(), '/v3/enterprise/nothing')).status).toBe(404);
    expect((await simGet(sim(), '/v3/enterprise/sessions/devin-0000')).status).toBe(404);
    expect((await simGet(sim(), '/v3/enterprise/consumption/daily/organizations/org-missing')).status).toBe(
      404,
    );
    expect((await simGet(sim(), '/v3/enterprise/consumption/daily/users/user-missing')).status).toBe(404);
    const post = await fetch(`${sim().url}/v3/enterprise/queue`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sim().token}` },
    });
    expect(post.status).toBe(405);
  });

  it('422 FastAPI-style for missing or invalid parameters', async () => {
    const missing = await simGet(sim(), '/v3/enterprise/metrics/dau?time_after=0');
    expect(missing.status).toBe(422);
    expect(missing.body).toEqual({
      detail: [{ loc: ['query', 'time_before'], msg: 'Field required', type: 'missing', input: null }],
    });
    for (const q of ['first=0', 'first=201', 'first=abc', 'after=%%%', 'created_after=yesterday']) {
      expect((await simGet(sim(), `/v3/enterprise/sessions?${q}`)).status, q).toBe(422);
    }
    expect((await simGet(sim(), '/v3/enterprise/sessions?first=200')).status).toBe(200);
  });
});

describe('simulator faults and control', () => {
  const sim = useSimulator({ sessions: 300 });

  it('status faults answer with the status (and Retry-After) the given number of times', async () => {
    sim().control.injectFault({
      path: '/v3/enterprise/queue',
      kind: 'status',
      status: 429,
      retryAfterSeconds: 3,
      times: 2,
    });
    const first = await simGet(sim(), '/v3/enterprise/queue');
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('3');
    expect((await simGet(sim(), '/v3/enterprise/queue')).status).toBe(429);
    expect((await simGet(sim(), '/v3/enterprise/queue')).status).toBe(200);
    // Other paths are untouched by a prefix that does not match them.
    sim().control.injectFault({ path: '/v3/enterprise/sessions', kind: 'status', times: -1 });
    expect((await simGet(sim(), '/v3/enterprise/queue')).status).toBe(200);
    for (let i = 0; i < 3; i++)
      expect((await simGet(sim(), '/v3/enterprise/sessions?first=1')).status).toBe(500);
    sim().control.clearFaults();
    expect((await simGet(sim(), '/v3/enterprise/sessions?first=1')).status).toBe(200);
  });

  it('malformed-json truncates the body; schema-drift mistypes the first item', async () => {
    sim().control.injectFault({ path: '/v3/enterprise/sessions', kind: 'malformed-json' });
    const broken = await simGet(sim(), '/v3/enterprise/sessions?first=3');
    expect(broken.status).toBe(200);
    expect(typeof broken.body).toBe('string');
    expect(() => JSON.parse(broken.body as string)).toThrow();
    sim().control.injectFault({ path: '/v3/enterprise/sessions', kind: 'schema-drift' });
    const drifted = (await simGet(sim(), '/v3/enterprise/sessions?first=3')).body as {
      items: Record<string, unknown>[];
    };
    expect(typeof drifted.items[0]!.acus_consumed).toBe('string');
    expect(typeof drifted.items[1]!.acus_consumed).toBe('number');
  });

  it('slow delays the answer; reset drops the connection', async () => {
    sim().control.injectFault({ path: '/v3/self', kind: 'slow', delayMs: 300 });
    const started = performance.now();
    expect((await simGet(sim(), '/v3/self')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
    sim().control.injectFault({ path: '/v3/self', kind: 'reset' });
    await expect(
      fetch(`${sim().url}/v3/self`, { headers: { authorization: `Bearer ${sim().token}` } }),
    ).rejects.toThrow();
    expect((await simGet(sim(), '/v3/self')).status).toBe(200);
  });

  it('counts API requests per path, not control requests', async () => {
    await simGet(sim(), '/v3/self');
    await simGet(sim(), '/v3/self');
    await simGet(sim(), '/v3/enterprise/queue');
    await fetch(`${sim().url}/__sim/stats`);
    expect(sim().control.stats()).toEqual({
      requests: 3,
      byPath: { '/v3/self': 2, '/v3/enterprise/queue': 1 },
    });
    sim().control.resetStats();
    expect(sim().control.stats().requests).toBe(0);
  });

  it('exposes the same control over HTTP under /__sim', async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${sim().url}/__sim/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post('queue', { size: 75 })).status).toBe(200);
    expect((await simGet(sim(), '/v3/enterprise/queue')).body).toEqual({ queue_size: 75, status: 'high' });
    expect(
      (await post('faults', { path: '/v3/enterprise/queue', kind: 'status', status: 503, times: -1 })).status,
    ).toBe(200);
    expect((await simGet(sim(), '/v3/enterprise/queue')).status).toBe(503);
    expect((await simGet(sim(), '/v3/enterprise/queue')).status).toBe(503);
    expect((await fetch(`${sim().url}/__sim/faults`, { method: 'DELETE' })).status).toBe(200);
    expect((await simGet(sim(), '/v3/enterprise/queue')).status).toBe(200);
    expect((await post('permissions', { permissions: [] })).status).toBe(200);
    expect((await simGet(sim(), '/v3/enterprise/queue')).status).toBe(403);
    expect((await post('permissions', { permissions: 'all' })).status).toBe(200);
    expect((await post('faults', { path: 'no-slash', kind: 'status' })).status).toBe(400);
    const stats = (await (await fetch(`${sim().url}/__sim/stats`)).json()) as { requests: number };
    expect(stats.requests).toBe(sim().control.stats().requests);
    expect((await post('stats/reset', {})).status).toBe(200);
    expect(sim().control.stats().requests).toBe(0);
  });

  it('advance adds and updates sessions and keeps every sum consistent', async () => {
    const { data, control } = sim();
    const before = data.now;
    const count = data.sessions.length;
    const result = (await (
      await fetch(`${sim().url}/__sim/advance`, {
        method: 'POST',
        body: JSON.stringify({ newSessions: 4, updateSessions: 2, seconds: 600 }),
      })
    ).json()) as { now: number; created: string[]; updated: string[] };
    expect(result.now).toBe(before + 600);
    expect(result.created).toHaveLength(4);
    expect(data.sessions).toHaveLength(count + 4);
    for (const id of result.created) {
      const s = data.session(id)!;
      expect(s.created_at).toBeGreaterThan(before);
      expect(s.created_at).toBeLessThanOrEqual(result.now);
    }
    for (const id of result.updated) expect(data.session(id)!.updated_at).toBe(result.now);
    const second = control.advance({ newSessions: 2, updateSessions: 0, seconds: 60 });
    expect(second.now).toBe(result.now + 60);

    const changed = await simGetAll<SimSession>(
      sim(),
      '/v3/enterprise/sessions',
      `updated_after=${before + 1}`,
    );
    expect(new Set(changed.map((s) => s.session_id))).toEqual(
      new Set([...result.created, ...result.updated, ...second.created]),
    );
    const ent = (await simGet(sim(), '/v3/enterprise/consumption/daily')).body as ConsumptionBody;
    expect(ent.total_acus).toBeCloseTo(
      sumBy(data.sessions, (s) => s.acus_consumed) + data.otherProductAcus(),
      6,
    );
    for (const org of data.orgs) {
      expect(data.orgAcus(org.org_id)).toBeCloseTo(
        sumBy(
          data.sessions.filter((s) => s.org_id === org.org_id),
          (s) => s.acus_consumed,
        ),
        6,
      );
    }
  });
});

describe('simulator session update', () => {
  const sim = useSimulator();

  it('a session that worked on shows it in every answer; the records read before stay as they were', async () => {
    const { data, control } = sim();
    const before = data.sessions.find((s) => s.status === 'running')!;
    const day = billingDayStart(billingDayOf(before.created_at));
    const window = { timeAfter: day, timeBefore: day + 86_400 };
    const dayTotal = data.orgAcus(before.org_id, window);
    const updatedAt = data.now + 30;
    const post = (body: unknown) =>
      fetch(`${sim().url}/__sim/session`, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.json());
    expect(await post({ sessionId: before.session_id, acus_consumed: 500, updated_at: updatedAt })).toEqual({
      updated: true,
    });
    expect(before.acus_consumed).not.toBe(500);
    expect((await simGet(sim(), `/v3/enterprise/sessions/${before.session_id}`)).body).toMatchObject({
      acus_consumed: 500,
      updated_at: updatedAt,
    });
    expect(data.session(before.session_id)).toMatchObject({ acus_consumed: 500, updated_at: updatedAt });
    expect(data.orgAcus(before.org_id, window)).toBeCloseTo(dayTotal - before.acus_consumed + 500, 6);
    const changed = await simGetAll<SimSession>(sim(), '/v3/enterprise/sessions', `updated_after=${updatedAt}`);
    expect(changed.map((s) => s.session_id)).toEqual([before.session_id]);
    expect(control.updateSession('devin-0000000000000000', { acus_consumed: 1 })).toBe(false);
  });
});

describe('simulator remove', () => {
  const sim = useSimulator({ sessions: 300, orgs: 3 });

  it('deletes sessions, an org with its sessions and a user from every answer; later sessions avoid the org', async () => {
    const { data, control } = sim();
    const orgId = data.orgs[0]!.org_id;
    const other = data.sessions
      .filter((s) => s.org_id !== orgId)
      .slice(0, 2)
      .map((s) => s.session_id);
    const inOrg = data.sessions.filter((s) => s.org_id === orgId).map((s) => s.session_id);
    const user = data.users.find((u) => u.listing === 'direct')!;
    const res = await fetch(`${sim().url}/__sim/remove`, {
      method: 'POST',
      body: JSON.stringify({
        sessionIds: [...other, 'devin-unknown'],
        orgIds: [orgId],
        userIds: [user.user_id],
      }),
    });
    const removed = (await res.json()) as { sessions: string[]; orgs: string[]; users: string[] };
    expect(new Set(removed.sessions)).toEqual(new Set([...other, ...inOrg]));
    expect(removed).toMatchObject({ orgs: [orgId], users: [user.user_id] });

    const listed = await simGetAll<SimSession>(sim(), '/v3/enterprise/sessions');
    expect(listed.map((s) => s.session_id)).toEqual(data.sessions.map((s) => s.session_id).reverse());
    expect(listed.some((s) => removed.sessions.includes(s.session_id))).toBe(false);
    const orgs = await simGetAll<{ org_id: string }>(sim(), '/v3/enterprise/organizations');
    expect(orgs.map((o) => o.org_id)).not.toContain(orgId);
    expect((await simGet(sim(), `/v3/enterprise/consumption/daily/organizations/${orgId}`)).status).toBe(404);
    const users = await simGetAll<{ user_id: string }>(sim(), '/v3/enterprise/members/users');
    expect(users.map((u) => u.user_id)).not.toContain(user.user_id);
    const ent = (await simGet(sim(), '/v3/enterprise/consumption/daily')).body as ConsumptionBody;
    expect(ent.total_acus).toBeCloseTo(
      sumBy(data.sessions, (s) => s.acus_consumed) + data.otherProductAcus(),
      6,
    );

    const step = control.advance({ newSessions: 20, updateSessions: 0 });
    for (const id of step.created) expect(data.session(id)!.org_id).not.toBe(orgId);
  });
});

describe('simulator determinism', () => {
  it('the same seed and clock give the same world; another seed does not', async () => {
    const [a, b, c] = await Promise.all([
      startTestSimulator({ seed: 7, sessions: 500 }),
      startTestSimulator({ seed: 7, sessions: 500 }),
      startTestSimulator({ seed: 8, sessions: 500 }),
    ]);
    try {
      const snapshot = (s: typeof a) => ({
        orgs: s.data.orgs,
        users: s.data.users,
        serviceUsers: s.data.serviceUsers,
        sessions: s.data.sessions,
        other: [...s.data.otherProducts],
        limits: s.data.acuLimits,
      });
      expect(snapshot(b)).toEqual(snapshot(a));
      expect(snapshot(c).sessions.map((s) => s.session_id)).not.toEqual(
        snapshot(a).sessions.map((s) => s.session_id),
      );
      expect((await simGet(a, '/v3/enterprise/sessions?first=50')).body).toEqual(
        (await simGet(b, '/v3/enterprise/sessions?first=50')).body,
      );
      expect(a.control.advance({ newSessions: 3 })).toEqual(b.control.advance({ newSessions: 3 }));
      expect(a.data.sessions.slice(-3)).toEqual(b.data.sessions.slice(-3));
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });
});

describe('simulator CLI', () => {
  it('prints {url, token} as one JSON line and stops on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      // tsx as a loader in this one process: the `tsx` CLI would relay the signal to a child of its own and, when
      // the child is slow to confirm it (a loaded machine), SIGKILL it and exit 143.
      ['--import', 'tsx', 'src/main/simulator/cli.ts', '--port', '0', '--latency', '1'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
      });
      const { url, token } = JSON.parse(line) as { url: string; token: string };
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${url}/v3/self`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
