/**
 * The client's defences over real loopback HTTP: bodies past the size cap are abandoned (declared, understated or
 * endless), the configured token is scrubbed in every encoding from what a server echoes before it is shown,
 * stored or logged, a token no header can carry is named as such, and a failing dataset keeps its last good data.
 * A small proxy in front of the simulator plays the misbehaving server.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addDaysTo, currentBillingDay } from '../../src/shared/billing-day';
import { ApiError, MalformedTokenError, ResponseTooLargeError, toAppError } from '../../src/main/services/api-errors';
import { openCache } from '../../src/main/services/cache';
import { DevinClient } from '../../src/main/services/devin-client';
import { createLogger } from '../../src/main/services/logger';
import { createSyncEngine } from '../../src/main/services/sync';
import { startSimulator, type Simulator } from '../../src/main/simulator';
import { runCliProcess, type CliRun } from '../helpers/cli';

/** Not token-shaped past its prefix: `+ / =` stop the shape-based pattern, so only the configured-token scrub hides it all. */
const TOKEN = 'cog_Ab+Cd/Ef=Gh+Ij/Kl=Mn0123456789';
const CAP = 64 * 1024;

/** Every form of the token a careless server could echo. */
const ECHOES = [
  TOKEN,
  encodeURIComponent(TOKEN),
  encodeURIComponent(TOKEN).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()),
  TOKEN.replace(/\//g, '\\/'),
  Buffer.from(TOKEN).toString('base64'),
  Buffer.from(`Bearer ${TOKEN}`).toString('base64'),
];
/** Pieces of those forms that must not survive (a prefix alone is harmless; these are past `cog_`). */
const FRAGMENTS = ['Cd/Ef', 'Cd%2FEf', 'Cd%2fEf', 'Cd\\/Ef', 'Ij/Kl', Buffer.from(TOKEN).toString('base64').slice(8, 32)];

type Override = (req: IncomingMessage, res: ServerResponse) => void;

let sim: Simulator;
let proxy: Server;
let proxyUrl = '';
let override: { path: string; respond: Override } | null = null;
let hits = 0;
const closed: string[] = [];
const tempDirs: string[] = [];
const tempDir = (prefix: string): string => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
};

