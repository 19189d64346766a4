/**
 * The sessions table over 50,000 sessions (the large preset squeezed into the 180 days the app syncs): it
 * sorts, filters and scrolls end to end while the DOM holds only the rows in view. One test, by design: the
 * large world takes the longest to build and sync.
 */
import type { Locator, Page } from '@playwright/test';
import { addDaysTo, currentBillingDay } from '../../../src/shared/billing-day';
import { LARGE_ENTERPRISE_PRESET, type SimSession } from '../../../src/main/simulator';
import { choose } from './combobox';
import { fmt, sessionsIn } from './expected';
import { expect, snap, test } from './fixtures';

const SYNC_DAYS = 180;
/** Rows in view (480 px at 36 px) plus the virtualizer's overscan come to about 35; anything near the total is a failure. */
const MAX_DOM_ROWS = 80;

test.use({ harnessOptions: { simulator: { ...LARGE_ENTERPRISE_PRESET, days: SYNC_DAYS } } });
test.setTimeout(150_000);

const table = (page: Page) => page.getByTestId('sessions-table');
const domRows = (page: Page) => table(page).locator('tbody tr:not(.spacer)');
const row = (page: Page, ariaRowIndex: number) =>
  table(page).locator(`tbody tr[aria-rowindex="${ariaRowIndex}"]`);
const cell = (r: Locator, column: number) => r.locator(`td:nth-child(${column})`);

/** The table's default order: newest first (ties, which the app may break either way, are avoided below). */
const newestFirst = (a: SimSession, b: SimSession) => b.created_at - a.created_at;

/** The row shows `s`: title, status, created time and ACUs. */
async function expectRowShows(r: Locator, s: SimSession): Promise<void> {
  await expect(cell(r, 1)).toHaveText(s.title);
  await expect(cell(r, 4)).toHaveText(s.status);
  await expect(cell(r, 5)).toHaveText(fmt.dateTime(s.created_at));
  await expect(cell(r, 7)).toHaveText(fmt.acus(s.acus_consumed));
}

async function scrollTo(page: Page, fraction: number): Promise<void> {
  await table(page)
    .locator('.sessions-scroll')
    .evaluate((el, f) => {
      const box = el as unknown as { scrollTop: number; scrollHeight: number; clientHeight: number };
      box.scrollTop = (box.scrollHeight - box.clientHeight) * f;
    }, fraction);
  await expect(table(page).locator('tr.row-loading')).toHaveCount(0);
}

/** Scrolls the table to `fraction` of its height, then checks a row in view against the expected order. */
async function scrollAndCheck(page: Page, fraction: number, expected: SimSession[]): Promise<number> {
  await scrollTo(page, fraction);
  const first = Number(await domRows(page).first().getAttribute('aria-rowindex'));
  // Pick a row in view whose created_at is not shared with a neighbour, so its position is unambiguous.
  let index = first - 2;
  while (
    index + 1 < expected.length &&
    (expected[index]!.created_at === expected[index + 1]!.created_at ||
      expected[index]!.created_at === expected[index - 1]?.created_at)
  )
    index++;
  await expectRowShows(row(page, index + 2), expected[index]!);
  expect(await domRows(page).count()).toBeLessThanOrEqual(MAX_DOM_ROWS);
  return first;
}

