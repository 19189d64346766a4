/**
 * DevinClient against the simulator over real HTTP: every endpoint parses, lists are followed to the end,
 * each failure class maps to its typed error with the right retry behaviour, requests cancel, and the
 * token never leaks into errors or logs.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billingDayOf, currentBillingDay, rangeWindow } from '../../src/shared/billing-day';
import {
  ApiError,
  ApiSchemaError,
  CancelledError,
  ForbiddenError,
  InvalidRequestError,
  NotFoundError,
  OfflineError,
  RateLimitedError,
  RedirectedError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
} from '../../src/main/services/api-errors';
import { DevinClient, type DevinClientOptions } from '../../src/main/services/devin-client';
import { createLogger } from '../../src/main/services/logger';
import { FIXED_NOW, startTestSimulator, useSimulator } from '../helpers/simulator';

/** Token-shaped secret: it must never show up in anything the client throws or logs. */
const SECRET = 'cog_S3cretTokenValue_abcdefghijklmnopqrstuvwxyz';

const sim = useSimulator({ token: SECRET });
const logLines: string[] = [];
const client = (opts: Partial<DevinClientOptions> = {}) =>
  new DevinClient({
    baseUrl: `${sim().url}/`,
    token: SECRET,
    backoffBaseMs: 5,
    pageSize: 50,
    log: createLogger('api-test', (line) => logLines.push(line), 'debug'),
    ...opts,
  });

const caught: unknown[] = [];
async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const err = await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
  caught.push(err);
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

const fullWindow = () => rangeWindow(billingDayOf(sim().data.firstDayStart), currentBillingDay(FIXED_NOW));

describe('every endpoint parses', () => {
  it('identity, consumption, cycles, limits, queue and metrics', async () => {
    const c = client();
    const { data } = sim();
    const w = fullWindow();
    expect(await c.getSelf()).toMatchObject({
      principal_type: 'service_user',
      service_user_id: data.serviceUsers[0]!.service_user_id,
    });
    const ent = await c.getEnterpriseConsumption(w);
    expect(ent.total_acus).toBeCloseTo(data.enterpriseAcus(w), 6);
    const org = data.orgs[0]!;
    const orgC = await c.getOrgConsumption(org.org_id, w);
    expect(orgC.total_acus).toBeCloseTo(
      data.sessions.filter((s) => s.org_id === org.org_id).reduce((a, s) => a + s.acus_consumed, 0),
      6,
    );
    const cycles = await c.listConsumptionCycles();
    expect(cycles.length).toBeGreaterThanOrEqual(4);
    expect(cycles.every((cy) => cy.before > cy.after)).toBe(true);
    expect(await c.listAcuLimits()).toEqual(data.acuLimits);
    expect(await c.getQueue()).toEqual({
      queue_size: data.queueSize,
      status: expect.stringMatching(/normal|elevated|high/),
    });
    for (const kind of ['dau', 'wau', 'mau'] as const) {
      const buckets = await c.getActiveUsers(kind, w);
      expect(buckets.length).toBeGreaterThan(0);
      expect(buckets.some((b) => b.active_users > 0)).toBe(true);
    }
  });

  it('lists follow every page (page size smaller than the data)', async () => {
    const c = client({ pageSize: 7 });
    const { data } = sim();
    sim().control.resetStats();
    expect((await c.listOrganizations()).map((o) => o.org_id)).toEqual(data.orgs.map((o) => o.org_id));
    const users = await c.listUsers();
    expect(users).toHaveLength(data.users.length);
    expect(new Set(users.map((u) => u.user_id))).toEqual(new Set(data.users.map((u) => u.user_id)));
    expect((await c.listServiceUsers()).length).toBe(data.serviceUsers.length);
    expect(sim().control.stats().byPath['/v3/enterprise/members/users']).toBeGreaterThan(1);

    const paged = client({ pageSize: 200 });
    const all = await paged.listSessions({});
    expect(all).toHaveLength(data.sessions.length);
    expect(paged.requestCount).toBe(Math.ceil(data.sessions.length / 200));
    expect(new Set(all.map((s) => s.session_id)).size).toBe(all.length);
  });

  it('sends session filters the simulator understands', async () => {
    const { data } = sim();
    const orgIds = [data.orgs[0]!.org_id, data.orgs[3]!.org_id];
    const t = data.sessions[2000]!.created_at;
    const got = await client().listSessions({ orgIds, createdAfter: t });
    const expected = data.sessions.filter((s) => orgIds.includes(s.org_id) && s.created_at >= t);
    expect(got.map((s) => s.session_id).sort()).toEqual(expected.map((s) => s.session_id).sort());
    const users = data.users.slice(0, 4).map((u) => u.user_id);
    const mine = await client().listSessions({ userIds: users, updatedBefore: t });
    expect(mine).toHaveLength(
      data.sessions.filter((s) => s.user_id !== null && users.includes(s.user_id) && s.updated_at < t).length,
    );
  });
});

