/**
 * Pins the simulator's output across refactors. The digests below are FIXED VALUES on purpose: they were recorded
 * from the object-per-session simulator before it moved to a columnar store, and every later version must answer
 * byte for byte the same (tests, benchmarks and demo mode compare figures against these answers). A digest that
 * changes means the simulator serves different data for the same seed and clock: find out why before updating it.
 *
 * Each digest is the sha256 of a fixed list of requests (paginated sessions for several ranges and filters,
 * single sessions, consumption for the enterprise, organizations and users, cycles, limits, every metrics
 * endpoint, organizations, members, /self, the queue) answered over HTTP, then the same list again after
 * `advance` and `remove` changed the world.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEMO_PRESET, LARGE_ENTERPRISE_PRESET, type Simulator } from '../../src/main/simulator';
import { startTestSimulator } from '../helpers/simulator';

const DAY = 86_400;

/** Every page of a list, each page hashed as served (status and raw body text). */
async function pages(
  sim: Simulator,
  hash: (s: string) => void,
  path: string,
  first: number,
): Promise<unknown[]> {
  const items: unknown[] = [];
  let after: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const url: string = `${path}${sep}first=${first}${after ? `&after=${encodeURIComponent(after)}` : ''}`;
    const page = (await get(sim, hash, url)) as {
      items: unknown[];
      end_cursor: string | null;
      has_next_page: boolean;
    };
    items.push(...page.items);
    after = page.has_next_page ? page.end_cursor : null;
  } while (after);
  return items;
}

async function get(sim: Simulator, hash: (s: string) => void, url: string): Promise<unknown> {
  const res = await fetch(`${sim.url}${url}`, { headers: { authorization: `Bearer ${sim.token}` } });
  const text = await res.text();
  hash(`${url}\n${res.status}\n${text}\n`);
  return JSON.parse(text) as unknown;
}

/** The fixed request list; ids and times are taken from the simulator's own answers, so the list is the same every run. */
async function answerAll(sim: Simulator, hash: (s: string) => void): Promise<void> {
  const now = sim.data.now;
  const w = (daysBack: number, daysLong: number) => {
    const after = sim.data.firstDayStart + Math.floor((now - sim.data.firstDayStart) / DAY - daysBack) * DAY;
    return { after, before: after + daysLong * DAY };
  };
  await get(sim, hash, '/v3/self');
  await get(sim, hash, '/v3/enterprise/self');
  await get(sim, hash, '/v3/enterprise/queue');
  const orgs = (await pages(sim, hash, '/v3/enterprise/organizations', 7)) as { org_id: string }[];
  const users = (await pages(sim, hash, '/v3/enterprise/members/users', 50)) as { user_id: string }[];
  await pages(sim, hash, '/v3/enterprise/members/idp-users', 50);
  await pages(sim, hash, '/v3/enterprise/members/service-users?include_inactive=true', 2);
  await pages(sim, hash, '/v3/enterprise/members/service-users', 2);
  await pages(sim, hash, '/v3/enterprise/consumption/cycles', 3);
  await pages(sim, hash, '/v3/enterprise/consumption/acu-limits/devin', 10);
  const someOrgs = orgs
    .filter((_, i) => i % Math.max(1, Math.floor(orgs.length / 5)) === 0)
    .map((o) => o.org_id);
  const someUsers = users
    .filter((_, i) => i % Math.max(1, Math.floor(users.length / 6)) === 0)
    .map((u) => u.user_id);
  if (someOrgs[0]) await get(sim, hash, `/v3/enterprise/organizations/${someOrgs[0]}`);

  const windows = [w(6, 7), w(29, 30), w(89, 90), w(179, 180), w(400, 400)];
  await get(sim, hash, '/v3/enterprise/consumption/daily');
  for (const { after, before } of windows) {
    const q = `time_after=${after}&time_before=${before}`;
    await get(sim, hash, `/v3/enterprise/consumption/daily?${q}`);
    for (const org of someOrgs) {
      await get(sim, hash, `/v3/enterprise/consumption/daily/organizations/${org}?${q}`);
      await get(sim, hash, `/v3/organizations/${org}/consumption/daily?${q}`);
    }
    for (const user of someUsers) await get(sim, hash, `/v3/enterprise/consumption/daily/users/${user}?${q}`);
    for (const kind of ['dau', 'wau', 'mau']) {
      await get(sim, hash, `/v3/enterprise/metrics/${kind}?${q}`);
      await get(sim, hash, `/v3/enterprise/metrics/${kind}?${q}&org_ids=${someOrgs.slice(0, 2).join(',')}`);
    }
    await get(sim, hash, `/v3/enterprise/metrics/active-users?${q}`);
    await get(sim, hash, `/v3/enterprise/metrics/active-users?${q}&min_sessions=3&org_ids=${someOrgs[0]}`);
    await get(sim, hash, `/v3/enterprise/metrics/sessions?${q}`);
    await get(sim, hash, `/v3/enterprise/metrics/sessions?${q}&org_ids=${someOrgs[0]}`);
    await get(sim, hash, `/v3/enterprise/metrics/prs?${q}`);
    await get(sim, hash, `/v3/enterprise/metrics/prs?${q}&user_ids=${someUsers.slice(0, 3).join(',')}`);
    await get(sim, hash, `/v3/enterprise/metrics/usage?${q}`);
  }
  await get(sim, hash, '/v3/enterprise/metrics/usage');

  const sessionsQ = (q: string) => `/v3/enterprise/sessions?${q}`;
  const w30 = w(29, 30);
  const w180 = w(179, 180);
  const all = (await pages(
    sim,
    hash,
    sessionsQ(`created_after=${w180.after}&created_before=${w180.before}`),
    200,
  )) as {
    session_id: string;
    playbook_id: string | null;
  }[];
  await pages(sim, hash, sessionsQ(`created_after=${w30.after}`), 173);
  await pages(
    sim,
    hash,
    sessionsQ(`updated_after=${w30.after}&org_ids=${someOrgs.slice(0, 2).join(',')}`),
    200,
  );
  await pages(sim, hash, sessionsQ(`created_after=${w180.after}&org_ids=${someOrgs[0]}`), 200);
  await pages(sim, hash, sessionsQ(`user_ids=${someUsers.slice(0, 2).join(',')}`), 200);
  await pages(sim, hash, sessionsQ(`user_ids=${someUsers[1]}&updated_before=${w30.after}`), 50);
  await pages(sim, hash, sessionsQ(`created_before=${w(89, 1).after}&first=100`), 100);
  const ids = all.filter((_, i) => i % 97 === 0).map((s) => s.session_id);
  await pages(sim, hash, sessionsQ(`session_ids=${ids.slice(0, 40).join(',')}`), 20);
  for (const id of ids.slice(0, 10)) await get(sim, hash, `/v3/enterprise/sessions/${id}`);
  // The records tests compute their expected figures from, and the figures the data surface sums itself.
  const { data } = sim;
  hash(
    JSON.stringify([
      data.sessions,
      data.orgs,
      data.users,
      data.serviceUsers,
      data.acuLimits,
      [...data.otherProducts],
    ]),
  );
  hash(
    JSON.stringify([
      data.enterpriseAcus(),
      data.otherProductAcus({ timeAfter: w30.after, timeBefore: w30.before }),
    ]),
  );
  hash(JSON.stringify([data.orgAcus(someOrgs[0] ?? ''), data.userAcus(someUsers[0] ?? ''), data.cycles()]));
  hash(JSON.stringify([data.queueSize, data.now, data.company, data.session(ids[0] ?? '')]));
  const playbook = all.find((s) => s.playbook_id !== null)?.playbook_id;
  if (playbook) {
    const q = `time_after=${w180.after}&time_before=${w180.before}&playbook_id=${playbook}`;
    await get(sim, hash, `/v3/enterprise/metrics/sessions?${q}`);
    await get(sim, hash, `/v3/enterprise/metrics/prs?${q}`);
  }
}

