/**
 * What the Playwright specs and the renderer benchmark share: attaching the bridge to a page and the one
 * definition of "the dashboard is painted". Browser-side code is kept as strings: this file is type-checked
 * with the Node config (no DOM lib).
 */
import type { Page } from '@playwright/test';
import { bridgeScript } from '../harness/bridge-script';
import type { Harness } from '../harness/server';

/** Debian's Chromium (Playwright's own browser download does not work here); CHROMIUM_PATH overrides. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
/** The network here is closed: without the background-networking switches Chromium keeps dialling Google. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Locale and zone the pages run in: Intl output is predictable, and a non-UTC zone catches time-zone leaks. */
export const PAGE_LOCALE = 'en-US';
export const PAGE_TIMEZONE = 'America/New_York';

/** Defines `window.api` in every document the page loads (the page's CSP is bypassed by the context). */
export async function attachBridge(page: Page, harness: Pick<Harness, 'url'>): Promise<void> {
  await page.addInitScript({ content: bridgeScript(harness.url) });
}

/**
 * "Painted", evaluated in the page: no panel is loading (`aria-busy`), the sessions, ACUs and active-users cards
 * show a number, the cost card shows a number or its "set a rate" button, the daily chart's canvas has a size
 * (Nivo draws it in the same commit), the users chart has bars, the cost view shows month-to-date, and the first
 * sessions row is rendered (not "Loading…").
 */
export const DASHBOARD_PAINTED = `(() => {
  const q = (id) => document.querySelector('[data-testid="' + id + '"]');
  const hasNumber = (id) => /\\d/.test(q(id)?.querySelector('.card-value')?.textContent ?? '');
  if (document.querySelector('[aria-busy="true"]')) return false;
  if (!['card-sessions', 'card-acus', 'card-active-users'].every(hasNumber)) return false;
  if (!hasNumber('card-cost') && !q('card-cost')?.querySelector('button')) return false;
  const drawn = (id) => {
    const canvas = q(id)?.querySelector('canvas');
    return !!canvas && canvas.width > 0 && canvas.height > 0;
  };
  if (!drawn('chart-daily-acus') || !drawn('chart-acus-by-user')) return false;
  if (!/\\d/.test(q('cost-view')?.querySelector('.mtd .card-value')?.textContent ?? '')) return false;
  return !!q('sessions-table')?.querySelector('tbody tr[aria-rowindex="2"] td.cell-title');
})()`;

export async function waitForDashboard(page: Page, timeout = 30_000): Promise<void> {
  await page.waitForFunction(DASHBOARD_PAINTED, undefined, { timeout, polling: 'raf' });
}

/** Navigates to the harness's page with the bridge attached and waits until the dashboard is painted. */
export async function openDashboard(page: Page, harness: Pick<Harness, 'url'>): Promise<void> {
  await attachBridge(page, harness);
  await page.goto(`${harness.url}/`);
  await waitForDashboard(page);
}
