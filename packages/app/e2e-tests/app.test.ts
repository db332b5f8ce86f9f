import { expect, Locator, Page, test } from '@playwright/test';
import { signInAsGuest } from './portal';

/**
 * Playwright counts an element under `opacity: 0` as visible; the TechDocs
 * reader keeps its page at opacity 0 until every stylesheet has loaded, so
 * check what a person would actually see.
 */
async function expectOpaque(locator: Locator) {
  await expect
    .poll(() =>
      locator.evaluate(element => {
        let opacity = 1;
        for (let n: Node | null = element; n; ) {
          if (n instanceof Element) {
            opacity *= Number(getComputedStyle(n).opacity);
          }
          n = n.parentNode ?? (n instanceof ShadowRoot ? n.host : null);
        }
        return opacity;
      }),
    )
    .toBeGreaterThan(0.9);
}

const entityLink = (page: Page, kind: string, name: string) =>
  page.locator(`a[href="/catalog/default/${kind}/${name}"]`).first();

test('home page is the platform team portal with search and quick links', async ({
  page,
}) => {
  await signInAsGuest(page);

  await expect(
    page.getByText('Welcome to the Acme Developer Portal'),
  ).toBeVisible();
  await expect(
    page.getByPlaceholder('Search in Acme Developer Portal'),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'New service (golden paths)' }),
  ).toHaveAttribute('href', '/create');
  await expect(page.getByRole('link', { name: 'TechDocs' })).toHaveAttribute(
    'href',
    '/docs',
  );
  await expect(page).toHaveTitle(/Acme Developer Portal/);
});

test('home page at 1440 px: cards side by side, visits named and counted once per page', async ({
  page,
}) => {
  await signInAsGuest(page);
  const card = (title: string) =>
    page.locator('.react-grid-item').filter({
      has: page.getByText(title, { exact: true }),
    });
  // The hits as stored (the Most Visited card shows only the top few, so a
  // page visited by earlier tests may be stored but not shown).
  const catalogHits = async () => {
    const refresh = await page.request.get('/api/auth/guest/refresh', {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    });
    const { token, identity } = (await refresh.json()).backstageIdentity;
    const key = `@backstage/plugin-home:visits:${identity.userEntityRef}`;
    const stored = await page.request.get(
      `/api/user-settings/buckets/default/keys/${encodeURIComponent(key)}`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    if (stored.status() === 404) return 0;
    expect(stored.ok()).toBe(true);
    const visits: { pathname: string; hits: number }[] = (await stored.json())
      .value;
    return visits.find(visit => visit.pathname === '/catalog')?.hits ?? 0;
  };

  // the welcome card and the toolkit beside it, not one under the other
  const welcome = await card(
    'Welcome to the Acme Developer Portal',
  ).boundingBox();
  const toolkit = await card('Toolkit').boundingBox();
  expect(toolkit!.y).toBeCloseTo(welcome!.y, 0);
  expect(toolkit!.x).toBeGreaterThanOrEqual(welcome!.x + welcome!.width);

  // one full load of the catalog (whose filters rewrite the URL as they
  // load) is one visit of a page called "Catalog"
  const before = await catalogHits();
  await page.goto('/catalog?filters[kind]=component&filters[user]=all');
  await expect(entityLink(page, 'component', 'payment-service')).toBeVisible();
  // leave only once the visit is stored (leaving cancels a pending save)
  await expect.poll(catalogHits).toBeGreaterThan(before);
  await page.goto('/catalog/default/component/payment-service');
  await expect(
    page.getByRole('heading', { name: 'Payment Service' }),
  ).toBeVisible();
  await page.goto('/');
  const recent = card('Recently Visited');
  await expect(
    recent.getByRole('link', { name: 'Payment Service' }),
  ).toBeVisible();
  await expect(
    recent.getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
  await expect(recent).not.toContainText('Acme Developer Portal');
  expect(await catalogHits()).toBe(before + 1);
});

test('on-call finds payment-service: owner, system, dependencies and runbook docs', async ({
  page,
}) => {
  await signInAsGuest(page);

  // The backend fills the catalog shortly after it starts; retry until the
  // service is there rather than assuming ingestion has finished.
  await expect(async () => {
    await page.goto('/catalog?filters[kind]=component&filters[user]=all');
    await page.getByPlaceholder('Search').fill('payment-service');
    await expect(entityLink(page, 'component', 'payment-service')).toBeVisible({
      timeout: 5_000,
    });
  }).toPass({ timeout: 120_000 });

  await entityLink(page, 'component', 'payment-service').click();
  await expect(page).toHaveURL(
    /\/catalog\/default\/component\/payment-service/,
  );
  await expect(
    page.getByRole('heading', { name: 'Payment Service' }).first(),
  ).toBeVisible();

  // About card: the owning team and the system.
  await expect(entityLink(page, 'group', 'team-payments')).toBeVisible();
  await expect(entityLink(page, 'system', 'payments')).toBeVisible();

  // Dependencies: the component and the database it depends on.
  await expect(page.getByText('Depends on components')).toBeVisible();
  await expect(entityLink(page, 'component', 'ledger-service')).toBeVisible();
  await expect(page.getByText('Depends on resources')).toBeVisible();
  await expect(entityLink(page, 'resource', 'postgres-payments')).toBeVisible();
  await page.screenshot({ path: 'e2e-test-results/payment-service.png' });

  // TechDocs, built by the local mkdocs on first view (this can take a
  // while), with the runbook in its navigation.
  await page.getByRole('link', { name: 'TechDocs', exact: true }).click();
  await expect(page).toHaveURL(/\/component\/payment-service\/docs/);
  const docs = page.getByRole('main');
  await expect(
    docs.getByRole('heading', { level: 1, name: 'Payment Service' }),
  ).toBeVisible({ timeout: 150_000 });
  const runbook = page.locator('a[href$="/docs/runbook/"]').first();
  await expect(runbook).toBeVisible();
  await runbook.click();
  await expect(page).toHaveURL(/\/docs\/runbook\/$/);
  await expect(
    page.getByRole('heading', { level: 1, name: 'Runbook' }),
  ).toBeVisible();
  const runbookIntro = page.getByText('On-call runbook for');
  await expect(runbookIntro).toBeVisible();
  await expectOpaque(runbookIntro);
  await page.screenshot({
    path: 'e2e-test-results/payment-service-runbook.png',
  });
});
