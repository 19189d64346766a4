/** Session links reach the (recorded) OS browser only as allowed https URLs. */
import { lastDays } from '../../../src/shared/billing-day';
import { sessionsIn } from './expected';
import { expect, test } from './fixtures';

test('opening a session link hands only an allowed https URL to the bridge', async ({ app, harness }) => {
  const newest = sessionsIn(harness.simulator!.data, lastDays(30)).at(-1)!;
  const table = app.getByTestId('sessions-table');
  await table
    .locator('tbody tr[aria-rowindex="2"]')
    .getByRole('button', { name: /^Open .* in Devin$/ })
    .click();
  await expect.poll(() => harness.opened()).toEqual([newest.url]);
  const opened = (await (await app.request.get(`${harness.url}/__bridge/opened`)).json()) as {
    opened: string[];
  };
  expect(opened.opened).toEqual([newest.url]);
  const url = new URL(opened.opened[0]!);
  expect([url.protocol, url.hostname, url.port, url.username]).toEqual(['https:', 'app.devin.ai', '', '']);

  // Whatever else the page asks for is refused and never recorded.
  for (const bad of [
    'javascript:alert(1)',
    'http://app.devin.ai/sessions/x',
    'https://app.devin.ai.evil.example/',
    'https://user@app.devin.ai/',
    'file:///etc/passwd',
  ]) {
    const answer = await app.evaluate(`window.api.openExternal({ url: ${JSON.stringify(bad)} })`);
    expect(answer, bad).toEqual({ ok: true, data: { opened: false } });
  }
  expect(harness.opened()).toEqual([newest.url]);
});
