import { expect, Page, test } from '@playwright/test';

async function signInAsGuest(page: Page) {
  await page.goto('/');
  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible();
  await enter.click();
}

test('home page is the platform team portal with search and quick links', async ({
  page,
}) => {
  await signInAsGuest(page);

  await expect(
    page.getByRole('heading', { name: 'Welcome to the Acme Developer Portal' }),
  ).toBeVisible();
  await expect(
    page.getByPlaceholder('Search in Acme Developer Portal'),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: /New service/ }).first(),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'TechDocs' }).first(),
  ).toBeVisible();
  await expect(page).toHaveTitle(/Acme Developer Portal/);
});

test('on-call finds payment-service: owner, system, dependencies and runbook docs', async ({
  page,
}) => {
  await signInAsGuest(page);

  // The catalog is filled by the backend shortly after start; reload until
  // the service shows up rather than assuming ingestion is done.
  await expect(async () => {
    await page.goto('/catalog?filters[kind]=component&filters[user]=all');
    await expect(
      page.getByRole('link', { name: 'payment-service', exact: true }),
    ).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 120_000 });

  await page
    .getByRole('link', { name: 'payment-service', exact: true })
    .click();
  await expect(page).toHaveURL(
    /\/catalog\/default\/component\/payment-service/,
  );

  const about = page.locator('article, div').filter({
    has: page.getByRole('heading', { name: 'About' }),
  });
  await expect(
    about.getByRole('link', { name: 'team-payments' }).first(),
  ).toBeVisible();
  await expect(
    about.getByRole('link', { name: 'payments' }).first(),
  ).toBeVisible();

  // Dependencies: the component and resource it depends on.
  await expect(
    page.getByRole('heading', { name: 'Depends on components' }),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'ledger-service' }).first(),
  ).toBeVisible();
  await expect(
    page.getByRole('heading', { name: 'Depends on resources' }),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'postgres-payments' }).first(),
  ).toBeVisible();

  // TechDocs, built locally by mkdocs on first view, with the runbook page.
  await page.getByRole('tab', { name: /docs/i }).click();
  const runbookLink = page
    .getByRole('link', { name: 'Runbook', exact: true })
    .first();
  await expect(runbookLink).toBeVisible({ timeout: 120_000 });
  await runbookLink.click();
  await expect(page.getByRole('heading', { level: 1 }).first()).toContainText(
    /runbook/i,
  );
});
