import { expect, test } from '@playwright/test';
import { signInAsGuest } from './portal';

/**
 * Every sidebar entry opens a page, with its full label, without console
 * errors or failed requests.
 */
test('every sidebar entry opens a page without errors', async ({ page }) => {
  test.setTimeout(300_000);
  await signInAsGuest(page);
  const nav = page.getByRole('navigation', { name: 'sidebar nav' });

  const labels = [
    'Home',
    'Catalog',
    'APIs',
    'Docs',
    'Create',
    'Costs',
    'DevEx',
    'Crossplane',
    'Catalog health',
    'Catalog errors',
    'Add to catalog',
    'Catalog Graph',
    'Audit trail',
    'Permissions',
    'Visualizer',
    'Settings',
  ];
  for (const label of labels) {
    const problems: string[] = [];
    const onConsole = (m: { type(): string; text(): string }) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    };
    const onResponse = (r: { status(): number; url(): string }) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`);
    };
    page.on('console', onConsole);
    page.on('response', onResponse);

    // .last(): the logo is a link named Home too
    const link = nav.getByRole('link', { name: label, exact: true }).last();
    await link.scrollIntoViewIfNeeded();
    // the label is shown in full, not cut off with an ellipsis
    expect(
      await link.evaluate(el =>
        [...el.querySelectorAll('*')].every(
          child => child.scrollWidth <= child.clientWidth + 1,
        ),
      ),
      `label "${label}" is cut off`,
    ).toBe(true);
    const href = await link.getAttribute('href');
    await link.click();
    await expect(page).toHaveURL(new RegExp(`${href}`));
    await page.waitForLoadState('networkidle');
    await expect(page.getByText(/page not found/i)).toHaveCount(0);
    await page.screenshot({
      path: `e2e-test-results/nav-${label.replace(/\W+/g, '-')}.png`,
    });
    page.off('console', onConsole);
    page.off('response', onResponse);
    expect(problems, `opening "${label}" (${href})`).toEqual([]);
  }
});
