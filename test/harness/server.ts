/**
 * The browser test harness: the real app core (cache, sync, handlers) behind an HTTP server that serves the
 * built renderer unchanged and carries the preload API over HTTP + SSE. Playwright drives this in Chromium;
 * `npm run harness` starts one by hand. Test tooling only, never shipped.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EVENT_CHANNELS } from '../../src/shared/ipc/channels';
import type { InvokeHandlers } from '../../src/shared/ipc/schemas';
import { fail } from '../../src/shared/ipc/result';
import { createAppCore, type AppCore } from '../../src/main/services/app-core';
import { isAllowedExternalUrl, isAllowedPrUrl } from '../../src/main/services/external-links';
import { createDispatcher } from '../../src/main/services/ipc-dispatch';
import { silentLogger, type Logger } from '../../src/main/services/logger';
import type { SyncReport } from '../../src/shared/dashboard';
import { startDemoApi, startSimulator, type Simulator, type SimulatorOptions } from '../../src/main/simulator';
import { BRIDGE_PREFIX, bridgeScript } from './bridge-script';
import { serveStatic } from './static-files';

export const DEFAULT_RENDERER_DIR = resolve(__dirname, '../../out/renderer');
const MAX_BODY_BYTES = 60 * 1024 * 1024;

export interface HarnessOptions {
  /** Cache, settings and exports folder; a fresh temp folder (removed on close) when absent. */
  dataDir?: string;
  /** `live` (default): a token and an API (a simulator unless DEVIN_API_BASE_URL is set); `demo`: no token. */
  mode?: 'demo' | 'live';
  /** Options of the simulator live mode starts (e.g. LARGE_ENTERPRISE_PRESET). */
  simulator?: SimulatorOptions;
  /** 0 (default) picks a free port. */
  port?: number;
  /** The built renderer; default `out/renderer`. */
  rendererDir?: string;
  /** Wait for the first sync before resolving (default true), so a page loads with data in the cache. */
  waitForSync?: boolean;
  /** Environment the harness reads DEVIN_API_BASE_URL / DEVIN_SERVICE_USER_TOKEN from (default process.env). */
  env?: NodeJS.ProcessEnv;
  log?: Logger;
}

