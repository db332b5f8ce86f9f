#!/usr/bin/env node
/*
 * Page-load benchmark (a benchmark, not a test): full page loads of the pages
 * people open every day, in Debian's Chromium, against a running portal.
 *
 *   node scripts/bench-pages.mjs [baseUrl] [runs]
 *
 * baseUrl defaults to http://localhost:7007 (what ./scripts/start.sh serves),
 * runs to 5. Signs in as guest once, then for each page and run opens it in a
 * fresh tab with a cold JavaScript heap but a warm HTTP cache (as a person
 * returning to the portal) and measures the time from navigation start until
 * the page's own content is visible (not just the `load` event). Prints
 * median, min and max per page in milliseconds. Start the portal first and
 * wait until it reports ready.
 */
import { chromium } from 'playwright-core';

const baseUrl = process.argv[2] ?? 'http://localhost:7007';
const runs = Number(process.argv[3] ?? 5);

/** Each page with what a person waits for before they can use it. */
const pages = [
  {
    name: 'home',
    path: '/',
    ready: p => p.getByPlaceholder('Search in Acme Developer Portal'),
  },
  {
    name: 'catalog',
    path: '/catalog?filters[kind]=component&filters[user]=all',
    ready: p =>
      p.locator('a[href="/catalog/default/component/payment-service"]'),
  },
  {
    name: 'entity page',
    path: '/catalog/default/component/payment-service',
    ready: p =>
      p.locator('a[href="/catalog/default/group/team-payments"]').first(),
  },
  {
    name: 'create',
    path: '/create',
    ready: p => p.getByText('Python FastAPI service').first(),
  },
];

const browser = await chromium.launch({
  executablePath: process.env.IDP_CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
  ],
});
try {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
  });
  const signIn = await context.newPage();
  await signIn.goto(baseUrl);
  await signIn.getByRole('button', { name: 'Enter' }).click();
  await signIn
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Catalog', exact: true })
    .waitFor({ timeout: 120_000 });

  const results = [];
  for (const spec of pages) {
    const times = [];
    // One unmeasured load fills the HTTP cache and the backend's caches.
    for (let i = 0; i <= runs; i++) {
      const page = await context.newPage();
      const start = Date.now();
      await page.goto(baseUrl + spec.path);
      await spec.ready(page).first().waitFor({ timeout: 60_000 });
      if (i > 0) times.push(Date.now() - start);
      await page.close();
    }
    times.sort((a, b) => a - b);
    results.push({
      page: spec.name,
      median: times[Math.floor(times.length / 2)],
      min: times[0],
      max: times[times.length - 1],
    });
  }
  console.log(`Full page loads against ${baseUrl}, ${runs} runs each (ms):`);
  console.log('page          median    min    max');
  for (const r of results) {
    console.log(
      `${r.page.padEnd(12)} ${String(r.median).padStart(7)} ${String(
        r.min,
      ).padStart(6)} ${String(r.max).padStart(6)}`,
    );
  }
} finally {
  await browser.close();
}
