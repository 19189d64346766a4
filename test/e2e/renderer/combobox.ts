/** How the specs use the app's comboboxes (components/Combobox.tsx): as a person would, by typing and choosing. */
import { expect, type Locator, type Page } from '@playwright/test';

/** Types `name` into the combobox and chooses the option with exactly that name. */
export async function choose(combobox: Locator, name: string): Promise<void> {
  await combobox.click();
  await combobox.fill(name);
  const list = combobox.page().locator(`#${await combobox.getAttribute('aria-controls')}`);
  await list.getByRole('option', { name, exact: true }).click();
  await expect(combobox).toHaveAttribute('aria-expanded', 'false');
  await expect(combobox).toHaveValue(name);
}

export const orgCombobox = (page: Page): Locator =>
  page.getByTestId('org-select').getByRole('combobox', { name: 'Organization' });

/** Chooses an organization in the header by its name. */
export const chooseOrg = (page: Page, name: string): Promise<void> => choose(orgCombobox(page), name);

/** How many options the organization list offers ("All organizations" included), rendered or not. */
export async function orgOptionCount(page: Page): Promise<number> {
  const combobox = orgCombobox(page);
  await combobox.click();
  const first = page.getByTestId('org-select').getByRole('option').first();
  const count = Number(await first.getAttribute('aria-setsize'));
  await combobox.press('Escape');
  return count;
}