export interface Harness {
  /** The page: `${url}/` is the renderer, `${url}/__bridge/init.js` the bridge script. */
  url: string;
  core: AppCore;
  /** The running simulator (a new instance after `startSimulator`); null in demo mode, with an external API, or while stopped. */
  readonly simulator: Simulator | null;
  dataDir: string;
  /** Where 'export:save-csv' writes. */
  exportsDir: string;
  /** The first sync's report (null when `waitForSync` is false). */
  initialSync: SyncReport | null;
  /** URLs 'external:open' accepted (what the OS browser would have been given), in order. */
  opened(): string[];
  /** Makes the API unreachable: the simulator's port refuses connections. */
  stopSimulator(): Promise<void>;
  /** Brings the same simulator back (same port, seed, clock and token; control settings reset). */
  startSimulator(): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const mode = opts.mode ?? 'live';
  const log = opts.log ?? silentLogger;
  const rendererDir = opts.rendererDir ?? DEFAULT_RENDERER_DIR;
  const ownDataDir = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), 'devin-harness-')));
  const exportsDir = join(dataDir, 'exports');
  const outerEnv = opts.env ?? process.env;

  // Pinned so a restarted simulator serves the same world on the same address with the same token.
  const simOptions: SimulatorOptions = { seed: 1, now: Date.now(), ...opts.simulator };
  let simulator: Simulator | null = null;
  let simPort = 0;
  const externalApi = mode === 'live' ? outerEnv.DEVIN_API_BASE_URL : undefined;
  if (mode === 'live' && !externalApi) {
    simulator = await startSimulator({ ...simOptions, port: opts.simulator?.port ?? 0 });
    simPort = Number(new URL(simulator.url).port);
    simOptions.token = simulator.token;
  }

  // Only what the core needs: nothing from the developer's shell (a real token, a rate) leaks into a test.
  const env: NodeJS.ProcessEnv =
    mode === 'demo'
      ? {}
      : externalApi
        ? { DEVIN_API_BASE_URL: externalApi, DEVIN_SERVICE_USER_TOKEN: outerEnv.DEVIN_SERVICE_USER_TOKEN }
        : { DEVIN_API_BASE_URL: simulator?.url, DEVIN_SERVICE_USER_TOKEN: simulator?.token };
  const core = createAppCore({
    dataDir,
    keychainFor: () => null,
    startDemoApi,
    env,
    log,
  });

  const opened: string[] = [];
  const handlers: InvokeHandlers = {
    ...core.handlers,
    // The desktop app shows a save dialog; the harness saves under <dataDir>/exports with the suggested name.
    'export:save-csv': async ({ suggestedName, content }) => {
      await mkdir(exportsDir, { recursive: true });
      const path = join(exportsDir, suggestedName);
      await writeFile(path, content, 'utf8');
      return { saved: true, path };
    },
    // The desktop app hands allowed URLs to the OS browser; the harness records them instead.
    'external:open': async ({ url }) => {
      if (!isAllowedExternalUrl(url, env) && !isAllowedPrUrl(url, core.prHosts())) return { opened: false };
      opened.push(new URL(url).href);
      return { opened: true };
    },
  };
  const dispatch = createDispatcher(handlers, log.child('ipc'));

  const sse = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log.error('harness request failed', { url: req.url, error: err });
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(err));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { pathname } = new URL(req.url ?? '/', 'http://harness');
    const method = req.method ?? 'GET';
    // The bridge drives the real app core: only the harness's own page (or a non-browser client) may call it,
    // so a web page open in the same browser cannot sync, change settings or read data through it.
    if (isControlRoute(pathname) && !isSameOriginOrNonBrowser(req, url)) {
      return json(res, 403, { error: 'cross-origin requests are refused' });
    }
    if (pathname.startsWith(`${BRIDGE_PREFIX}/invoke/`) && method === 'POST') {
      const channel = decodeOr(pathname.slice(`${BRIDGE_PREFIX}/invoke/`.length));
      const body = await readJson(req);
      if (!body.ok) return json(res, 200, fail('BAD_INPUT', `${channel}: the request body is not JSON`));
      const start = performance.now();
      const result = await dispatch(channel, (body.value as { args?: unknown } | null)?.args);
      // What main spent on the call, for the page's resource timing (the renderer bench's breakdown).
      res.setHeader('server-timing', `handler;dur=${(performance.now() - start).toFixed(1)}`);
      return json(res, 200, result);
    }
    if (pathname === `${BRIDGE_PREFIX}/events` && method === 'GET') return events(req, res);
    if (pathname === `${BRIDGE_PREFIX}/init.js` && method === 'GET') {
      res
        .writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' })
        .end(bridgeScript(url));
      return;
    }
    if (pathname === `${BRIDGE_PREFIX}/opened` && method === 'GET') return json(res, 200, { opened });
    if (pathname === '/__harness/simulator/stop' && method === 'POST') {
      await stopSim();
      return json(res, 200, { running: false });
    }
    if (pathname === '/__harness/simulator/start' && method === 'POST') {
      await startSim();
      return json(res, 200, { running: simulator !== null, url: simulator?.url ?? null });
    }
    if (pathname.startsWith('/__sim/')) return proxyToSimulator(req, res);
    if (method !== 'GET' && method !== 'HEAD') return json(res, 405, { error: 'method not allowed' });
    return serveStatic(rendererDir, pathname, res, `${BRIDGE_PREFIX}/init.js`);
  }

  function events(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    res.write('retry: 1000\n\n');
    const unsubscribe = EVENT_CHANNELS.map((event) =>
      core.on(event, (payload: unknown) => res.write(`data: ${JSON.stringify({ event, payload })}\n\n`)),
    );
    sse.add(res);
    req.on('close', () => {
      for (const off of unsubscribe) off();
      sse.delete(res);
    });
  }

  async function proxyToSimulator(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!simulator) return json(res, 503, { error: 'the simulator is not running' });
    const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await readBody(req);
    const answer = await fetch(new URL(req.url ?? '/', simulator.url), {
      method: req.method ?? 'GET',
      headers: { 'content-type': req.headers['content-type'] ?? 'application/json' },
      body,
    });
    res.writeHead(answer.status, {
      'content-type': answer.headers.get('content-type') ?? 'application/json',
    });
    res.end(Buffer.from(await answer.arrayBuffer()));
  }

  async function stopSim(): Promise<void> {
    const s = simulator;
    simulator = null;
    await s?.close();
  }

  async function startSim(): Promise<void> {
    if (simulator || mode !== 'live' || externalApi) return;
    simulator = await startSimulator({ ...simOptions, port: simPort });
  }

  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, '127.0.0.1', () => done());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  let initialSync: SyncReport | null = null;
  try {
    await core.start();
    // 'sync:run' joins the sync start() set off, so this waits for the first one rather than starting another.
    if (opts.waitForSync ?? true) initialSync = await core.handlers['sync:run']({ full: false });
  } catch (err) {
    await shutdown();
    throw err;
  }

  async function shutdown(): Promise<void> {
    for (const res of sse) res.end();
    sse.clear();
    server.closeAllConnections();
    await new Promise<void>((done) => server.close(() => done()));
    await core.stop();
    await stopSim();
    if (ownDataDir) await rm(dataDir, { recursive: true, force: true });
  }

  return {
    url,
    core,
    get simulator() {
      return simulator;
    },
    dataDir,
    exportsDir,
    initialSync,
    opened: () => [...opened],
    stopSimulator: stopSim,
    startSimulator: startSim,
    close: shutdown,
  };
}

const isControlRoute = (pathname: string): boolean =>
  pathname.startsWith(`${BRIDGE_PREFIX}/`) || pathname.startsWith('/__harness/') || pathname.startsWith('/__sim/');

/**
 * Browsers send `Sec-Fetch-Site` and, on POST and cross-origin requests, `Origin`: either naming another site means
 * another page is calling. Node and curl send neither (tests and a person's scripts stay allowed).
 */
function isSameOriginOrNonBrowser(req: IncomingMessage, ownOrigin: string): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = req.headers.origin;
  return origin === undefined || origin === ownOrigin;
}

/** A malformed escape stays as it is (the dispatcher then answers "unknown channel"). */
function decodeOr(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res
    .writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
    .end(JSON.stringify(value));
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

async function readJson(req: IncomingMessage): Promise<{ ok: true; value: unknown } | { ok: false }> {
  const text = (await readBody(req)).toString('utf8');
  try {
    return { ok: true, value: text ? (JSON.parse(text) as unknown) : null };
  } catch {
    return { ok: false };
  }
}