test('the sessions table sorts, filters and scrolls 50,000 rows with a bounded DOM', async ({
  app,
  harness,
}, testInfo) => {
  const data = harness.simulator!.data;
  const today = currentBillingDay();
  const range = { from: addDaysTo(today, -(SYNC_DAYS - 1)), to: today };
  const inRange = sessionsIn(data, range);
  expect(inRange.length).toBe(LARGE_ENTERPRISE_PRESET.sessions);
  const expected = [...inRange].sort(newestFirst);

  await app.getByTestId('date-range').locator('select').selectOption('custom');
  await app.getByLabel('From', { exact: true }).fill(range.from);
  await app.getByLabel('To', { exact: true }).fill(range.to);
  const heading = table(app).getByRole('heading', { level: 2 });
  await expect(heading).toHaveText(`Sessions (${fmt.count(inRange.length)})`, { timeout: 30_000 });
  await table(app).scrollIntoViewIfNeeded();
  await expect(table(app).locator('table')).toHaveAttribute('aria-rowcount', String(inRange.length + 1));

  // Scrolling: top, middle, bottom — each shows the right rows, never more than a screenful in the DOM.
  expect(await scrollAndCheck(app, 0, expected)).toBe(2);
  await scrollAndCheck(app, 0.5, expected);
  await scrollAndCheck(app, 1, expected);
  await expect(row(app, inRange.length + 1)).toBeVisible();
  await expectRowShows(row(app, inRange.length + 1), expected.at(-1)!);
  await snap(app, testInfo, 'sessions-table-bottom', false);

  // Sorting by ACUs: descending first, then ascending.
  const acusHeader = table(app)
    .locator('thead th')
    .filter({ has: app.getByRole('button', { name: 'ACUs', exact: true }) });
  const acusValues = inRange.map((s) => s.acus_consumed);
  await acusHeader.getByRole('button').click();
  await expect(acusHeader).toHaveAttribute('aria-sort', 'descending');
  await expect(cell(row(app, 2), 7)).toHaveText(fmt.acus(Math.max(...acusValues)));
  await acusHeader.getByRole('button').click();
  await expect(acusHeader).toHaveAttribute('aria-sort', 'ascending');
  await expect(cell(row(app, 2), 7)).toHaveText(fmt.acus(Math.min(...acusValues)));
  expect(await domRows(app).count()).toBeLessThanOrEqual(MAX_DOM_ROWS);

  // Filtering by status: the count and every row in view follow the filter.
  const errors = inRange.filter((s) => s.status === 'error');
  await table(app).getByLabel('Status filter').selectOption('error');
  await expect(heading).toHaveText(`Sessions (${fmt.count(errors.length)})`);
  await expect(table(app).locator('tr.row-loading')).toHaveCount(0);
  const statuses = await domRows(app).locator('td:nth-child(4)').allInnerTexts();
  expect(statuses.length).toBeGreaterThan(0);
  expect(new Set(statuses)).toEqual(new Set(['error']));
  await scrollTo(app, 1);
  await expect(cell(row(app, errors.length + 1), 4)).toHaveText('error');
  expect(await domRows(app).count()).toBeLessThanOrEqual(MAX_DOM_ROWS);
  await snap(app, testInfo, 'sessions-table-filtered', false);

  // And by user, through the searchable user combobox (2,000 people): typed, chosen, the count follows. The
  // user with the most errors among those whose name no one else has, so the choice is unambiguous.
  const nameCount = new Map<string, number>();
  for (const u of data.users) nameCount.set(u.name, (nameCount.get(u.name) ?? 0) + 1);
  const errorsOf = new Map<string, number>();
  for (const s of errors) if (s.user_id) errorsOf.set(s.user_id, (errorsOf.get(s.user_id) ?? 0) + 1);
  const [user, userErrors] = data.users
    .filter((u) => nameCount.get(u.name) === 1 && errorsOf.has(u.user_id))
    .map((u) => [u, errorsOf.get(u.user_id)!] as const)
    .sort((a, b) => b[1] - a[1])[0]!;
  await choose(table(app).getByRole('combobox', { name: 'User filter' }), user.name);
  await expect(heading).toHaveText(`Sessions (${fmt.count(userErrors)})`);
  await expect(table(app).getByTestId('user-filter-chip')).toContainText(user.name);
  await expect(table(app).locator('tr.row-loading')).toHaveCount(0);
  expect(new Set(await domRows(app).locator('td:nth-child(2)').allInnerTexts())).toEqual(new Set([user.name]));
});
