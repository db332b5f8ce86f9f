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

/**
 * Opens Create from the home page's toolkit and waits until the card of the
 * template titled `title` is there (templates are ingested shortly after
 * start; the page is reloaded until it shows).
 */
export async function openCreateUntilTemplate(page: Page, title: string) {
  await page.getByRole('link', { name: 'New service (golden paths)' }).click();
  await expect(page).toHaveURL(/\/create/);
  await expect(async () => {
    await page.reload();
    await expect(page.getByText(title)).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 120_000 });
}

/**
 * Chooses the template titled `title` on the Create page (the "Choose" of
 * the innermost element holding both its title and that button) and waits
 * for its form (`/create/templates/default/<template>`).
 */
export async function chooseTemplate(
  page: Page,
  title: string,
  template: string,
) {
  const card = page
    .locator('div')
    .filter({ has: page.getByRole('heading', { level: 4, name: title }) })
    .filter({ has: page.getByRole('button', { name: 'Choose' }) })
    .last();
  await card.getByRole('button', { name: 'Choose' }).click();
  await expect(page).toHaveURL(
    new RegExp(`/create/templates/default/${template}`),
  );
}