async function digestOf(preset: typeof DEMO_PRESET, seed: number): Promise<string> {
  const sim = await startTestSimulator({ ...preset, seed });
  try {
    const h = createHash('sha256');
    const hash = (s: string) => void h.update(s);
    await answerAll(sim, hash);
    // The same list after the world changed: new sessions, running sessions that worked on, removed records.
    hash(JSON.stringify(sim.control.advance({ newSessions: 25, updateSessions: 8, seconds: 3 * 3600 })));
    hash(JSON.stringify(sim.control.advance({})));
    const data = sim.data;
    const running = data.sessions.find((s) => s.status === 'running');
    hash(
      JSON.stringify(
        sim.control.remove({
          sessionIds: [data.sessions[5]!.session_id, running?.session_id ?? ''],
          orgIds: [data.orgs.at(-1)!.org_id],
          userIds: [data.users[3]!.user_id],
        }),
      ),
    );
    hash(JSON.stringify(sim.control.advance({ newSessions: 10, updateSessions: 4, seconds: 600 })));
    await answerAll(sim, hash);
    return h.digest('hex');
  } finally {
    await sim.close();
  }
}

describe('simulator output digest', () => {
  it('serves the demo preset exactly as recorded (seeds 1 and 42)', async () => {
    expect(await digestOf(DEMO_PRESET, 1)).toBe(
      '920a24ed6b845b28491ff161bcbb77c84f0334086a104425b158639056349e2b',
    );
    expect(await digestOf(DEMO_PRESET, 42)).toBe(
      '390e78a7a8db8442d71310741d6c8ad69fad9d0ce4fd3654a6c00f486335365a',
    );
  });

  it('serves the large preset exactly as recorded', { timeout: 120_000 }, async () => {
    expect(await digestOf(LARGE_ENTERPRISE_PRESET, 42)).toBe(
      '85025ae936b93b7beab837553bd19d29a20588386be02bbc61be23166cb5469d',
    );
  });
});
