/**
 * Memory under a hostile answer: the CLI's `sync` against a loopback API whose sessions endpoint streams a 300 MB
 * body. Measured in a fresh child process (its peak RSS from the OS), so the figure is the CLI's alone.
 * Target: peak RSS ≤ 400 MB (before the client capped bodies it buffered the whole answer: ≈2.5–3.3 GB).
 * Run alone with `npx tsx bench/large-response.ts`; `npm run bench` includes it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '../src/main/simulator';

const MB = 1024 * 1024;
const BODY_MB = 300;
const TARGET_MB = 400;

export interface LargeResponseFigure {
  figure: string;
  value: string;
  target: string;
  met: boolean;
}

export async function benchLargeResponse(): Promise<LargeResponseFigure> {
  const sim = await startSimulator({ seed: 3, orgs: 2, users: 8, days: 20, sessions: 120 });
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/v3/enterprise/sessions')) return streamHugeBody(res);
    void fetch(new URL(req.url ?? '/', sim.url), { headers: { authorization: req.headers.authorization ?? '' } }).then(async (answer) => {
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(Buffer.from(await answer.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const dataDir = mkdtempSync(join(tmpdir(), 'devin-bench-large-'));
  try {
    const { maxRssMb, code } = await measureCli(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, sim.token, dataDir);
    return {
      figure: `CLI sync, ${BODY_MB} MB sessions body: peak RSS`,
      value: `${maxRssMb.toFixed(0)} MB (exit ${code})`,
      target: `≤ ${TARGET_MB} MB`,
      met: maxRssMb <= TARGET_MB,
    };
  } finally {
    await close(server);
    await sim.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A valid JSON page padded to BODY_MB, chunked, written as fast as the client reads. */
function streamHugeBody(res: ServerResponse): void {
  res.on('error', () => undefined);
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('{"items":[],"has_next_page":false,"end_cursor":null,"pad":"');
  const chunk = Buffer.alloc(MB, 'x');
  let sent = 0;
  const pump = (): void => {
    while (!res.destroyed && sent < BODY_MB * MB) {
      sent += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    if (!res.destroyed) res.end('"}');
  };
  pump();
}

/** Runs the CLI's `main` in a child that prints its own peak RSS (`maxRSS` is in kilobytes) when done. */
function measureCli(url: string, token: string, dataDir: string): Promise<{ maxRssMb: number; code: number }> {
  const script = `
    const { main } = require(${JSON.stringify(join(__dirname, '../src/main/cli/index.ts'))});
    const quiet = { out: () => {}, err: () => {} };
    main(['sync'], process.env, quiet).then((code) => {
      process.stdout.write(JSON.stringify({ code, maxRssKb: process.resourceUsage().maxRSS }) + '\\n');
    });`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DEVIN_USAGE_DATA_DIR: dataDir, DEVIN_API_BASE_URL: url, DEVIN_SERVICE_USER_TOKEN: token },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('exit', () => {
      const line = out.trim().split('\n').pop() ?? '';
      try {
        const { code, maxRssKb } = JSON.parse(line) as { code: number; maxRssKb: number };
        resolve({ code, maxRssMb: maxRssKb / 1024 });
      } catch {
        reject(new Error(`the measured CLI printed no figure: ${line.slice(0, 200)}`));
      }
    });
  });
}

const close = (server: Server): Promise<void> =>
  new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

if (require.main === module) {
  benchLargeResponse().then(
    (r) => console.log(`${r.figure}  ${r.value}  (target ${r.target})  ${r.met ? 'met' : 'NOT met'}`),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
