import { expect, test } from '@playwright/test';
import { signInAsGuest } from './portal';

/*
 * On a laptop the guest is a portal admin (permission.acme in app-config.yaml),
 * so the audit trail is in the sidebar; a catalog refresh the guest starts
 * from the entity page shows up there, found with the filters.
 */
test('an admin finds their own catalog refresh in the audit trail', async ({
  page,
}, testInfo) => {
  await signInAsGuest(page);

  // Refresh payment-service from its About card (the catalog fills shortly
  // after the backend starts, so retry until the entity is there).
  await expect(async () => {
    await page.goto('/catalog/default/component/payment-service');
    await expect(page.getByTitle('Schedule entity refresh')).toBeVisible({
      timeout: 5_000,
    });
  }).toPass({ timeout: 120_000 });
  const clickedAt = Date.now();
  await page.getByTitle('Schedule entity refresh').click();
  await expect(page.getByText('Refresh scheduled')).toBeVisible();

  // The sidebar leads admins to the trail.
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Audit trail' })
    .click();
  await expect(page).toHaveURL(/\/audit$/);
  await expect(
    page.getByRole('heading', { name: 'Audit trail' }),
  ).toBeVisible();

  await page.getByLabel('Action').fill('catalog.entity-mutate.refresh');
  await page.getByLabel('Entity').fill('component:default/payment-service');
  await page.getByLabel('Actor').fill('user:development/guest');

  // Records are stored within a moment of the action; apply until it is there.
  const row = page
    .getByRole('row')
    .filter({ hasText: 'catalog.entity-mutate.refresh' })
    .filter({ hasText: 'allowed' })
    .first();
  await expect(async () => {
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(row).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 30_000 });
  await expect(row).toContainText('Guest (laptop)');
  await expect(row).toContainText('Payment Service');
  await expect(row).toContainText('POST /api/catalog/refresh');

  // The newest matching record is from this run, not from an earlier one
  // kept in .local-data.
  const times = await page
    .getByRole('row')
    .filter({ hasText: 'catalog.entity-mutate.refresh' })
    .first()
    .locator('td')
    .first()
    .textContent();
  expect(Date.parse(times ?? '')).toBeGreaterThan(clickedAt - 60_000);

  await testInfo.attach('audit trail', {
    body: await page.screenshot({ fullPage: true }),
    contentType: 'image/png',
  });
});
