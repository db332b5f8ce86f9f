import { expect, test } from '@playwright/test';
import {
  chooseTemplate,
  openCreateUntilTemplate,
  pickEntity,
  signInAsGuest,
} from './portal';

/*
 * The day-2 "Database migration" golden path from a service's page in the
 * default laptop set-up: a new FastAPI service (its own, so that no other
 * test's order matters) -> its page -> "Add a database migration" -> form ->
 * task. On local git the migration goes to a new branch of the service's
 * repository, never to its default branch.
 */

test('Database migration: add one to a FastAPI service from its page', async ({
  page,
}) => {
  test.setTimeout(420_000);
  page.setDefaultTimeout(30_000);
  // Unique per run: the local git directory and the catalog keep earlier runs.
  const name = `e2e-dbm-${Date.now().toString(36)}`;
  const migration = 'create_orders';
  await signInAsGuest(page);

  // The service, through the Create page.
  await openCreateUntilTemplate(page, 'Python FastAPI service');
  await chooseTemplate(
    page,
    'Python FastAPI service',
    'python-fastapi-service',
  );
  await page.getByRole('textbox', { name: 'Name' }).fill(name);
  await page
    .getByRole('textbox', { name: 'Description' })
    .fill('E2E database migration');
  await pickEntity(page, 'Owner', 'Checkout');
  await pickEntity(page, 'System', 'Developer Platform');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(
    page.getByRole('checkbox', { name: /Need Postgres\?/ }),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();
  const openInCatalog = page.getByRole('link', { name: 'Open in catalog' });
  await expect(openInCatalog).toBeVisible({ timeout: 150_000 });
  await openInCatalog.click();
  await expect(page).toHaveURL(
    new RegExp(`/catalog/default/component/${name}`),
  );

  // The Golden path card offers the migration for this stack.
  const addMigration = page.getByRole('link', {
    name: 'Add a database migration',
  });
  await expect(addMigration).toBeVisible({ timeout: 60_000 });
  await addMigration.click();
  await expect(page).toHaveURL(/\/create\/templates\/default\/db-migration/);
  // The service is filled in from the page it came from.
  await expect(page.getByRole('textbox', { name: 'Service' })).toHaveValue(
    `component:default/${name}`,
  );

  const migrationName = page.getByRole('textbox', { name: 'Migration name' });
  // A name that cannot be a file or branch name is refused in words.
  await migrationName.fill('Create-Orders');
  await migrationName.blur();
  await page.getByRole('button', { name: 'Review' }).click();
  await expect(
    page.getByText(
      "Use lowercase letters, digits and '_' only, starting with a letter, at most 60 characters (e.g. create_orders).",
      { exact: true },
    ),
  ).toBeVisible();
  await migrationName.fill(migration);
  await page.getByRole('textbox', { name: 'Create a table' }).fill('orders');
  await page.getByRole('button', { name: 'Review' }).click();
  await expect(page.getByText(migration).first()).toBeVisible();
  await page.getByRole('button', { name: 'Create' }).click();

  // The task ends with its output: the branch and how to fetch it.
  const review = page.getByText(
    new RegExp(
      `The migration is on the branch db-migration/\\S+-${migration} \\(alembic revision`,
      'i',
    ),
  );
  await expect(review).toBeVisible({ timeout: 150_000 });
  await expect(
    page
      .getByText(
        new RegExp(
          `git fetch \\S*/repos/${name}\\.git db-migration/\\S+-${migration}`,
        ),
      )
      .first(),
  ).toBeVisible();
  await expect(page.getByText(/the default branch is unchanged/)).toBeVisible();
  await expect(
    page.getByText(
      new RegExp(`Files: .*migrations/versions/\\d+_${migration}\\.py`),
    ),
  ).toBeVisible();
  // every step done, none failed, no error panel
  await expect(page.getByText(/failed/i)).toHaveCount(0);
  await expect(page.getByText(/^Error/)).toHaveCount(0);
  await page.screenshot({ path: 'e2e-test-results/db-migration-task.png' });
});
