import { expect, test } from '@playwright/test';
import { signInAsGuest } from './portal';

/*
 * The platform lead sets a campaign from the sidebar and reads its progress:
 * how many services are at the target, the burn-up with dated axes, and
 * what each owner team must fix, by team name. (On a laptop the guest is in
 * the platform groups, which hold campaigns.campaign.create.)
 */
test('the platform team starts a campaign and reads its progress and what each team must fix', async ({
  page,
}, testInfo) => {
  const problems: string[] = [];
  page.on('console', m => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('response', r => {
    if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
  });
  await signInAsGuest(page);

  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Campaigns' })
    .click();
  await expect(page).toHaveURL(/\/campaigns$/);
  await page.getByText('New campaign', { exact: true }).click();

  const title = `Checkout at gold ${Date.now().toString(36)}`;
  const day = (offset: number) =>
    new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel('Title').fill(title);
  await page
    .getByLabel('Description')
    .fill('Every production service of the checkout system at gold.');
  await page.getByLabel('Start date').fill(day(0));
  await page.getByLabel('Deadline').fill(day(30));
  await page.getByLabel('System').fill('checkout');
  await page.getByRole('button', { name: /^Level / }).click();
  await page.getByRole('option', { name: 'gold' }).click();
  await page.getByRole('button', { name: 'Create campaign' }).click();

  // The campaign's page: progress, burn-up, and each owner team by name.
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  await expect(
    page.getByText(/^\d+ of \d+ services? at gold$/).first(),
  ).toBeVisible();
  const burnUp = page.getByRole('figure', { name: /^Burn-up from / });
  await expect(burnUp).toBeVisible();
  await expect(burnUp.getByText('at target')).toBeVisible();
  await expect(burnUp.getByText('100%').first()).toBeVisible();
  await expect(page.getByText('What each team must fix')).toBeVisible();
  // The sample org's checkout services are not from a golden path: the
  // Checkout team sees each service by title with the checks it fails.
  const checkout = page.getByRole('region', { name: 'Checkout' });
  await expect(
    checkout.getByRole('link', { name: 'Checkout', exact: true }),
  ).toHaveAttribute('href', '/catalog/default/group/team-checkout');
  const cart = checkout.getByRole('row').filter({ hasText: 'Cart Service' });
  await expect(cart.getByText('Created from a golden path')).toBeVisible();
  await expect(cart.getByRole('link', { name: 'Cart Service' })).toBeVisible();
  await expect(page.getByText(/group:default|component:default/)).toHaveCount(
    0,
  );
  await testInfo.attach('campaign', {
    body: await page.screenshot({ fullPage: true }),
    contentType: 'image/png',
  });

  // Listed with its progress and deadline.
  await page
    .getByRole('link', { name: 'Campaigns', exact: true })
    .first()
    .click();
  const row = page.getByRole('row').filter({ hasText: title });
  await expect(row.getByText(/^\d+ of \d+ services? at gold/)).toBeVisible();
  await expect(row.getByText(/\d+ days left/)).toBeVisible();

  expect(problems).toEqual([]);
});
