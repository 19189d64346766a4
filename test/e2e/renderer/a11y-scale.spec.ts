/**
 * axe-core on the dashboard of a large enterprise (the large preset: 40 organizations, 2,000 people, 50,000
 * sessions over the 180 days the app syncs), in both themes. At this size the long lists scroll inside their
 * boxes and the charts group their smallest series: what a small world never shows. Same rules as a11y.spec.ts,
 * nothing excluded.
 */
import AxeBuilder from '@axe-core/playwright';
import { LARGE_ENTERPRISE_PRESET } from '../../../src/main/simulator';
import { waitForDashboard } from '../../helpers/harness';
import { expect, test } from './fixtures';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

test.use({ harnessOptions: { simulator: { ...LARGE_ENTERPRISE_PRESET, days: 180 } } });
test.setTimeout(120_000);

test('axe finds no violation on a large enterprise’s dashboard, in either theme', async ({ app }) => {
  for (const colorScheme of ['light', 'dark'] as const) {
    await app.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
    await waitForDashboard(app);
    await app.waitForTimeout(300);
    // The monthly cost table lists every organization in a box that scrolls: the box must be reachable by keyboard.
    const costTable = app.getByRole('region', { name: /per organization, table$/ });
    await expect(costTable).toHaveAttribute('tabindex', '0');
    expect(await costTable.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
    const result = await new AxeBuilder({ page: app }).withTags(TAGS).analyze();
    const found = result.violations.flatMap((v) =>
      v.nodes.map((n) => `${colorScheme}: ${v.id} (${v.impact ?? '?'}): ${n.target.join(' ')} — ${n.failureSummary ?? v.help}`),
    );
    expect(found).toEqual([]);
  }
});
