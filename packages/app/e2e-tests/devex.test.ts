import { expect, test } from '@playwright/test';
import { signInAsGuest } from './portal';

test('the platform team opens the DevEx dashboard from the sidebar and answers the survey', async ({
  page,
}, testInfo) => {
  await signInAsGuest(page);

  // On a laptop the guest is in permission.acme.platformGroups, so it has
  // devex.metrics.read and sees the whole dashboard.
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'DevEx' })
    .click();
  await expect(page).toHaveURL(/\/devex$/);

  // The first visit computes the metrics if the schedule has not run yet;
  // recompute until the catalog has been ingested. The sample org has 8
  // components; golden-path runs of other tests may have added more.
  const card = (title: string) =>
    page
      .locator('.MuiCard-root')
      .filter({ has: page.getByText(title, { exact: true }) });
  const services = card('Services in catalog');
  await expect(async () => {
    await page.goto('/devex');
    await page.getByRole('button', { name: 'Recompute now' }).click();
    const detail = await services
      .getByText(/^\d+ components, \d+ repositories/)
      .innerText({ timeout: 10_000 });
    expect(Number(detail.split(' ')[0])).toBeGreaterThanOrEqual(8);
  }).toPass({ timeout: 150_000 });

  await expect(page.getByText('Platform health')).toBeVisible();
  await expect(services.getByText(/^\d+(\.\d)?%$/)).toBeVisible();
  const adoption = card('Golden-path adoption');
  // the figure itself (the card's chart has % ticks too)
  await expect(
    adoption.getByRole('paragraph').filter({ hasText: /^\d+(\.\d)?%$/ }),
  ).toBeVisible();
  await expect(
    adoption.getByText(/^(healthy|warning|unhealthy)$/),
  ).toBeVisible();
  await expect(
    adoption.getByText(/target > 60%, unhealthy < 20%/),
  ).toBeVisible();
  // template runs by template title, or a sentence when none ran yet
  await expect(
    page
      .getByRole('figure', {
        // templates by title (e.g. "Python FastAPI service"), never refs
        name: /^Template runs by outcome: (?!.*template:)[A-Z][a-z]+ /,
      })
      .or(page.getByText(/^No template runs yet/)),
  ).toBeVisible();
  const adoptionOverTime = page.getByRole('figure', {
    name: /^Catalog coverage and golden-path adoption over time/,
  });
  await expect(adoptionOverTime).toBeVisible();
  await expect(adoptionOverTime.getByText('% of services')).toBeVisible();
  await expect(page.getByText(/^History starts /).first()).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'Checkout', exact: true }),
  ).toBeVisible();
  await expect(page.getByText(/group:default|template:default/)).toHaveCount(0);

  // The survey: once per period, so a second run finds it answered.
  const survey = card('DevEx survey');
  const send = survey.getByRole('button', { name: 'Send answer' });
  const thanks = survey.getByText(/your answer for \d{4}-Q\d is recorded/);
  await expect(send.or(thanks)).toBeVisible();
  if (await send.isVisible()) {
    await survey.getByRole('button', { name: 'Score 9' }).click();
    await survey
      .getByLabel('What should the platform team improve?')
      .fill('More golden paths, please');
    await send.click();
    await expect(thanks).toBeVisible();
  }
  await testInfo.attach('devex dashboard', {
    body: await page.screenshot({ fullPage: true }),
    contentType: 'image/png',
  });

  // The scorecard on a component page
  await page.goto('/catalog/default/component/payment-service');
  const scorecard = card('Production readiness');
  await expect(scorecard.getByText('silver', { exact: true })).toBeVisible();
  // its level over the stored days
  await expect(scorecard.getByText(/^Trend: .*silver since /)).toBeVisible();
  await expect(scorecard.getByText('7 of 8 checks pass')).toBeVisible();
  await expect(
    scorecard.getByText('Created from a golden path', { exact: true }),
  ).toBeVisible();
  await testInfo.attach('scorecard card', {
    body: await scorecard.screenshot(),
    contentType: 'image/png',
  });
});
