/**
 * The simulated Devin v3 endpoints: routing, auth, permissions, query validation and response shapes.
 * Pure request → answer mapping; the HTTP plumbing, latency and faults live in server.ts.
 */
import { PERMISSION_OLD_NAMES, type TimeWindow } from '../../shared/devin-api';
import type { ActiveUsersKind, SessionCursor, SessionFilter, World } from './world';

export interface ApiAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface ApiConfig {
  world: World;
  token: string;
  permissions: () => ReadonlySet<string>;
  pageSizeMax: number;
}

/** A permission an endpoint checks: its current name and every name that also grants it. */
interface Permission {
  name: string;
  accepts: readonly string[];
}

const permission = (name: string, ...alsoGrantedBy: string[]): Permission => {
  const old = PERMISSION_OLD_NAMES[name];
  return { name, accepts: [name, ...(old ? [old] : []), ...alsoGrantedBy] };
};
const CONSUMPTION = permission('ViewAccountConsumption');
// Enterprise permissions include the matching org permission in every org.
const ORG_CONSUMPTION = permission('ViewOrgConsumption', 'ViewAccountConsumption');
const METRICS = permission('ViewAccountMetrics');
const SESSIONS = permission('ViewAccountSessions');
const ORGANIZATIONS = permission('ManageOrganizations');
const MEMBERSHIP = permission('ViewAccountMembership');
// The ACU-limit reference pages name ManageBilling only; a token with just ViewAccountConsumption gets a 403 there.
const ACU_LIMITS: Permission = { name: 'ManageBilling', accepts: ['ManageBilling'] };

/** Every permission name the simulator knows (old and new), the default grant. */
export const ALL_PERMISSIONS: readonly string[] = [
  ...new Set(
    [CONSUMPTION, ORG_CONSUMPTION, METRICS, SESSIONS, ORGANIZATIONS, MEMBERSHIP, ACU_LIMITS].flatMap((p) => p.accepts),
  ),
  'ReadAccountMeta',
];

/** Thrown inside handlers to answer with an error status. */
class Reply extends Error {
  constructor(readonly answer: ApiAnswer) {
    super(`HTTP ${answer.status}`);
  }
}

type Query = URLSearchParams;

interface Route {
  pattern: RegExp;
  permission: Permission | null;
  handle: (q: Query, params: string[]) => unknown;
}

export function problem(status: number, title: string, detail: string | null, instance: string): ApiAnswer {
  return {
    status,
    body: { type: 'about:blank', title, status, detail, instance, errors: null },
    headers: { 'content-type': 'application/problem+json' },
  };
}

/** FastAPI's HTTPValidationError shape. */
function invalid(name: string, msg: string, type: string, input: unknown): never {
  throw new Reply({ status: 422, body: { detail: [{ loc: ['query', name], msg, type, input }] } });
}

function intParam(
  q: Query,
  name: string,
  opts: { required?: boolean; min?: number; max?: number } = {},
): number | undefined {
  const raw = q.get(name);
  if (raw === null || raw === '') {
    if (opts.required) invalid(name, 'Field required', 'missing', null);
    return undefined;
  }
  if (!/^-?\d+$/.test(raw))
    invalid(
      name,
      'Input should be a valid integer, unable to parse string as an integer',
      'int_parsing',
      raw,
    );
  const value = Number(raw);
  if (opts.min !== undefined && value < opts.min)
    invalid(name, `Input should be greater than or equal to ${opts.min}`, 'greater_than_equal', raw);
  if (opts.max !== undefined && value > opts.max)
    invalid(name, `Input should be less than or equal to ${opts.max}`, 'less_than_equal', raw);
  return value;
}

/**
 * List parameters. FastAPI reads repeated keys (`?org_ids=a&org_ids=b`); the generated client sends one
 * comma-joined value (`?org_ids=a,b`). The live API's choice is undocumented, so both are accepted.
 */
