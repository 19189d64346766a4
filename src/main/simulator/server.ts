/**
 * The simulator over real HTTP (node:http on 127.0.0.1): the Devin v3 endpoints from routes.ts plus a
 * control surface, both in-process (`Simulator.control`) and for other processes under `/__sim/*`
 * (JSON, no auth):
 *   GET  /__sim/stats            POST /__sim/stats/reset
 *   GET  /__sim/memory → {rss, peakRss} in bytes: this process now and at its peak (generation included), for benches
 *   POST /__sim/latency {ms}     POST /__sim/queue {size}     POST /__sim/permissions {permissions: string[] | 'all'}
 *   POST /__sim/faults FaultSpec (times -1 = until cleared)   DELETE /__sim/faults
 *   POST /__sim/advance {newSessions?, updateSessions?, seconds?} → AdvanceResult
 *   POST /__sim/remove {sessionIds?, orgIds?, userIds?} → RemoveResult
 *   POST /__sim/session {sessionId, acus_consumed?, updated_at?} → {updated: boolean}
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { driftBody, FaultPlan } from './faults';
import { generateWorld } from './generate';
import { ALL_PERMISSIONS, createApi, problem, type ApiAnswer } from './routes';
import type {
  FaultSpec,
  SimulatorControl,
  SimulatorData,
  SimulatorOptions,
  SimulatorPreset,
  SimulatorStats,
} from './types';
import { World } from './world';

export const DEFAULT_SIMULATOR_TOKEN = 'cog_simulator_token_0123456789';
export const DEMO_PRESET: Readonly<SimulatorPreset> = {
  orgs: 4,
  users: 40,
  serviceUsers: 3,
  days: 120,
  sessions: 3000,
};
export const LARGE_ENTERPRISE_PRESET: Readonly<SimulatorPreset> = {
  orgs: 40,
  users: 2000,
  serviceUsers: 3,
  days: 365,
  sessions: 50_000,
};
/** Twenty times the large enterprise, for the scale bench (issue 11). Pages are still served one at a time. */
export const XL_ENTERPRISE_PRESET: Readonly<SimulatorPreset> = {
  orgs: 400,
  users: 20_000,
  serviceUsers: 12,
  days: 365,
  sessions: 1_000_000,
};

