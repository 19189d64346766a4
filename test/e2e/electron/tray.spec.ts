/** The tray icon and tooltip follow the simulator's queue status (as does the page's queue badge). */
import { expect, hasElectronBinary, NO_ELECTRON_REASON, test } from './fixtures';

test.skip(!hasElectronBinary, NO_ELECTRON_REASON);

test('tray follows the queue: high, elevated, normal', async ({ launchApp, sim }) => {
  const { page, hook } = await launchApp({ env: { DEVIN_API_BASE_URL: sim.url, DEVIN_SERVICE_USER_TOKEN: sim.token } });
  expect((await hook('status')).mode).toBe('live');

  for (const [size, level] of [
    [60, 'high'],
    [20, 'elevated'],
    [2, 'normal'],
  ] as const) {
    sim.control.setQueueSize(size);
    await hook('refresh');
    await expect.poll(async () => (await hook('tray'))?.icon, { timeout: 30_000 }).toBe(level);
    const tray = await hook('tray');
    expect(tray?.tooltip).toContain(`${size} sessions queued`);
    expect(tray?.statusLine).toContain(`${size} sessions queued`);
    await expect(page.getByTestId('queue-status')).toHaveAttribute('data-level', level, { timeout: 30_000 });
  }
});