function listParam(q: Query, name: string): ReadonlySet<string> | undefined {
  const values = q
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  return values.length > 0 ? new Set(values) : undefined;
}

/** Consumption's optional window; without one the simulator answers every day it has (the live default is undocumented). */
function optionalWindow(q: Query): TimeWindow | undefined {
  const after = intParam(q, 'time_after', { min: 0 });
  const before = intParam(q, 'time_before', { min: 0 });
  if (after === undefined && before === undefined) return undefined;
  return { timeAfter: after ?? 0, timeBefore: before ?? Number.MAX_SAFE_INTEGER };
}

function requiredWindow(q: Query): TimeWindow {
  return {
    timeAfter: intParam(q, 'time_after', { required: true, min: 0 }) as number,
    timeBefore: intParam(q, 'time_before', { required: true, min: 0 }) as number,
  };
}

const encodeCursor = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

function decodeCursor(q: Query): unknown {
  const raw = q.get('after');
  if (raw === null || raw === '') return null;
  try {
    return JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    return invalid('after', 'Invalid cursor', 'value_error', raw);
  }
}

export function createApi(
  config: ApiConfig,
): (method: string, url: URL, authorization: string | undefined) => ApiAnswer {
  const { world } = config;
  const pageSize = (q: Query): number =>
    intParam(q, 'first', { min: 1, max: config.pageSizeMax }) ?? Math.min(100, config.pageSizeMax);

  /** Offset-cursor pagination over a list computed on request. */
  const page = <T>(q: Query, all: readonly T[]) => {
    const first = pageSize(q);
    const cursor = decodeCursor(q);
    let offset = 0;
    if (cursor !== null) {
      const o = (cursor as { o?: unknown }).o;
      if (typeof o !== 'number' || !Number.isInteger(o) || o < 0)
        invalid('after', 'Invalid cursor', 'value_error', q.get('after'));
      offset = o;
    }
    const items = all.slice(offset, offset + first);
    const hasNext = offset + first < all.length;
    return {
      items,
      end_cursor: hasNext ? encodeCursor({ o: offset + first }) : null,
      has_next_page: hasNext,
      total: all.length,
    };
  };

  const orgOr404 = (orgId: string): string => {
    if (!world.hasOrg(orgId))
      throw new Reply(problem(404, 'Not Found', `Organization ${orgId} not found`, ''));
    return orgId;
  };

  const userItem = (u: World['users'][number]) => ({ user_id: u.user_id, email: u.email, name: u.name });

  const routes: Route[] = [
    {
      pattern: /^\/v3\/(?:enterprise\/)?self$/,
      permission: null,
      handle: () => {
        const bot = world.serviceUsers[0];
        if (bot)
          return {
            principal_type: 'service_user',
            service_user_id: bot.service_user_id,
            service_user_name: bot.name,
            org_id: null,
          };
        const user = world.users[0];
        return {
          principal_type: 'pat_user',
          user_id: user?.user_id ?? null,
          user_name: user?.name ?? null,
          org_id: null,
        };
      },
    },
    {
      pattern: /^\/v3\/enterprise\/consumption\/daily$/,
      permission: CONSUMPTION,
      handle: (q) => world.consumption({ kind: 'enterprise' }, optionalWindow(q)),
    },
    {
      pattern: /^\/v3\/enterprise\/consumption\/daily\/organizations\/([^/]+)$/,
      permission: CONSUMPTION,
      handle: (q, [orgId = '']) =>
        world.consumption({ kind: 'org', orgId: orgOr404(orgId) }, optionalWindow(q)),
    },
    {
      pattern: /^\/v3\/organizations\/([^/]+)\/consumption\/daily$/,
      permission: ORG_CONSUMPTION,
      handle: (q, [orgId = '']) =>
        world.consumption({ kind: 'org', orgId: orgOr404(orgId) }, optionalWindow(q)),
    },
    {
      pattern: /^\/v3\/enterprise\/consumption\/daily\/users\/([^/]+)$/,
      permission: CONSUMPTION,
      handle: (q, [userId = '']) => {
        if (!world.hasUser(userId))
          throw new Reply(problem(404, 'Not Found', `User ${userId} not found`, ''));
        return world.consumption({ kind: 'user', userId }, optionalWindow(q));
      },
    },
    {
      pattern: /^\/v3\/enterprise\/consumption\/cycles$/,
      permission: CONSUMPTION,
      handle: (q) => page(q, world.cycles()),
    },
    {
      pattern: /^\/v3\/enterprise\/consumption\/acu-limits\/devin$/,
      permission: ACU_LIMITS,
      handle: (q) => page(q, world.acuLimits),
    },
    {
      pattern: /^\/v3\/enterprise\/metrics\/(dau|wau|mau)$/,
      permission: METRICS,
      handle: (q, [kind = 'dau']) => {
        const w = requiredWindow(q);
        // Guards against a window of millions of buckets; the live limit is unknown.
        if (w.timeBefore - w.timeAfter > 5 * 366 * 86_400)
          invalid('time_before', 'Window too large', 'value_error', w.timeBefore);
        return world.activeUserBuckets(kind as ActiveUsersKind, w, listParam(q, 'org_ids'));
      },
    },
    {
      pattern: /^\/v3\/enterprise\/metrics\/active-users$/,
      permission: METRICS,
      handle: (q) => {
        const w = requiredWindow(q);
        intParam(q, 'min_searches', { min: 0 });
        return world.activeUsers(w, listParam(q, 'org_ids'), intParam(q, 'min_sessions', { min: 0 }) ?? 1);
      },
    },
    {
      pattern: /^\/v3\/enterprise\/metrics\/sessions$/,
      permission: METRICS,
      handle: (q) => {
        const w = requiredWindow(q);
        return world.sessionMetrics(w, { ...idFilters(q), playbookId: q.get('playbook_id') ?? undefined });
      },
    },
    {
      pattern: /^\/v3\/enterprise\/metrics\/prs$/,
      permission: METRICS,
      handle: (q) =>
        world.prMetrics(requiredWindow(q), { ...idFilters(q), playbookId: q.get('playbook_id') ?? undefined }),
    },
    {
      pattern: /^\/v3\/enterprise\/metrics\/usage$/,
      permission: METRICS,
      handle: (q) =>
        world.usageMetrics(optionalWindow(q) ?? { timeAfter: 0, timeBefore: Number.MAX_SAFE_INTEGER }),
    },
    {
      pattern: /^\/v3\/enterprise\/sessions$/,
      permission: SESSIONS,
      handle: (q) => {
        const first = pageSize(q);
        const filter: SessionFilter = {
          ...idFilters(q),
          createdAfter: intParam(q, 'created_after', { min: 0 }),
          createdBefore: intParam(q, 'created_before', { min: 0 }),
          updatedAfter: intParam(q, 'updated_after', { min: 0 }),
          updatedBefore: intParam(q, 'updated_before', { min: 0 }),
        };
        const { items, hasNext } = world.sessionsPage(filter, first, sessionCursor(q));
        const last = items.at(-1);
        return {
          items,
          end_cursor: hasNext && last ? encodeCursor({ t: last.created_at, id: last.session_id }) : null,
          has_next_page: hasNext,
          // As on the live API, the session list omits the total (it would cost a full count per page).
          total: null,
        };
      },
    },
    {
      pattern: /^\/v3\/enterprise\/sessions\/([^/]+)$/,
      permission: SESSIONS,
      handle: (_q, [id = '']) => world.session(id) ?? reply404(`Session ${id} not found`),
    },
    {
      pattern: /^\/v3\/enterprise\/organizations$/,
      permission: ORGANIZATIONS,
      handle: (q) => page(q, world.orgs),
    },
    {
      pattern: /^\/v3\/enterprise\/organizations\/([^/]+)$/,
      permission: ORGANIZATIONS,
      handle: (_q, [orgId = '']) =>
        world.orgs.find((o) => o.org_id === orgId) ?? reply404(`Organization ${orgId} not found`),
    },
    {
      pattern: /^\/v3\/enterprise\/members\/users$/,
      permission: MEMBERSHIP,
      handle: (q) => {
        const email = q.get('email');
        const users = world.users.filter((u) => u.listing !== 'idp' && (email === null || u.email === email));
        return page(
          q,
          users.map((u) => ({ ...userItem(u), role_assignments: u.role_assignments })),
        );
      },
    },
    {
      pattern: /^\/v3\/enterprise\/members\/idp-users$/,
      permission: MEMBERSHIP,
      handle: (q) => {
        const email = q.get('email');
        const users = world.users.filter(
          (u) => u.listing !== 'direct' && (email === null || u.email === email),
        );
        return page(
          q,
          users.map((u) => ({
            ...userItem(u),
            idp_role_assignments: u.org_ids.map((org_id) => ({
              idp_group_name: 'engineering',
              role: { role_id: 'role-org-member', role_name: 'Org Member', role_type: 'org' },
              org_id,
            })),
          })),
        );
      },
    },
    {
      pattern: /^\/v3\/enterprise\/members\/service-users$/,
      permission: MEMBERSHIP,
      handle: (q) => {
        const all = q.get('include_inactive') === 'true';
        return page(
          q,
          world.serviceUsers.filter((s) => all || s.expires_at === null || s.expires_at > world.now),
        );
      },
    },
    {
      pattern: /^\/v3\/enterprise\/queue$/,
      permission: METRICS,
      handle: () => ({
        queue_size: world.queueSize,
        status: world.queueSize <= 10 ? 'normal' : world.queueSize <= 50 ? 'elevated' : 'high',
      }),
    },
  ];

  return (method, url, authorization) => {
    // The older docs published the same endpoints under /v3beta1.
    const path = url.pathname.replace(/^\/v3beta1\//, '/v3/');
    const instance = url.pathname;
    for (const route of routes) {
      const m = route.pattern.exec(path);
      if (!m) continue;
      if (method !== 'GET')
        return problem(405, 'Method Not Allowed', `${method} is not supported here`, instance);
      if (authorization !== `Bearer ${config.token}`) {
        return problem(401, 'Unauthorized', 'Missing or invalid credentials', instance);
      }
      if (route.permission && !route.permission.accepts.some((p) => config.permissions().has(p))) {
        return problem(403, 'Forbidden', `Service user lacks permission ${route.permission.name}`, instance);
      }
      try {
        const params = m.slice(1).map(decodePathParam);
        return { status: 200, body: route.handle(url.searchParams, params) };
      } catch (err) {
        if (!(err instanceof Reply)) throw err;
        const body = err.answer.body as { instance?: string };
        if (typeof body.instance === 'string') body.instance = instance;
        return err.answer;
      }
    }
    return problem(404, 'Not Found', `No route for ${url.pathname}`, instance);
  };
}

function decodePathParam(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return reply404(`Malformed path segment ${raw}`);
  }
}

function reply404(detail: string): never {
  throw new Reply(problem(404, 'Not Found', detail, ''));
}

function idFilters(q: Query): SessionFilter {
  return {
    orgIds: listParam(q, 'org_ids'),
    userIds: listParam(q, 'user_ids'),
    serviceUserIds: listParam(q, 'service_user_ids'),
    sessionIds: listParam(q, 'session_ids'),
  };
}

function sessionCursor(q: Query): SessionCursor | null {
  const c = decodeCursor(q) as { t?: unknown; id?: unknown } | null;
  if (c === null) return null;
  if (typeof c.t !== 'number' || typeof c.id !== 'string')
    return invalid('after', 'Invalid cursor', 'value_error', q.get('after'));
  return { createdAt: c.t, sessionId: c.id };
}