export interface Simulator {
  /** Base URL, e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  token: string;
  control: SimulatorControl;
  data: SimulatorData;
  close(): Promise<void>;
}

const count = (min: number) => z.number().int().min(min);
const optionsSchema = z.object({
  seed: z.number().int().default(42),
  orgs: count(1).default(DEMO_PRESET.orgs),
  users: count(1).default(DEMO_PRESET.users),
  serviceUsers: count(0).default(DEMO_PRESET.serviceUsers),
  days: count(1).max(3660).default(DEMO_PRESET.days),
  sessions: count(0).default(DEMO_PRESET.sessions),
  now: z.number().finite().optional(),
  port: count(0).max(65535).default(0),
  latencyMs: count(0).default(0),
  token: z.string().min(1).default(DEFAULT_SIMULATOR_TOKEN),
  permissions: z.array(z.string()).readonly().optional(),
  pageSizeMax: count(1).default(200),
  consumptionDateAnchor: z.enum(['billing-day-start', 'pacific-midnight']).default('billing-day-start'),
});

const faultSchema = z.object({
  path: z.string().startsWith('/'),
  kind: z.enum(['status', 'malformed-json', 'schema-drift', 'slow', 'reset']),
  status: z.number().int().min(100).max(599).optional(),
  retryAfterSeconds: z.number().int().min(0).optional(),
  delayMs: z.number().int().min(0).optional(),
  times: z.number().optional(),
});

const controlBodies = {
  latency: z.object({ ms: count(0) }),
  queue: z.object({ size: count(0) }),
  permissions: z.object({ permissions: z.union([z.literal('all'), z.array(z.string())]) }),
  advance: z.object({
    newSessions: count(0).optional(),
    updateSessions: count(0).optional(),
    seconds: count(1).optional(),
  }),
  session: z.object({
    sessionId: z.string(),
    acus_consumed: z.number().finite().min(0).optional(),
    updated_at: z.number().int().min(0).optional(),
  }),
  remove: z.object({
    sessionIds: z.array(z.string()).optional(),
    orgIds: z.array(z.string()).optional(),
    userIds: z.array(z.string()).optional(),
  }),
};

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const opts = optionsSchema.parse(options);
  const nowSec = Math.floor((opts.now ?? Date.now()) / 1000);
  const world = new World(generateWorld(opts, opts.seed, nowSec), nowSec, opts.consumptionDateAnchor);

  let latencyMs = opts.latencyMs;
  let permissions: ReadonlySet<string> = new Set(opts.permissions ?? ALL_PERMISSIONS);
  const faults = new FaultPlan();
  let stats: SimulatorStats = { requests: 0, byPath: {} };
  const api = createApi({
    world,
    token: opts.token,
    permissions: () => permissions,
    pageSizeMax: opts.pageSizeMax,
  });

  const control: SimulatorControl = {
    setLatency: (ms) => void (latencyMs = Math.max(0, ms)),
    setQueueSize: (size) => void (world.queueSize = Math.max(0, Math.floor(size))),
    setPermissions: (p) => void (permissions = new Set(p === 'all' ? ALL_PERMISSIONS : p)),
    injectFault: (fault: FaultSpec) => faults.add(fault),
    clearFaults: () => faults.clear(),
    advance: (o) => world.advance(o),
    remove: (o) => world.remove(o),
    updateSession: (id, update) => world.updateSession(id, update),
    stats: () => ({ requests: stats.requests, byPath: { ...stats.byPath } }),
    resetStats: () => void (stats = { requests: 0, byPath: {} }),
  };

  // Pending delays, cleared on close so a slow fault never keeps the process alive.
  const timers = new Set<NodeJS.Timeout>();
  const sleep = (ms: number): Promise<void> =>
    ms <= 0
      ? Promise.resolve()
      : new Promise((resolve) => {
          const t = setTimeout(() => (timers.delete(t), resolve()), ms);
          timers.add(t);
        });

  async function serveApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    stats.requests += 1;
    stats.byPath[url.pathname] = (stats.byPath[url.pathname] ?? 0) + 1;
    // Latency is the time to the first byte as a client sees it: the simulator's own work counts toward it
    // instead of adding to it, so benchmarks measure the client, not this single-threaded server.
    const arrived = performance.now();
    const reply = async (answer: ApiAnswer, text: string = JSON.stringify(answer.body)) => {
      await sleep(latencyMs - (performance.now() - arrived));
      send(res, answer, text);
    };
    const fault = faults.take(url.pathname);
    if (fault?.kind === 'reset') {
      await sleep(latencyMs);
      return void req.socket.destroy();
    }
    if (fault?.kind === 'slow') await sleep(fault.delayMs ?? 10_000);
    if (fault?.kind === 'status') {
      const status = fault.status ?? 500;
      const answer = problem(
        status,
        status === 429 ? 'Too Many Requests' : 'Injected fault',
        `Injected status ${status}`,
        url.pathname,
      );
      if (fault.retryAfterSeconds !== undefined)
        answer.headers = { ...answer.headers, 'retry-after': String(fault.retryAfterSeconds) };
      return reply(answer);
    }
    const answer = api(req.method ?? 'GET', url, req.headers.authorization);
    if (answer.status === 200 && fault?.kind === 'schema-drift') answer.body = driftBody(answer.body);
    if (answer.status === 200 && fault?.kind === 'malformed-json') {
      const text = JSON.stringify(answer.body);
      return reply(answer, text.slice(0, Math.max(1, Math.floor(text.length / 2))));
    }
    return reply(answer);
  }

  async function serveControl(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const route = `${req.method} ${url.pathname}`;
    const body = req.method === 'POST' ? await readJson(req) : undefined;
    const ok = (result: unknown = { ok: true }) => send(res, { status: 200, body: result });
    switch (route) {
      case 'GET /__sim/stats':
        return ok(control.stats());
      case 'GET /__sim/memory':
        return ok({ rss: process.memoryUsage.rss(), peakRss: process.resourceUsage().maxRSS * 1024 });
      case 'POST /__sim/stats/reset':
        return ok(control.resetStats());
      case 'POST /__sim/latency':
        return ok(control.setLatency(controlBodies.latency.parse(body).ms));
      case 'POST /__sim/queue':
        return ok(control.setQueueSize(controlBodies.queue.parse(body).size));
      case 'POST /__sim/permissions':
        return ok(control.setPermissions(controlBodies.permissions.parse(body).permissions));
      case 'POST /__sim/faults':
        return ok(control.injectFault(faultSchema.parse(body)));
      case 'DELETE /__sim/faults':
        return ok(control.clearFaults());
      case 'POST /__sim/advance':
        return ok(control.advance(controlBodies.advance.parse(body)));
      case 'POST /__sim/session': {
        const { sessionId, ...update } = controlBodies.session.parse(body);
        return ok({ updated: control.updateSession(sessionId, update) });
      }
      case 'POST /__sim/remove':
        return ok(control.remove(controlBodies.remove.parse(body)));
      default:
        return send(res, problem(404, 'Not Found', `No control route ${route}`, url.pathname));
    }
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    const serve = url.pathname.startsWith('/__sim/') ? serveControl : serveApi;
    serve(req, res, url).catch((err: unknown) => {
      const bad = err instanceof z.ZodError || err instanceof SyntaxError || err instanceof RangeError;
      const detail =
        err instanceof z.ZodError ? z.prettifyError(err) : err instanceof Error ? err.message : String(err);
      send(
        res,
        problem(bad ? 400 : 500, bad ? 'Bad Request' : 'Internal Server Error', detail, url.pathname),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    token: opts.token,
    control,
    data: world,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(res: ServerResponse, answer: ApiAnswer, rawText?: string): void {
  if (res.headersSent || res.destroyed) return;
  const text = rawText ?? JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    'content-type': 'application/json',
    ...answer.headers,
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 64 * 1024) throw new RangeError('control body too large');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? {} : JSON.parse(text);
}
