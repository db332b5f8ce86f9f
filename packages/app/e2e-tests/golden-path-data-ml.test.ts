import { expect, Page, test } from '@playwright/test';
import {
  chooseTemplate,
  openCreateUntilTemplate,
  pickEntity,
  signInAsGuest,
} from './portal';

/*
 * The data-pipeline and ML model serving golden paths end to end, as a
 * person creates them in the default laptop set-up: Create -> the template's
 * card -> its form, step by step -> the task -> the new component (readiness
 * gold on its scorecard) -> its TechDocs. Publishing goes to the local git
 * directory, so no GitHub is needed.
 */

type GoldenPath = {
  /** The template's card on the Create page. */
  title: string;
  template: string;
  /** Prefix of the new component's name. */
  prefix: string;
  /** What the form asks between Service and Infrastructure. */
  ownSteps: (page: Page) => Promise<void>;
  /** The TechDocs pages of its own, by their nav title (and heading). */
  ownDocs: string[];
};

const GOLDEN_PATHS: GoldenPath[] = [
  {
    title: 'Data pipeline (Python batch job)',
    template: 'data-pipeline',
    prefix: 'e2e-pipeline',
    ownSteps: async page => {
      // A schedule, daily at 02:00 unless changed; in words when wrong.
      const schedule = page.getByRole('textbox', { name: 'Schedule' });
      await expect(schedule).toHaveValue('0 2 * * *');
      await schedule.fill('every night');
      await page.getByRole('button', { name: 'Next' }).click();
      // under the field, in the template's words (not the JSON schema's)
      await expect(
        page.getByText(
          'Use five fields separated by single spaces (minute hour day-of-month month day-of-week), or @hourly, @daily, @weekly, @monthly or @yearly.',
          { exact: true },
        ),
      ).toBeVisible();
      await expect(page.getByText(/must match pattern/i)).toHaveCount(0);
      await schedule.fill('30 3 * * *');
      await page.getByRole('button', { name: 'Next' }).click();
    },
    ownDocs: ['Data contract'],
  },
  {
    title: 'ML model serving (Python, scikit-learn)',
    template: 'ml-model-serving',
    prefix: 'e2e-model',
    ownSteps: async () => {},
    ownDocs: ['API', 'Model card', 'Runbook: the model'],
  },
];

for (const path of GOLDEN_PATHS) {
  test(`New ${path.template}: create it from the form, open it gold with its docs`, async ({
    page,
  }) => {
    // Generation, the catalog and a first TechDocs build (mkdocs) on a busy
    // 2-core machine.
    test.setTimeout(420_000);
    page.setDefaultTimeout(30_000);
    // Unique per run: the local git directory and the catalog keep earlier runs.
    const name = `${path.prefix}-${Date.now().toString(36)}`;
    await signInAsGuest(page);

    await openCreateUntilTemplate(page, path.title);
    await chooseTemplate(page, path.title, path.template);

    // Service: the same questions as every golden path.
    await page.getByRole('textbox', { name: 'Name' }).fill(name);
    await page
      .getByRole('textbox', { name: 'Description' })
      .fill(`E2E ${path.template}`);
    await pickEntity(page, 'Owner', 'Checkout');
    await pickEntity(page, 'System', 'Developer Platform');
    await page.getByRole('button', { name: 'Next' }).click();

    await path.ownSteps(page);

    // Infrastructure: no database this time.
    const postgres = page.getByRole('checkbox', { name: /Need Postgres\?/ });
    await expect(postgres).toBeVisible();
    await expect(postgres).not.toBeChecked();
    await page.getByRole('button', { name: 'Next' }).click();
    // Repository: the local git repository is the default.
    await expect(
      page.getByRole('radio', {
        name: /Local git repository on the portal machine/,
      }),
    ).toBeChecked();
    await page.getByRole('button', { name: 'Review' }).click();
    await expect(page.getByText(name).first()).toBeVisible();
    await page.screenshot({
      path: `e2e-test-results/${path.template}-review.png`,
    });
    await page.getByRole('button', { name: 'Create' }).click();

    // The task runs: validate, generate, publish, register, wait for the
    // catalog.
    const openInCatalog = page.getByRole('link', { name: 'Open in catalog' });
    await expect(openInCatalog).toBeVisible({ timeout: 180_000 });
    await page.screenshot({
      path: `e2e-test-results/${path.template}-task.png`,
    });
    await openInCatalog.click();

    await expect(page).toHaveURL(
      new RegExp(`/catalog/default/component/${name}`),
    );
    await expect(page.getByRole('heading', { name }).first()).toBeVisible();
    // The owner by its team's page, never as a raw entity ref.
    await expect(
      page.locator('a[href="/catalog/default/group/team-checkout"]').first(),
    ).toBeVisible();
    await expect(page.getByText('group:default/team-checkout')).toHaveCount(0);

    // Gold on the readiness scorecard: every check passes, none missing.
    const scorecard = page
      .locator('div')
      .filter({ has: page.getByText('Production readiness', { exact: true }) })
      .filter({ has: page.getByText(/checks pass/) })
      .last();
    await expect(
      scorecard.getByText(/^(\d+) of \1 checks pass$/),
    ).toBeVisible();
    await expect(scorecard.getByText('gold', { exact: true })).toBeVisible();
    await expect(scorecard.getByRole('img', { name: 'missing' })).toHaveCount(
      0,
    );
    await expect(
      scorecard.getByText('On a supported golden-path version', {
        exact: true,
      }),
    ).toBeVisible();
    await page.screenshot({
      path: `e2e-test-results/${path.template}-entity.png`,
    });
    await page.screenshot({
      path: `e2e-test-results/${path.template}-entity-full.png`,
      fullPage: true,
    });

    // Its runbook from the Links card: TechDocs inside the portal, built
    // from the generated mkdocs.yml + docs/ on first view.
    const runbook = page.getByRole('link', { name: 'Runbook' }).first();
    await expect(runbook).toHaveAttribute(
      'href',
      new RegExp(`/docs/default/component/${name}/runbook/$`),
    );
    const [docs] = await Promise.all([
      page.waitForEvent('popup'),
      runbook.click(),
    ]);
    await expect(
      docs.getByRole('heading', { level: 1, name: 'Runbook' }),
    ).toBeVisible({ timeout: 240_000 });
    // Every page of its own is in the navigation and opens.
    for (const title of path.ownDocs) {
      await docs
        .getByRole('navigation')
        .getByRole('link', { name: title, exact: true })
        .first()
        .click();
      await expect(
        docs.getByRole('heading', { level: 1, name: title }),
      ).toBeVisible();
    }
    await docs.screenshot({
      path: `e2e-test-results/${path.template}-docs.png`,
    });
  });
}
