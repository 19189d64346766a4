/**
 * The test harness drives the real app core over HTTP on loopback, so it must refuse calls from any other web
 * page open in the same browser: a cross-site POST could otherwise sync, change settings or read the cache.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../harness/server';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ mode: 'demo', waitForSync: false });
});
afterAll(() => harness.close());

const invoke = (headers: Record<string, string>) =>
  fetch(`${harness.url}/__bridge/invoke/settings:update`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ args: { autoRefreshMinutes: 0 } }),
  });

describe('harness origin check', () => {
  it.each([
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['a foreign Origin on the same host, another port', { origin: 'http://127.0.0.1:1' }],
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site', { 'sec-fetch-site': 'same-site' }],
    ['an opaque Origin', { origin: 'null' }],
  ])('refuses a POST with %s and changes nothing', async (_what, headers) => {
    const res = await invoke(headers);
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: 'cross-origin requests are refused' });
    expect((await harness.core.handlers['settings:get'](undefined)).autoRefreshMinutes).not.toBe(0);
  });

  it('refuses the simulator and event routes to a foreign page too', async () => {
    for (const path of ['/__harness/simulator/stop', '/__sim/faults']) {
      const res = await fetch(`${harness.url}${path}`, { method: 'POST', headers: { origin: 'https://evil.example' } });
      expect(res.status).toBe(403);
    }
    const events = await fetch(`${harness.url}/__bridge/events`, { headers: { 'sec-fetch-site': 'cross-site' } });
    expect(events.status).toBe(403);
  });

  it('answers its own page and non-browser clients', async () => {
    const ownPage: Record<string, string> = { origin: harness.url, 'sec-fetch-site': 'same-origin' };
    for (const headers of [ownPage, {}]) {
      const res = await invoke(headers);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { ok: boolean }).ok).toBe(true);
    }
  });
});