beforeAll(async () => {
  sim = await startSimulator({ seed: 3, orgs: 2, users: 8, days: 20, sessions: 120, token: TOKEN });
  proxy = createServer((req, res) => {
    hits += 1;
    if (override && req.url?.startsWith(override.path)) return override.respond(req, res);
    void forward(req, res);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterEach(() => {
  override = null;
  hits = 0;
  closed.length = 0;
});
afterAll(async () => {
  proxy.closeAllConnections();
  await new Promise<void>((resolve) => proxy.close(() => resolve()));
  await sim.close();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

async function forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const answer = await fetch(new URL(req.url ?? '/', sim.url), { headers: { authorization: req.headers.authorization ?? '' } });
  res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
  res.end(Buffer.from(await answer.arrayBuffer()));
}

/** A valid JSON page padded to about `bytes`, sent with an honest Content-Length. */
function paddedPage(bytes: number): Buffer {
  const head = '{"items":[],"has_next_page":false,"end_cursor":null,"pad":"';
  return Buffer.from(head + 'x'.repeat(Math.max(0, bytes - head.length - 2)) + '"}');
}

/** Streams `x` forever (chunked, no length) until the client goes away; records that it did. */
const endless =
  (label: string): Override =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"items":[],"pad":"');
    const chunk = 'x'.repeat(16 * 1024);
    const pump = (): void => {
      while (!res.destroyed && res.write(chunk));
      if (!res.destroyed) res.once('drain', pump);
    };
    res.on('close', () => closed.push(label));
    pump();
  };

const echo =
  (status: number): Override =>
  (req, res) => {
    const auth = req.headers.authorization ?? '';
    const raw = auth.replace(/^Bearer /, '');
    res.writeHead(status, { 'content-type': 'application/problem+json' });
    res.end(
      JSON.stringify({
        title: 'Nope',
        status,
        detail: `got ${encodeURIComponent(auth)} / ${encodeURIComponent(raw).toLowerCase()} / ${raw.replace(/\//g, '\\/')} / ${Buffer.from(raw).toString('base64')} / ${Buffer.from(auth).toString('base64')}`,
      }),
    );
  };

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  const err = await promise.then(
    () => new Error('expected the call to fail'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

const client = (opts: Partial<ConstructorParameters<typeof DevinClient>[0]> = {}) =>
  new DevinClient({ baseUrl: proxyUrl, token: TOKEN, maxResponseBytes: CAP, retries: 2, backoffBaseMs: 1, ...opts });

describe('bounded responses', () => {
  it('refuses a body whose Content-Length is over the cap, without reading it or retrying', async () => {
    override = {
      path: '/v3/self',
      respond: (_req, res) => {
        const body = paddedPage(CAP * 4);
        res.on('close', () => closed.push('declared'));
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body);
      },
    };
    const err = await rejection(client().getSelf());
    expect(err).toBeInstanceOf(ResponseTooLargeError);
    expect(err.toAppError()).toEqual({
      code: 'RESPONSE_TOO_LARGE',
      message: 'GET /v3/self answered with more than 65536 bytes; the rest was not read.',
    });
    expect(hits).toBe(1);
  });

  it('stops an endless chunked stream at the cap and closes the connection', async () => {
    override = { path: '/v3/enterprise/queue', respond: endless('queue') };
    const started = Date.now();
    const err = await rejection(client({ timeoutMs: 20_000 }).getQueue());
    expect(err.code).toBe('RESPONSE_TOO_LARGE');
    expect(Date.now() - started).toBeLessThan(10_000);
    await expect.poll(() => closed).toEqual(['queue']);
  });

  it('counts bytes, not the declared length: a body without Content-Length is cut at the cap too', async () => {
    override = {
      path: '/v3/self',
      respond: (_req, res) => {
        // HTTP/1.0-style framing: no length, the body ends when the connection does.
        res.writeHead(200, { 'content-type': 'application/json', connection: 'close' });
        res.useChunkedEncodingByDefault = false;
        res.end(paddedPage(CAP + 10));
      },
    };
    expect((await rejection(client().getSelf())).code).toBe('RESPONSE_TOO_LARGE');
  });

  it('reads a body just under the cap', async () => {
    override = {
      path: '/v3/enterprise/organizations',
      respond: (_req, res) => {
        const body = paddedPage(CAP - 100);
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body);
      },
    };
    await expect(client().listOrganizations()).resolves.toEqual([]);
  });
});

describe('the configured token is scrubbed in every encoding', () => {
  it.each([401, 403, 404, 422, 500])('from a %i body that echoes it', async (status) => {
    override = { path: '/v3/', respond: echo(status) };
    const lines: string[] = [];
    const err = await rejection(client({ retries: 0, log: createLogger('api', (l) => lines.push(l), 'debug') }).getSelf());
    const text = [err.message, inspect(err, { depth: 5, showHidden: true }), JSON.stringify(toAppError(err)), String(err.stack), ...lines].join('\n');
    for (const form of [...ECHOES, ...FRAGMENTS]) expect(text).not.toContain(form);
    if (status !== 401) expect(err.message).toContain('[REDACTED]');
  });
});

describe('a token no header can carry', () => {
  it.each([
    ['a line break', 'cog_abc\ndef'],
    ['a carriage return', 'cog_abc\rdef'],
    ['a NUL', 'cog_abc\0def'],
    ['a non-Latin-1 character', 'cog_abc\u2028def'],
  ])('with %s is named as such, not as OFFLINE, and never sent', async (_what, token) => {
    const err = await rejection(client({ token }).getSelf());
    expect(err).toBeInstanceOf(MalformedTokenError);
    expect(err.code).toBe('AUTH_INVALID');
    expect(err.message).toMatch(/^The token contains characters a header cannot carry/);
    expect(err.message).not.toContain('abc');
    expect(hits).toBe(0);
  });
});

describe('sync and CLI with a misbehaving server', () => {
  const to = currentBillingDay();
  const from = addDaysTo(to, -13);

  it('keep the last good sessions and store a scrubbed error when sessions grow too large or echo the token', async () => {
    const cache = openCache({ file: join(tempDir('hardening-sync-'), 'cache.sqlite') });
    try {
      const sync = createSyncEngine({ client: client({ maxResponseBytes: 5 * 1024 * 1024 }), cache });
      expect((await sync.run({ kind: 'full', from, to })).failed).toEqual([]);
      const before = cache.getDashboard({ from, to, orgId: null }).totals.sessions;
      expect(before).toBeGreaterThan(0);

      override = { path: '/v3/enterprise/sessions', respond: endless('sessions') };
      const tooLarge = await createSyncEngine({ client: client(), cache }).run({ kind: 'full', from, to });
      expect(tooLarge.failed.map((f) => [f.dataset, f.error.code])).toEqual([['sessions', 'RESPONSE_TOO_LARGE']]);
      expect(cache.getDashboard({ from, to, orgId: null }).totals.sessions).toBe(before);

      override = { path: '/v3/enterprise/sessions', respond: echo(500) };
      const echoed = await createSyncEngine({ client: client({ retries: 0 }), cache }).run({ kind: 'full', from, to });
      expect(echoed.failed.map((f) => f.error.code)).toEqual(['SERVER_ERROR']);
      expect(cache.getDashboard({ from, to, orgId: null }).totals.sessions).toBe(before);
      const stored = JSON.stringify(cache.getFreshness());
      expect(stored).toContain('[REDACTED]');
      for (const form of [...ECHOES, ...FRAGMENTS]) expect(stored).not.toContain(form);
    } finally {
      cache.close();
    }
  });

  it('CLI: a body past the default 20 MB cap exits 3 with RESPONSE_TOO_LARGE; an echo never reaches stderr, stdout or the log file', async () => {
    const dataDir = tempDir('hardening-cli-');
    override = {
      path: '/v3/enterprise/consumption/cycles',
      respond: (_req, res) => {
        res.on('error', () => undefined);
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': 21 * 1024 * 1024 });
        res.write('{"items":[');
      },
    };
    const big = await cli(['sync', '--from', from, '--to', to], dataDir);
    expect(big.code).toBe(3);
    expect(big.stderr).toMatch(/dataset\(s\) not updated \(last good data kept\): RESPONSE_TOO_LARGE: GET \/v3\/enterprise\/consumption\/cycles answered with more than 20 MB/);

    override = { path: '/v3/enterprise/queue', respond: echo(500) };
    const echoed = await cli(['sync', '--from', from, '--to', to], dataDir, { DEVIN_USAGE_LOG_LEVEL: 'debug' });
    expect(echoed.code).toBe(3);
    const logs = readdirSync(join(dataDir, 'logs')).map((f) => readFileSync(join(dataDir, 'logs', f), 'utf8'));
    expect(logs.join('')).toContain('[cli:');
    const everything = [echoed.stdout, echoed.stderr, ...logs].join('\n');
    expect(everything).toContain('[REDACTED]');
    for (const form of [...ECHOES, ...FRAGMENTS]) expect(everything).not.toContain(form);
  });
});

/** The CLI in a child process (the proxy answers from this process's event loop, so asynchronously). */
function cli(args: string[], dataDir: string, env: Record<string, string> = {}): Promise<CliRun> {
  return runCliProcess(args, { DEVIN_USAGE_DATA_DIR: dataDir, DEVIN_API_BASE_URL: proxyUrl, DEVIN_SERVICE_USER_TOKEN: TOKEN, ...env });
}