describe('failures map to typed errors', () => {
  it('401 → UnauthorizedError, not retried', async () => {
    const c = client({ token: 'cog_not_the_right_token_000000' });
    const err = await failure(c.getQueue());
    expect(err).toBeInstanceOf(UnauthorizedError);
    expect(err.toAppError().code).toBe('AUTH_INVALID');
    expect(c.requestCount).toBe(1);
  });

  it('403 → ForbiddenError naming the permission and its older name, not retried', async () => {
    sim().control.setPermissions(['ViewAccountMetrics']);
    const c = client();
    const err = await failure(c.getEnterpriseConsumption(fullWindow()));
    expect(err).toBeInstanceOf(ForbiddenError);
    expect((err as ForbiddenError).permission).toBe('ViewAccountConsumption');
    expect(err.message).toContain('ViewAccountConsumption');
    expect(err.message).toContain('ManageBilling');
    expect(err.endpoint).toBe('GET /v3/enterprise/consumption/daily');
    expect(err.toAppError()).toMatchObject({
      code: 'PERMISSION_DENIED',
      permission: 'ViewAccountConsumption',
    });
    expect(c.requestCount).toBe(1);
  });

  it('404 → NotFoundError with the path template', async () => {
    const c = client();
    const err = await failure(c.getOrgConsumption('org-does-not-exist', fullWindow()));
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.endpoint).toBe('GET /v3/enterprise/consumption/daily/organizations/{org_id}');
    expect(c.requestCount).toBe(1);
  });

  it('422 → InvalidRequestError, not retried', async () => {
    const c = client();
    const err = await failure(c.getActiveUsers('dau', { timeAfter: -1, timeBefore: 10 }));
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect(err.status).toBe(422);
    expect(err.message).toContain('time_after');
    expect(c.requestCount).toBe(1);
  });

  it('429 with Retry-After is waited out, then succeeds', async () => {
    sim().control.injectFault({
      path: '/v3/enterprise/queue',
      kind: 'status',
      status: 429,
      retryAfterSeconds: 1,
    });
    const c = client({ backoffBaseMs: 1 });
    const started = Date.now();
    expect((await c.getQueue()).status).toBeDefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(c.requestCount).toBe(2);
  });

  it('429 with a Retry-After beyond the cap fails at once with retryAt', async () => {
    sim().control.injectFault({
      path: '/v3/enterprise/queue',
      kind: 'status',
      status: 429,
      retryAfterSeconds: 120,
      times: -1,
    });
    const c = client({ maxRetryAfterMs: 5_000 });
    const started = Date.now();
    const err = await failure(c.getQueue());
    expect(err).toBeInstanceOf(RateLimitedError);
    const retryAt = (err as RateLimitedError).retryAt!;
    expect(retryAt).toBeGreaterThanOrEqual(started + 119_000);
    expect(retryAt).toBeLessThanOrEqual(Date.now() + 120_000);
    expect(err.toAppError()).toMatchObject({ code: 'RATE_LIMITED', retryAt });
    expect(c.requestCount).toBe(1);
  });

  it('500 is retried with backoff, then succeeds', async () => {
    sim().control.injectFault({ path: '/v3/enterprise/sessions', kind: 'status', status: 500, times: 2 });
    const c = client({ retries: 3, pageSize: 200 });
    expect(await c.listSessions({})).toHaveLength(sim().data.sessions.length);
    expect(c.requestCount).toBe(2 + Math.ceil(sim().data.sessions.length / 200));
  });

  it('500 on every attempt → ServerError after retries + 1 requests', async () => {
    sim().control.injectFault({ path: '/v3/enterprise/queue', kind: 'status', status: 502, times: -1 });
    const c = client({ retries: 2 });
    const err = await failure(c.getQueue());
    expect(err).toBeInstanceOf(ServerError);
    expect(err.status).toBe(502);
    expect(c.requestCount).toBe(3);
    expect(sim().control.stats().byPath['/v3/enterprise/queue']).toBe(3);
  });

  it('malformed JSON → ApiSchemaError, not retried', async () => {
    sim().control.injectFault({ path: '/v3/enterprise/consumption/daily', kind: 'malformed-json' });
    const c = client();
    const err = await failure(c.getEnterpriseConsumption(fullWindow()));
    expect(err).toBeInstanceOf(ApiSchemaError);
    expect(err.message).toContain('GET /v3/enterprise/consumption/daily');
    expect(err.message).toContain('malformed JSON');
    expect(c.requestCount).toBe(1);
  });

  it('schema drift → ApiSchemaError naming the endpoint and the field', async () => {
    sim().control.injectFault({ path: '/v3/enterprise/sessions', kind: 'schema-drift' });
    const err = await failure(client().listSessions({}));
    expect(err).toBeInstanceOf(ApiSchemaError);
    expect((err as ApiSchemaError).field).toBe('items[0].acus_consumed');
    expect(err.message).toContain('GET /v3/enterprise/sessions');
    expect(err.message).toContain('items[0].acus_consumed');

    sim().control.injectFault({ path: '/v3/enterprise/metrics/wau', kind: 'schema-drift' });
    const series = await failure(client().getActiveUsers('wau', fullWindow()));
    expect((series as ApiSchemaError).field).toBe('[0].active_users');
  });

  it('a slow answer → TimeoutError; once slow, a retry succeeds', async () => {
    sim().control.injectFault({ path: '/v3/self', kind: 'slow', delayMs: 1_500, times: -1 });
    const c = client({ timeoutMs: 150, retries: 1 });
    const err = await failure(c.getSelf());
    expect(err).toBeInstanceOf(TimeoutError);
    expect(c.requestCount).toBe(2);
    sim().control.clearFaults();
    sim().control.injectFault({ path: '/v3/self', kind: 'slow', delayMs: 1_500 });
    const again = client({ timeoutMs: 150, retries: 1 });
    expect(await again.getSelf()).toMatchObject({ principal_type: 'service_user' });
    expect(again.requestCount).toBe(2);
  });

  it('a reset connection is retried; a connection reset every time → OfflineError', async () => {
    sim().control.injectFault({ path: '/v3/enterprise/queue', kind: 'reset' });
    const c = client({ retries: 2 });
    expect(await c.getQueue()).toBeDefined();
    expect(c.requestCount).toBe(2);
    sim().control.injectFault({ path: '/v3/enterprise/queue', kind: 'reset', times: -1 });
    const d = client({ retries: 2 });
    const err = await failure(d.getQueue());
    expect(err).toBeInstanceOf(OfflineError);
    expect((err as OfflineError).reason).toBe('reset');
    expect(d.requestCount).toBe(3);
  });

  it('a server that is down → OfflineError (refused), not retried', async () => {
    const down = await startTestSimulator({ sessions: 10 });
    await down.close();
    const c = new DevinClient({ baseUrl: down.url, token: SECRET, backoffBaseMs: 1 });
    const err = await failure(c.getQueue());
    expect(err).toBeInstanceOf(OfflineError);
    expect((err as OfflineError).reason).toBe('refused');
    expect(err.toAppError().code).toBe('OFFLINE');
    expect(c.requestCount).toBe(1);
  });

  it('a host that does not resolve → OfflineError', async () => {
    // `.invalid` never resolves (RFC 6761), with or without a network.
    const c = new DevinClient({
      baseUrl: 'https://api.devin-usage-dashboard.invalid',
      token: SECRET,
      timeoutMs: 10_000,
    });
    const err = await failure(c.getQueue());
    expect(err).toBeInstanceOf(OfflineError);
    expect(['dns', 'network']).toContain((err as OfflineError).reason);
  });
});

