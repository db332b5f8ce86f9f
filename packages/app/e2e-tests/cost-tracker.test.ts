import { expect, test } from '@playwright/test';
import { signInAsGuest } from './portal';

test('a component page shows what the service cost in the last 30 days', async ({
  page,
}, testInfo) => {
  await signInAsGuest(page);

  // The catalog and the cost ingestion both run shortly after the backend
  // starts; reload until the card has numbers rather than assume they ran.
  const card = page
    .locator('.MuiCard-root')
    .filter({ has: page.getByText('Cost, last 30 days') });
  await expect(async () => {
    await page.goto('/catalog/default/component/payment-service');
    await expect(card.getByLabel('Total cost')).toHaveText(/^\$[\d,]+\.\d\d$/, {
      timeout: 10_000,
    });
  }).toPass({ timeout: 150_000 });

  const total = Number(
    (await card.getByLabel('Total cost').innerText()).replace(/[$,]/g, ''),
  );
  expect(total).toBeGreaterThan(0);
  for (const category of ['Compute', 'Storage', 'Network']) {
    await expect(card.getByText(category, { exact: true })).toBeVisible();
  }
  await expect(card.getByText(/vs previous 30 days/)).toBeVisible();
  const chart = card.getByRole('figure', { name: /^Daily cost from/ });
  await expect(chart).toBeVisible();
  // dates on the x axis, money on the y axis
  await expect(
    chart.getByText(/^[A-Z][a-z]{2} \d{1,2}$/).first(),
  ).toBeVisible();
  await expect(chart.getByText('USD per day')).toBeVisible();
  await testInfo.attach('cost card', {
    body: await card.screenshot(),
    contentType: 'image/png',
  });

  // The cost page, reached in the app: first the service itself, then its
  // team, whose roll-up lists the team's services in a sortable table.
  await card.getByRole('link', { name: /Cost details/ }).click();
  await expect(page).toHaveURL(/\/cost-tracker\?entity=component/);
  const table = page
    .locator('.MuiPaper-root')
    .filter({ has: page.getByText('Cost by entity') });
  const serviceLink = (name: string) =>
    table.locator(`a[href="/catalog/default/component/${name}"]`).first();
  await expect(serviceLink('payment-service')).toBeVisible();

  await page.getByRole('button', { name: /^Show/ }).click();
  await page.getByRole('option', { name: /^Payments\s*group$/ }).click();
  await expect(page).toHaveURL(/entity=group%3Adefault%2Fteam-payments/);
  await expect(page.getByText('Cost of Payments')).toBeVisible();
  for (const service of ['payment-service', 'ledger-service']) {
    await expect(serviceLink(service)).toBeVisible();
  }
  await expect(
    page.getByRole('figure', { name: /^Daily cost from/ }),
  ).toBeVisible();
  await expect(page.getByText(/group:default|component:default/)).toHaveCount(
    0,
  );
  await testInfo.attach('team cost page', {
    body: await page.screenshot({ fullPage: true }),
    contentType: 'image/png',
  });
});

test('the Costs page shows the organisation total, each team by name and the unallocated rest', async ({
  page,
}, testInfo) => {
  await signInAsGuest(page);
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Costs' })
    .click();
  await expect(page).toHaveURL(/\/cost-tracker$/);
  await expect(async () => {
    await page.reload();
    await expect(page.getByLabel('Organisation total')).toHaveText(
      /^\$[\d,]+\.\d\d$/,
      { timeout: 10_000 },
    );
  }).toPass({ timeout: 150_000 });
  const perTeam = page.getByRole('figure', { name: /^Cost per team/ });
  await expect(perTeam.getByText('Payments', { exact: true })).toBeVisible();
  await expect(
    page.getByRole('figure', { name: /^Daily cost from/ }),
  ).toBeVisible();
  await expect(page.getByText(/^Top \d+ spenders/)).toBeVisible();
  await expect(page.getByText(/group:default|component:default/)).toHaveCount(
    0,
  );
  await testInfo.attach('costs page', {
    body: await page.screenshot({ fullPage: true }),
    contentType: 'image/png',
  });
});
