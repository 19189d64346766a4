/**
 * axe-core (WCAG 2 A and AA, plus best practices) on the dashboard in the light and the dark theme. The theme
 * follows the OS (`prefers-color-scheme`, styles.css), so each theme is an emulated colour scheme. Demo mode
 * is checked too: its badge and strip exist only there. Nothing is excluded and no rule is disabled: a
 * violation is fixed in the renderer.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { waitForDashboard } from '../../helpers/harness';
import { orgCombobox } from './combobox';
import { expect, snap, test } from './fixtures';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** The violations as readable lines (rule, impact, the offending nodes), so a failure says what to fix. */
async function violations(page: Page, within?: string): Promise<string[]> {
  const axe = new AxeBuilder({ page }).withTags(TAGS);
  const result = await (within ? axe.include(within) : axe).analyze();
  return result.violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact ?? '?'}): ${n.target.join(' ')} — ${n.failureSummary ?? v.help}`),
  );
}

async function inTheme(page: Page, colorScheme: 'light' | 'dark'): Promise<void> {
  await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
  await waitForDashboard(page);
  // Charts re-read their colours on the change; let them draw before axe reads the page.
  await page.waitForTimeout(300);
}

for (const mode of ['live', 'demo'] as const) {
  test.describe(`${mode} mode`, () => {
    test.use({ harnessOptions: { mode } });

    for (const scheme of ['light', 'dark'] as const) {
      test(`axe finds no violation on the dashboard in the ${scheme} theme`, async ({ app }, testInfo) => {
        await inTheme(app, scheme);
        expect(await violations(app)).toEqual([]);
        // The open organization list too: a listbox whose active option the input names.
        const org = orgCombobox(app);
        await org.click();
        await org.press('ArrowDown');
        await expect(org).toHaveAttribute('aria-activedescendant', /.+/);
        expect(await violations(app, '[data-testid="org-select"]')).toEqual([]);
        await snap(app, testInfo, `org-list-${mode}-${scheme}`, false);
        await org.press('Escape');
        await expect(org).toHaveAttribute('aria-expanded', 'false');
      });
    }
  });
}

// The offline banner is a status live region between the header and main; it must pass as well.
for (const scheme of ['light', 'dark'] as const) {
  test(`axe finds no violation with the offline banner showing, in the ${scheme} theme`, async ({
    app,
    harness,
  }) => {
    await harness.stopSimulator();
    await harness.core.refresh();
    await app.reload();
    await expect(app.getByTestId('offline-banner')).toBeVisible();
    await inTheme(app, scheme);
    expect(await violations(app)).toEqual([]);
  });
}
