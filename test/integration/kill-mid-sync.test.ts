/**
 * Durability: a sync process killed with SIGKILL after writing every row but before committing leaves the
 * previous data intact and the database healthy.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addDaysTo, currentBillingDay } from '../../src/shared/billing-day';
import { openCache } from '../../src/main/services/cache';
import { DevinClient } from '../../src/main/services/devin-client';
import { createSyncEngine } from '../../src/main/services/sync';
import { startSimulator, type Simulator } from '../../src/main/simulator';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ seed: 11, orgs: 3, users: 20, days: 40, sessions: 600 });
});
afterAll(() => sim.close());

it('keeps the previous data when the sync process is killed mid-transaction', async () => {
  const file = join(tempDir('kill-'), 'cache.sqlite');
  const to = currentBillingDay();
  const from = addDaysTo(to, -20);

  const first = openCache({ file });
  await createSyncEngine({ client: new DevinClient({ baseUrl: sim.url, token: sim.token }), cache: first }).run({ kind: 'full', from, to });
  const before = first.getDashboard({ from, to, orgId: null });
  const pageBefore = first.getSessionsPage({ from, to, orgId: null, userId: null, status: null, sort: 'created_at', direction: 'desc', offset: 0, limit: 500 });
  first.close();

  // New data on the server, so a committed second sync would change the figures.
  sim.control.advance({ newSessions: 25, updateSessions: 5 });

  // tsx as a loader, so the SIGKILL below hits the writer itself (the `tsx` CLI would run it as a child of its own,
  // which would outlive the kill).
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '../helpers/sync-child.ts'), file, sim.url, sim.token, from, to], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  const reached = await new Promise<boolean>((resolve) => {
    createInterface({ input: child.stdout }).on('line', (line) => line === 'WRITTEN' && resolve(true));
    void exited.then(() => resolve(false));
  });
  expect(reached, `child never reached the write: ${stderr}`).toBe(true);
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');

  const reopened = openCache({ file });
  try {
    expect(reopened.recovered).toBeNull();
    expect(reopened.getDashboard({ from, to, orgId: null })).toEqual(before);
    expect(reopened.getSessionsPage({ from, to, orgId: null, userId: null, status: null, sort: 'created_at', direction: 'desc', offset: 0, limit: 500 })).toEqual(pageBefore);
  } finally {
    reopened.close();
  }
});
