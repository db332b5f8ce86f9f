import { expect, test } from '@playwright/test';
import { signInAsGuest } from './portal';

test('the catalog health page says GitHub is not configured on a laptop, and leads to unprocessed entities', async ({
  page,
}, testInfo) => {
  await signInAsGuest(page);

  await page.goto('/catalog-health');
  await expect(
    page.getByText('GitHub ingestion is not configured'),
  ).toBeVisible();
  await expect(page.getByText(/GITHUB_ORG/)).toBeVisible();
  await expect(page.getByText(/^Error/)).toHaveCount(0);
  await testInfo.attach('catalog health', {
    body: await page.screenshot({ fullPage: true }),
    contentType: 'image/png',
  });

  // the page's own link (the sidebar has one too)
  await expect(
    page
      .getByRole('article')
      .getByRole('link', { name: 'Unprocessed Entities' }),
  ).toHaveAttribute('href', '/catalog-unprocessed-entities');
  await page.goto('/catalog-unprocessed-entities');
  await expect(page).toHaveURL(/\/catalog-unprocessed-entities/);
  await expect(page.getByRole('tab', { name: 'Failed' })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Pending' })).toBeVisible();
  await testInfo.attach('unprocessed entities', {
    body: await page.screenshot({ fullPage: true }),
    contentType: 'image/png',
  });
});