describe('cancellation', () => {
  it('a per-call signal cancels an in-flight request', async () => {
    sim().control.injectFault({ path: '/v3/self', kind: 'slow', delayMs: 5_000 });
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 100);
    const err = await failure(client().getSelf(controller.signal));
    expect(err).toBeInstanceOf(CancelledError);
    expect(err.toAppError().code).toBe('CANCELLED');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('the client-level signal cancels, and an aborted signal sends nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    const c = client({ signal: controller.signal });
    expect(await failure(c.getQueue())).toBeInstanceOf(CancelledError);
    expect(c.requestCount).toBe(0);
  });

  it('cancelling during a backoff wait stops at once', async () => {
    sim().control.injectFault({ path: '/v3/enterprise/queue', kind: 'status', status: 503, times: -1 });
    const controller = new AbortController();
    const c = client({ backoffBaseMs: 60_000, retries: 5, signal: controller.signal });
    const started = Date.now();
    setTimeout(() => controller.abort(), 150);
    // Full jitter may pick a near-zero wait, so several quick attempts are possible; none may outlive the abort for long.
    const err = await failure(c.getQueue());
    expect(err).toBeInstanceOf(CancelledError);
    expect(Date.now() - started).toBeLessThan(1_500);
  });
});

describe('the token never leaks', () => {
  let echo: Server;
  let echoUrl = '';
  const NON_COG_SECRET = 'plain-secret-without-prefix-9876';
  let landed = 0;

  beforeAll(async () => {
    // A server that repeats the Authorization header back in its error bodies.
    echo = createServer((req, res) => {
      if (req.url?.startsWith('/landing')) landed += 1;
      if (req.url?.startsWith('/v3/enterprise/consumption/cycles')) {
        res.writeHead(302, { location: `${echoUrl}/landing` });
        return void res.end();
      }
      const auth = req.headers.authorization ?? '';
      const status = req.url?.startsWith('/v3/enterprise/queue')
        ? 403
        : req.url?.startsWith('/v3/enterprise/sessions')
          ? 500
          : 401;
      res.writeHead(status, { 'content-type': 'application/problem+json' });
      res.end(
        JSON.stringify({
          title: 'Nope',
          status,
          detail: `Token ${auth.replace('Bearer ', '')} rejected; header was ${auth}`,
        }),
      );
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => echo.close(() => resolve())));

  it('not in errors whose bodies echo it (401, 403, 5xx), for token-shaped and other tokens', async () => {
    for (const token of [SECRET, NON_COG_SECRET]) {
      const c = new DevinClient({ baseUrl: echoUrl, token, retries: 1, backoffBaseMs: 1 });
      const errors = [
        await failure(c.getSelf()),
        await failure(c.getQueue()),
        await failure(c.listSessions({})),
      ];
      expect(errors.map((e) => e.constructor)).toEqual([UnauthorizedError, ForbiddenError, ServerError]);
      for (const err of errors) {
        const text =
          JSON.stringify(err) +
          inspect(err, { depth: 10, showHidden: true }) +
          JSON.stringify(err.toAppError()) +
          String(err.stack);
        expect(text).not.toContain(token);
      }
    }
  });

  it('does not follow redirects (the Authorization header stays with the configured host)', async () => {
    const c = new DevinClient({ baseUrl: echoUrl, token: SECRET });
    const err = await failure(c.listConsumptionCycles());
    expect(err).toBeInstanceOf(RedirectedError);
    expect(err.code).toBe('REDIRECTED');
    expect(err.message).toContain(`redirect (302 to ${echoUrl})`);
    expect(err.message).toContain('check the API base URL');
    expect(landed).toBe(0);
  });

  it('not in any error caught in this file, nor in any log line', () => {
    expect(caught.length).toBeGreaterThan(15);
    for (const err of caught) {
      const text =
        JSON.stringify(err) + inspect(err, { depth: 10, showHidden: true }) + String((err as Error).stack);
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(NON_COG_SECRET);
    }
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('\n')).not.toContain(SECRET);
  });
});
