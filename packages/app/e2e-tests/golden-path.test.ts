import { expect, Page, test } from '@playwright/test';
import { signInAsGuest } from './portal';

/*
 * The "New Service" golden path end to end in the default laptop set-up:
 * Create -> Python FastAPI service -> form -> task -> the new component in
 * the catalog -> its TechDocs. Publishing goes to the local git directory
 * (publish:local-git), so no GitHub is needed.
 */

/** Picks an entity in an EntityPicker/OwnerPicker (an MUI Autocomplete). */
async function pickEntity(
  page: Page,
  label: string,
  title: string,
  entityRef: string,
) {
  const input = page.getByRole('textbox', { name: label, exact: true });
  await input.click();
  await input.fill(title);
  await page.getByRole('option', { name: title }).first().click();
  // The field then holds the entity reference.
  await expect(input).toHaveValue(entityRef);
}

test('New Service: create a FastAPI service and open it with its docs', async ({
  page,
}) => {
  test.setTimeout(300_000);
  page.setDefaultTimeout(30_000);
  // Unique per run: the local git directory and the catalog keep earlier runs.
  const name = `e2e-fastapi-${Date.now().toString(36)}`;
  await signInAsGuest(page);

  await page.getByRole('link', { name: 'New service (golden paths)' }).click();
  await expect(page).toHaveURL(/\/create/);
  // Templates are ingested shortly after start; reload until the card shows.
  await expect(async () => {
    await page.reload();
    await expect(page.getByText('Python FastAPI service')).toBeVisible({
      timeout: 5_000,
    });
  }).toPass({ timeout: 120_000 });
  await expect(page.getByText('Go service', { exact: true })).toBeVisible();
  await expect(page.getByText('TypeScript Node.js service')).toBeVisible();
  await expect(page.getByText('Frontend app (React + Vite)')).toBeVisible();

  // The card of the FastAPI template (the innermost element holding both
  // its title and a "Choose" button).
  const card = page
    .locator('div')
    .filter({
      has: page.getByRole('heading', {
        level: 4,
        name: 'Python FastAPI service',
      }),
    })
    .filter({ has: page.getByRole('button', { name: 'Choose' }) })
    .last();
  await card.getByRole('button', { name: 'Choose' }).click();
  await expect(page).toHaveURL(
    /\/create\/templates\/default\/python-fastapi-service/,
  );

  // An invalid name is refused by the form itself.
  await page.getByRole('textbox', { name: 'Name' }).fill('Not_A_DNS_Label');
  await page
    .getByRole('textbox', { name: 'Description' })
    .fill('E2E golden path');
  await pickEntity(page, 'Owner', 'Checkout', 'group:default/team-checkout');
  await pickEntity(
    page,
    'System',
    'Developer Platform',
    'system:default/developer-platform',
  );
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText(/must match pattern/i).first()).toBeVisible();
  await page.screenshot({
    path: 'e2e-test-results/golden-path-invalid-name.png',
  });

  // A name the catalog already has is refused by the form too (ServiceName
  // field, packages/app/src/modules/scaffolderFields).
  await page.getByRole('textbox', { name: 'Name' }).fill('payment-service');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(
    page
      .getByText(
        '"payment-service" already exists in the catalog (component:default/payment-service, owned by group:default/team-payments)',
      )
      .first(),
  ).toBeVisible();
  await page.screenshot({
    path: 'e2e-test-results/golden-path-existing-name.png',
  });

  await page.getByRole('textbox', { name: 'Name' }).fill(name);
  await page.getByRole('button', { name: 'Next' }).click();
  // Infrastructure: no database this time.
  await expect(page.getByText('Need Postgres?')).toBeVisible();
  await page.getByRole('button', { name: 'Next' }).click();
  // Repository: the local git repository is the default.
  await page.getByRole('button', { name: 'Review' }).click();
  await expect(page.getByText(name).first()).toBeVisible();
  await page.screenshot({ path: 'e2e-test-results/golden-path-review.png' });
  await page.getByRole('button', { name: 'Create' }).click();

  // The task runs: validate, generate, publish, register.
  const openInCatalog = page.getByRole('link', { name: 'Open in catalog' });
  await expect(openInCatalog).toBeVisible({ timeout: 120_000 });
  await page.screenshot({ path: 'e2e-test-results/golden-path-task.png' });
  await openInCatalog.click();

  await expect(page).toHaveURL(
    new RegExp(`/catalog/default/component/${name}`),
  );
  // The task ended with acme:catalog:wait, so the entity is there at once.
  await expect(
    page.locator('a[href="/catalog/default/group/team-checkout"]').first(),
  ).toBeVisible();
  await expect(page.getByRole('heading', { name }).first()).toBeVisible();
  await page.screenshot({ path: 'e2e-test-results/golden-path-entity.png' });

  // TechDocs from the generated mkdocs.yml + docs/, built on first view.
  await page.getByRole('link', { name: 'TechDocs', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/component/${name}/docs`));
  await expect(
    page.getByRole('main').getByRole('heading', { level: 1, name }),
  ).toBeVisible({ timeout: 150_000 });
  const runbook = page.locator('a[href$="/docs/runbook/"]').first();
  await expect(runbook).toBeVisible();
  await runbook.click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Runbook' }),
  ).toBeVisible();
  await page.screenshot({ path: 'e2e-test-results/golden-path-docs.png' });
});
