import { expect, Page } from '@playwright/test';

/** Signs in with the guest provider of the laptop default. */
export async function signInAsGuest(page: Page) {
  await page.goto('/');
  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible();
  await enter.click();
  // Signed in once the app shell is there; later full page loads reuse the
  // session only after this point.
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}

/** Picks a team or system by its title (CatalogEntityPicker, a select). */
export async function pickEntity(page: Page, label: string, title: string) {
  await page.getByRole('button', { name: new RegExp(label) }).click();
  await page.getByRole('option', { name: title }).first().click();
  // The field shows the title, never the entity ref.
  await expect(
    page.getByRole('button', { name: new RegExp(label) }),
  ).toContainText(title);
}
