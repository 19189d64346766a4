/**
 * The outcomes and where-ACUs-go panels against figures computed here from the simulator's own records with
 * the definitions (never from the app), and a slice click that filters the sessions table.
 */
import { lastDays } from '../../../src/shared/billing-day';
import type { SimSession, SimulatorData } from '../../../src/main/simulator';
import type { Harness } from '../../harness/server';
import { fmt, sessionsIn, type Range } from './expected';
import { expect, snap, test } from './fixtures';

function sim(harness: Harness): SimulatorData {
  if (!harness.simulator) throw new Error('this spec needs the harness simulator (live mode)');
  return harness.simulator.data;
}

const NAMED = new Set(['webapp', 'slack', 'teams', 'api', 'linear', 'jira', 'scheduled', 'automation', 'cli', 'desktop', 'other']);

/** The first sync covers every simulated day, so "any session in the cache" is any simulated session. */
function expectedOutcomes(data: SimulatorData, range: Range) {
  const merged = new Set(data.sessions.flatMap((s) => s.pull_requests.filter((p) => p.pr_state?.toLowerCase() === 'merged').map((p) => p.pr_url)));
  const scope = sessionsIn(data, range);
  const urls = new Set(scope.flatMap((s) => s.pull_requests.map((p) => p.pr_url)));
  const mergedPrs = [...urls].filter((u) => merged.has(u)).length;
  const acus = scope.reduce((a, s) => a + s.acus_consumed, 0);
  const byOrigin = new Map<string, SimSession[]>();
  for (const s of scope) {
    const o = NAMED.has(s.origin) ? s.origin : 'other';
    byOrigin.set(o, [...(byOrigin.get(o) ?? []), s]);
  }
  return {
    mergedPrs,
    mergeRate: mergedPrs / urls.size,
    acusPerMergedPr: acus / mergedPrs,
    byOrigin: new Map([...byOrigin].map(([o, list]) => [o, { sessions: list.length, acus: list.reduce((a, s) => a + s.acus_consumed, 0) }])),
  };
}

const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });

test('outcomes and where-ACUs-go equal the simulator figures; a slice click filters the table', async ({ app, harness }, testInfo) => {
  const range = lastDays(30);
  const e = expectedOutcomes(sim(harness), range);
  expect(e.mergedPrs).toBeGreaterThan(10);

  const value = (id: string) => app.getByTestId(id).locator('.card-value');
  await expect(value('outcome-merged-prs')).toHaveText(fmt.count(e.mergedPrs));
  await expect(value('outcome-merge-rate')).toHaveText(percent.format(e.mergeRate));
  await expect(value('outcome-acus-per-pr')).toHaveText(fmt.acus(e.acusPerMergedPr));
  await expect(app.getByTestId('pr-metrics-note')).not.toBeEmpty();

  const panel = app.getByTestId('acus-by-origin');
  for (const [origin, want] of e.byOrigin) {
    const slice = panel.getByTestId(`slice-origin-${origin}`);
    await expect(slice).toHaveAttribute('data-sessions', String(want.sessions));
    expect(Number(await slice.getAttribute('data-acus'))).toBeCloseTo(want.acus, 6);
  }
  await expect(panel.locator('[data-testid^="slice-origin-"]')).toHaveCount(e.byOrigin.size);
  // The panel counts every flagged session though it is sent only the largest (RUNAWAY_LISTED).
  const outcomes = await harness.core.handlers['outcomes:get']({ ...range, orgId: null });
  await expect(app.getByTestId('runaway-sessions')).toContainText(`Runaway sessions (${outcomes.runawayCount.toLocaleString('en-US')})`);
  await expect(app.getByTestId('runaway-sessions').locator('tbody tr')).toHaveCount(Math.min(25, outcomes.runawayCount));
  await snap(app, testInfo, 'outcomes');

  const slack = e.byOrigin.get('slack')!;
  await panel.getByTestId('slice-origin-slack').getByRole('button').click();
  const table = app.getByTestId('sessions-table');
  await expect(table.getByRole('heading')).toHaveText(`Sessions (${fmt.count(slack.sessions)})`);
  await expect(table.getByTestId('origin-filter-chip')).toContainText('slack');
  const origins = await table.locator('tbody td.cell-origin').allInnerTexts();
  expect(origins.length).toBeGreaterThan(0);
  expect(new Set(origins)).toEqual(new Set(['slack']));
  await snap(app, testInfo, 'outcomes-filtered');
});

test('a PR chip opens only through the allow-list, including a host the API returned', async ({ app, harness }) => {
  const table = app.getByTestId('sessions-table');
  await app.getByLabel('Outcome filter').selectOption('merged_pr');
  const chip = table.locator('button.pr-chip').first();
  await expect(chip).toBeVisible();
  // A target on its own (WCAG 2.2 target size): two chips side by side in a row are too close for the spacing rule.
  const box = (await chip.boundingBox())!;
  expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(24);
  const url = await chip.getAttribute('title');
  await chip.click();
  await expect.poll(() => harness.opened()).toContain(new URL(url!).href);
  // The simulator's self-hosted forge is allowed only because its PR URLs came from the API.
  const internal = sim(harness).sessions.flatMap((s) => s.pull_requests).find((p) => p.pr_url.startsWith('https://git.acme-internal.example/'));
  expect(internal).toBeDefined();
  const res = await app.evaluate(`window.api.openExternal({ url: ${JSON.stringify(internal!.pr_url)} })`);
  expect(res).toEqual({ ok: true, data: { opened: true } });
  const lookalike = await app.evaluate(`window.api.openExternal({ url: 'https://github.com.evil.example/acme/web/pull/1' })`);
  expect(lookalike).toEqual({ ok: true, data: { opened: false } });
});
