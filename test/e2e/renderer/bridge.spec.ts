/** The harness's bridge itself: the same API surface as the preload, the contract's validation, events over SSE. */
import { readdir } from 'node:fs/promises';
import { invokeMethods } from '../../../src/shared/ipc/channels';
import { expect, test } from './fixtures';

test('window.api has one method per contract channel plus on, and validates like main', async ({
  app,
  harness,
}) => {
  const keys = (await app.evaluate('Object.keys(window.api).sort()')) as string[];
  expect(keys).toEqual([...Object.values(invokeMethods), 'on'].sort());
  expect(await app.evaluate('Object.isFrozen(window.api)')).toBe(true);

  const badArgs = (await app.evaluate(
    `window.api.getDashboard({ from: '2026-02-30', to: '2026-03-01', orgId: null })`,
  )) as {
    ok: boolean;
    error?: { code: string };
  };
  expect(badArgs).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  const unknown = await app.request.post(`${harness.url}/__bridge/invoke/app:shutdown`, { data: {} });
  expect(await unknown.json()).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  const notJson = await app.request.post(`${harness.url}/__bridge/invoke/app:get-status`, {
    data: Buffer.from('{'),
    headers: { 'content-type': 'application/json' },
  });
  expect(await notJson.json()).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  expect(
    await app.evaluate(
      `(() => { try { window.api.on('no-such-event', () => {}); return 'subscribed'; } catch (e) { return e.message; } })()`,
    ),
  ).toMatch(/Unknown event/);

  // The save handler writes only plain names under <dataDir>/exports: the contract refuses paths.
  const escape = (await app.evaluate(
    `window.api.saveCsv({ suggestedName: '../escape.csv', content: 'x' })`,
  )) as { ok: boolean };
  expect(escape.ok).toBe(false);
  const saved = (await app.evaluate(
    `window.api.saveCsv({ suggestedName: 'plain.csv', content: 'a,b\\r\\n' })`,
  )) as {
    data: { saved: boolean; path: string };
  };
  expect(saved.data).toEqual({ saved: true, path: `${harness.exportsDir}/plain.csv` });
  expect(await readdir(harness.exportsDir)).toEqual(['plain.csv']);
});

test('core events reach the page over SSE and the simulator controls pass through', async ({
  app,
  harness,
}) => {
  await app.evaluate(`(() => {
    window.__events = [];
    window.api.on('sync:progress', (p) => window.__events.push('progress:' + p.phase));
    window.api.on('data:updated', () => window.__events.push('data:updated'));
    window.api.on('queue:changed', (q) => window.__events.push('queue:' + q.level));
  })()`);
  const report = (await app.evaluate('window.api.syncNow({ full: false })')) as { ok: boolean };
  expect(report.ok).toBe(true);
  await expect
    .poll(() => app.evaluate('window.__events'))
    .toEqual(expect.arrayContaining(['progress:start', 'progress:done', 'data:updated']));

  // /__sim/* reaches the simulator: a queue of 60 is "high", and the app's next check reports it.
  expect((await app.request.post(`${harness.url}/__sim/queue`, { data: { size: 60 } })).ok()).toBe(true);
  await harness.core.refresh();
  await expect.poll(() => app.evaluate('window.__events')).toContain('queue:high');
  await expect(app.getByTestId('queue-status')).toHaveAttribute('data-level', 'high');
  const stats = (await (await app.request.get(`${harness.url}/__sim/stats`)).json()) as { requests: number };
  expect(stats.requests).toBeGreaterThan(0);
});
