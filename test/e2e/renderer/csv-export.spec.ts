/** Export CSV writes (through the bridge's save) exactly the rows the panel shows. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { lastDays } from '../../../src/shared/billing-day';
import { exactSumText } from '../../helpers/exact-decimal';
import { fmt, parseCsv, sessionsIn } from './expected';
import { expect, test } from './fixtures';

test('exporting ACUs by user writes a file whose rows match the panel', async ({ app, harness }) => {
  const range = lastDays(30);
  const panel = app.getByTestId('chart-acus-by-user');
  await panel.getByRole('button', { name: 'Show table' }).click();
  const shown = await panel
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((r) =>
        Array.from(
          (r as unknown as { children: ArrayLike<{ textContent: string | null }> }).children,
          (c) => c.textContent ?? '',
        ),
      ),
    );
  expect(shown.length).toBeGreaterThan(1);

  await panel.getByRole('button', { name: 'Export CSV' }).click();
  await expect(panel.getByText('Saved')).toBeVisible();
  const file = join(harness.exportsDir, `devin-acus-by-user-${range.from}_${range.to}.csv`);
  const [header, ...rows] = parseCsv(await readFile(file, 'utf8'));
  expect(header).toEqual(['user', 'user_id', 'acus', 'sessions', 'cost_usd']);
  // Same rows, same order: name, ACUs and sessions as the table shows them; no rate, so no cost.
  expect(
    rows.map(([user, , acus, sessions, cost]) => [
      user,
      fmt.acus(Number(acus)),
      fmt.count(Number(sessions)),
      cost,
    ]),
  ).toEqual(shown.map(([user, acus, sessions]) => [user, acus, sessions, '']));

  // And the figures are the simulator's: the top user's ACUs and sessions in the range.
  const [, topId, topAcus, topSessions] = rows[0]!;
  const theirs = sessionsIn(harness.simulator!.data, range).filter(
    (s) => (s.user_id ?? s.service_user_id) === topId,
  );
  expect(topAcus).toBe(exactSumText(theirs.map((s) => s.acus_consumed))); // exact, as printed: no float noise
  expect(Number(topSessions)).toBe(theirs.length);
});
