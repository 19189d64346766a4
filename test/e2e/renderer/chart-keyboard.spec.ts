/** Every chart is one tab stop; its arrow keys move inside it, and Enter on a user bar filters the sessions. */
import { lastDays } from '../../../src/shared/billing-day';
import { fmt } from './expected';
import { expect, test } from './fixtures';

const CHARTS = '[aria-roledescription="chart"]';

/** The focused element: the chart it is (by name), the chart it is inside, and whether it is the last chart. */
interface Stop {
  chart: string | null;
  insideChart: string | null;
  last: boolean;
}
const FOCUS_STOP = `(() => {
  const el = document.activeElement;
  const frame = el?.closest('${CHARTS}');
  return {
    chart: el?.matches('${CHARTS}') ? el.getAttribute('aria-label') : null,
    insideChart: frame && frame !== el ? frame.getAttribute('aria-label') : null,
    last: el === [...document.querySelectorAll('${CHARTS}')].at(-1),
  };
})()`;

test('Tab stops once on each chart from the header to the end of the cost view', async ({ app }) => {
  const charts = await app.locator(CHARTS).count();
  expect(charts).toBe(4); // daily ACUs, ACUs by user, the cost view's monthly bars and its 30-day line
  await app.locator('header button, header select').first().focus();

  const stops: Stop[] = [];
  for (let i = 0; i < 200; i++) {
    await app.keyboard.press('Tab');
    const stop = (await app.evaluate(FOCUS_STOP)) as Stop;
    stops.push(stop);
    if (stop.last) break;
  }
  expect(stops.at(-1)?.chart, 'Tab reached the last chart').toBe('Daily ACUs over the last 30 days');
  expect(stops.filter((s) => s.insideChart !== null)).toEqual([]);
  expect(stops.map((s) => s.chart).filter((c) => c !== null)).toEqual([
    'Daily ACUs',
    'ACUs by user',
    'Monthly ACUs per organization',
    'Daily ACUs over the last 30 days',
  ]);
});

test('the arrow keys move through the user bars and Enter lists that user’s sessions', async ({
  app,
  harness,
}) => {
  const dashboard = await harness.core.handlers['dashboard:get']({ ...lastDays(30), orgId: null });
  const [first, second] = [...dashboard.acusByUser].sort((a, b) => b.acus - a.acus);
  if (!first || !second) throw new Error('the simulator gave fewer than two users');

  const chart = app.getByTestId('chart-acus-by-user').getByRole('group', { name: 'ACUs by user' });
  const readout = chart.locator('[aria-live="polite"]');
  await chart.focus();
  await expect(readout).toHaveText('');
  await app.keyboard.press('ArrowDown');
  await expect(readout).toContainText(`${first.name}: ${fmt.acus(first.acus)} ACUs`);
  await app.keyboard.press('ArrowDown');
  await expect(readout).toContainText(`${second.name}: ${fmt.acus(second.acus)} ACUs`);
  await app.keyboard.press('Enter');

  const table = app.getByTestId('sessions-table');
  await expect(table.getByTestId('user-filter-chip')).toContainText(second.name);
  await expect(table.locator('tbody tr[aria-rowindex="2"] td:nth-child(2)')).toHaveText(second.name);
});

test('a click on a bar of the users canvas lists that user’s sessions', async ({ app, harness }) => {
  const dashboard = await harness.core.handlers['dashboard:get']({ ...lastDays(30), orgId: null });
  const top = [...dashboard.acusByUser].sort((a, b) => b.acus - a.acus)[0];
  if (!top) throw new Error('the simulator gave no user');
  // The top bar is the first row (26 px tall, 4 px below the canvas top), from 150 px in.
  await app
    .getByTestId('chart-acus-by-user')
    .locator('canvas')
    .click({ position: { x: 160, y: 17 } });
  await expect(app.getByTestId('user-filter-chip')).toContainText(top.name);
});
