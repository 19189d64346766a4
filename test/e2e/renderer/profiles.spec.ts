/**
 * Two Devin accounts in two profiles, switched from the header: the dashboard never renders a figure of the other
 * account — checked on every DOM change, not just after the switch settles.
 */
import type { Page } from '@playwright/test';
import { lastDays } from '../../../src/shared/billing-day';
import { startSimulator, type Simulator } from '../../../src/main/simulator';
import type { Harness } from '../../harness/server';
import { syncedEvent } from '../../helpers/core-events';
import { openDashboard } from '../../helpers/harness';
import { orgOptionCount } from './combobox';
import { acusIn, fmt, sessionsIn } from './expected';
import { expect, test } from './fixtures';

test.use({ harnessOptions: { mode: 'demo' } });

const sims: Simulator[] = [];
test.afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

/** The end of a sync of the given profile's account (a demo sync of a profile without token does not count). */
const synced = (harness: Harness, profileId: string) => syncedEvent(harness.core, profileId);

/** Records the summary cards' figures on every change of the page and every frame painted, from now on. */
async function recordCards(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    const seen = [];
    window.__seenCards = seen;
    const read = (id) => document.querySelector('[data-testid="' + id + '"] .card-value')?.textContent ?? '';
    const snapshot = () => {
      const s = read('card-sessions') + ' | ' + read('card-acus');
      if (seen[seen.length - 1] !== s) seen.push(s);
    };
    snapshot();
    // The moment the user picks another profile: what follows must be that account's, or nothing.
    document.addEventListener('change', (e) => {
      if (e.target?.dataset?.testid === 'profile-select') seen.push('SWITCH');
    }, true);
    new MutationObserver(snapshot).observe(document.body, { subtree: true, childList: true, characterData: true });
    const frame = () => {
      snapshot();
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  })()`);
}
/** The snapshots since the last profile choice (the choice itself and what came before are dropped). */
const seenCards = async (page: Page): Promise<string[]> => {
  const all = (await page.evaluate(`window.__seenCards.splice(0)`)) as string[];
  return all.slice(all.lastIndexOf('SWITCH') + 1);
};

test('switching profiles shows each account’s own figures and never the other’s, not even for a moment', async ({ page, harness }) => {
  const range = lastDays(30);
  const [a, b] = await Promise.all([
    startSimulator({ seed: 11, orgs: 3, users: 12, days: 40, sessions: 300, token: 'cog_profile_a_token_0001' }),
    startSimulator({ seed: 22, orgs: 4, users: 9, days: 40, sessions: 180, token: 'cog_profile_b_token_0002' }),
  ]);
  sims.push(a, b);
  const cards = (sim: Simulator) => `${fmt.count(sessionsIn(sim.data, range).length)} | ${fmt.acus(acusIn(sim.data, range))}`;
  const [cardsA, cardsB] = [cards(a), cards(b)];
  expect(cardsA).not.toBe(cardsB);

  // Profile "default" holds A; a second profile holds B. Each is synced once.
  let done = synced(harness, 'default');
  await harness.core.handlers['token:save']({ token: a.token, apiBaseUrl: a.url });
  await done;
  const added = await harness.core.handlers['profiles:add']({ name: 'Enterprise B', apiBaseUrl: b.url });
  const idB = added.profiles.find((p) => p.name === 'Enterprise B')!.id;
  await harness.core.handlers['profiles:switch']({ id: idB });
  done = synced(harness, idB);
  await harness.core.handlers['token:save']({ token: b.token });
  await done;
  done = synced(harness, 'default');
  await harness.core.handlers['profiles:switch']({ id: 'default' });
  await done;

  await openDashboard(page, harness);
  const select = page.getByTestId('profile-select');
  await expect(select).toHaveValue('default');
  await expect(page.getByTestId('card-acus').locator('.card-value')).toHaveText(fmt.acus(acusIn(a.data, range)));
  await recordCards(page);

  for (const [id, own, other] of [
    [idB, cardsB, cardsA],
    ['default', cardsA, cardsB],
    [idB, cardsB, cardsA],
  ] as const) {
    await select.selectOption(id);
    await expect(page.getByTestId('card-sessions').locator('.card-value')).toHaveText(own.split(' | ')[0]!);
    await expect(page.getByTestId('card-acus').locator('.card-value')).toHaveText(own.split(' | ')[1]!);
    // Let the sync the switch started land too: its data:updated must not bring the other account back.
    await page.waitForTimeout(500);
    const seen = await seenCards(page);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((s) => s === other), `renders showing the other account: ${seen.join(' ; ')}`).toEqual([]);
    // Only this account's figures or a card still loading (no digits) were ever on screen after the switch.
    expect(seen.filter((s) => s !== own && /\d/.test(s))).toEqual([]);
  }
  expect(await orgOptionCount(page)).toBe(b.data.orgs.length + 1);
});
