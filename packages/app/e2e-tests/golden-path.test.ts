import { expect, test } from '@playwright/test';
import {
  chooseTemplate,
  openCreateUntilTemplate,
  pickEntity,
  signInAsGuest,
} from './portal';

/*
 * The "New Service" golden path end to end in the default laptop set-up:
 * Create -> Python FastAPI service -> form -> task -> the new component in
 * the catalog -> its TechDocs. Publishing goes to the local git directory
 * (publish:local-git), so no GitHub is needed.
 */

test('New Service: create a FastAPI service and open it with its docs', async ({
  page,
}) => {
  test.setTimeout(300_000);
  page.setDefaultTimeout(30_000);
  // Unique per run: the local git directory and the catalog keep earlier runs.
  const name = `e2e-fastapi-${Date.now().toString(36)}`;
  await signInAsGuest(page);

  await openCreateUntilTemplate(page, 'Python FastAPI service');
  await expect(page.getByText('Go service', { exact: true })).toBeVisible();
  await expect(page.getByText('TypeScript Node.js service')).toBeVisible();
  await expect(page.getByText('Frontend app (React + Vite)')).toBeVisible();

  await chooseTemplate(
    page,
    'Python FastAPI service',
    'python-fastapi-service',
  );

  // Names are checked in words, on blur, each message once (no regex).
  const nameInput = page.getByRole('textbox', { name: 'Name' });
  const nameErrors: Array<[string, string]> = [
    [
      'Not_A_DNS_Label',
      "Use lowercase letters, digits and '-' only; start with a letter.",
    ],
    ['-payments', "Start with a letter, not '-'."],
    ['9lives', 'Start with a letter, not a digit.'],
    ['payments-', "End with a letter or a digit, not '-'."],
    ['a'.repeat(64), 'Use at most 63 characters (this name has 64).'],
  ];
  for (const [value, message] of nameErrors) {
    await nameInput.fill(value);
    await nameInput.blur();
    await expect(page.getByText(message)).toHaveCount(1);
  }
  await expect(page.getByText(/must match pattern/i)).toHaveCount(0);
  await page.screenshot({
    path: 'e2e-test-results/golden-path-invalid-name.png',
  });

  await page
    .getByRole('textbox', { name: 'Description' })
    .fill('E2E golden path');
  await pickEntity(page, 'Owner', 'Checkout');
  await pickEntity(page, 'System', 'Developer Platform');
  await expect(page.getByText('group:default/team-checkout')).toHaveCount(0);

  // A name the catalog already has is refused in words, naming its owner.
  await nameInput.fill('payment-service');
  await nameInput.blur();
  await expect(
    page.getByText(
      '"payment-service" is already in the catalog, owned by Payments. Choose another name.',
    ),
  ).toHaveCount(1);
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('Need Postgres?')).toHaveCount(0);
  await page.screenshot({
    path: 'e2e-test-results/golden-path-existing-name.png',
  });

  await nameInput.fill(name);
  await page.getByRole('button', { name: 'Next' }).click();
  // Infrastructure: a small database, committed to the repository (GitOps).
  await page.getByRole('checkbox', { name: /Need Postgres\?/ }).check();
  await expect(page.getByText('Postgres size')).toBeVisible();
  const gitops = page.getByRole('radio', {
    name: /Add the claim to the repository \(GitOps/,
  });
  await expect(gitops).toBeChecked();
  // the cluster only matters when the claim is created now
  await expect(page.getByRole('textbox', { name: 'Cluster' })).toHaveCount(0);
  await page
    .getByRole('radio', { name: /Create it in the cluster now/ })
    .check();
  await expect(page.getByRole('textbox', { name: 'Cluster' })).toBeVisible();
  await gitops.check();
  await expect(page.getByRole('textbox', { name: 'Cluster' })).toHaveCount(0);
  await page.screenshot({
    path: 'e2e-test-results/golden-path-infrastructure.png',
  });
  await page.getByRole('button', { name: 'Next' }).click();
  // Repository: the local git repository is the default; no GitHub URL asked.
  await expect(
    page.getByRole('radio', {
      name: /Local git repository on the portal machine/,
    }),
  ).toBeChecked();
  await expect(
    page.getByText('GitHub repository', { exact: true }),
  ).toHaveCount(0);
  await page.getByRole('button', { name: 'Review' }).click();
  await expect(page.getByText(name).first()).toBeVisible();
  // the review names the chosen team and system as the pickers did
  const review = page.getByRole('table');
  await expect(
    review.getByRole('row', { name: /Owner/ }).getByText('Checkout'),
  ).toBeVisible();
  await expect(
    review.getByRole('row', { name: /System/ }).getByText('Developer Platform'),
  ).toBeVisible();
  await expect(review).not.toContainText(':default/');
  // the cluster was hidden (GitOps): the review leaves it out too
  await expect(review.getByRole('row', { name: /Cluster/ })).toHaveCount(0);
  await expect(
    review.getByRole('row', { name: /Need Postgres\?/ }),
  ).toContainText('Yes');
  await page.screenshot({ path: 'e2e-test-results/golden-path-review.png' });
  await page.getByRole('button', { name: 'Create' }).click();

  // The task runs: validate, generate, publish, register.
  const openInCatalog = page.getByRole('link', { name: 'Open in catalog' });
  await expect(openInCatalog).toBeVisible({ timeout: 120_000 });
  // The repository is something a person can open: a clone command, no file:// link.
  // (the task log may mention file paths; the output buttons must not)
  await expect(
    page.locator('a[href^="file:"]').filter({ has: page.getByRole('button') }),
  ).toHaveCount(0);
  const cloneCommand = page
    .getByText(new RegExp(`git clone .*/repos/${name}\\.git ${name}`))
    .first();
  if (!(await cloneCommand.isVisible())) {
    await page.getByRole('button', { name: /Clone the repository/ }).click();
  }
  await expect(cloneCommand).toBeVisible();
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

  // Gold on our own readiness scorecard: CI from the workflow it ships,
  // on-call from the owner team's PagerDuty service, the dashboard it ships.
  // (card titles are not headings: read the page's text)
  await expect(page.getByText('9 of 9 checks pass')).toBeVisible();
  // made from the latest golden-path version
  await expect(
    page.getByText('On a supported golden-path version', { exact: true }),
  ).toBeVisible();
  await expect(page.getByText('gold', { exact: true })).toBeVisible();

  // The database claim is in the repository, not yet in a cluster (GitOps).
  await expect(
    page.getByText(
      /Committed to deploy\/crossplane\/database\.yaml - not applied yet \(Argo CD\/Flux applies it after merge\)/,
    ),
  ).toBeVisible();
  await expect(page.getByText(/Request a database with/)).toHaveCount(0);
  await page.screenshot({
    path: 'e2e-test-results/golden-path-entity.png',
    fullPage: true,
  });

  // Its runbook, linked from the entity page: the TechDocs page inside the
  // portal, built from the generated mkdocs.yml + docs/ on first view.
  const runbook = page.getByRole('link', { name: 'Runbook' }).first();
  await expect(runbook).toHaveAttribute(
    'href',
    new RegExp(`/docs/default/component/${name}/runbook/$`),
  );
  // The Links card opens it in a new tab of the portal.
  const [docs] = await Promise.all([
    page.waitForEvent('popup'),
    runbook.click(),
  ]);
  await expect(
    docs.getByRole('heading', { level: 1, name: 'Runbook' }),
  ).toBeVisible({ timeout: 150_000 });
  await expect(docs.getByRole('main')).toContainText(name);
  await docs.screenshot({ path: 'e2e-test-results/golden-path-docs.png' });
});
