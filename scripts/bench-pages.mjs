#!/usr/bin/env node
/*
 * Page-load benchmark (a benchmark, not a test): full page loads of the pages
 * people open every day, in Debian's Chromium, against a running portal.
 *
 *   node scripts/bench-pages.mjs [baseUrl] [runs]
 *
 * baseUrl defaults to http://localhost:7007 (what ./scripts/start.sh serves),
 * runs to 5. Signs in as guest once, then for each page and run opens it in a
 * fresh tab with a cold JavaScript heap but warm caches, as a person returning
 * to the portal: a browser profile on disk (Playwright's default context is
 * incognito-like, and Chromium keeps no compiled-code cache for it, so every
 * load would parse and compile all JavaScript again, which no returning user's
 * browser does). Two figures per load:
 *  - "visible": measured inside the page, from navigation start until the
 *    page's own content (not just the `load` event) is in the DOM and the
 *    next frame has been painted;
 *  - "seen by the test": wall clock around Playwright's navigation and wait,
 *    which adds the test driver's polling on this shared 2-core machine.
 * Prints median, min and max per page in milliseconds. Start the portal first
 * and wait until it reports ready.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const baseUrl = process.argv[2] ?? 'http://localhost:7007';
const runs = Number(process.argv[3] ?? 5);

/**
 * Each page with what a person waits for before they can use it: a CSS
 * selector, and optionally the text of the element (a leaf) to wait for.
 */
const pages = [
  {
    name: 'home',
    path: '/',
    selector: 'input[placeholder="Search in Acme Developer Portal"]',
  },
  {
    name: 'catalog',
    path: '/catalog?filters[kind]=component&filters[user]=all',
    selector: 'a[href="/catalog/default/component/payment-service"]',
  },
  {
    name: 'entity page',
    path: '/catalog/default/component/payment-service',
    selector: 'a[href="/catalog/default/group/team-payments"]',
  },
  {
    name: 'create',
    path: '/create',
    selector: 'h1,h2,h3,h4,h5,h6,p,span,div',
    text: 'Python FastAPI service',
  },
];

/**
 * Runs in the page before its own scripts: records when the awaited content
 * first appears, then when the frame showing it has been painted (a task
 * queued from requestAnimationFrame runs after that frame's paint).
 */
function watchForContent({ selector, text }) {
  const matches = () =>
    [...document.querySelectorAll(selector)].some(
      el => !text || (el.childElementCount === 0 && el.textContent === text),
    );
  const observer = new MutationObserver(() => {
    if (!matches()) return;
    observer.disconnect();
    requestAnimationFrame(() =>
      setTimeout(() => {
        window.__contentVisibleAt = performance.now();
      }),
    );
  });
  observer.observe(document, { childList: true, subtree: true });
}

const median = xs => xs[Math.floor(xs.length / 2)];

const profileDir = mkdtempSync(join(tmpdir(), 'bench-pages-'));
const context = await chromium.launchPersistentContext(profileDir, {
  executablePath: process.env.IDP_CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
  ],
  viewport: { width: 1440, height: 900 },
});
try {
  const signIn = await context.newPage();
  await signIn.goto(baseUrl);
  await signIn.getByRole('button', { name: 'Enter' }).click();
  await signIn
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Catalog', exact: true })
    .waitFor({ timeout: 120_000 });

  const results = [];
  for (const spec of pages) {
    const visible = [];
    const seen = [];
    // One unmeasured load fills the HTTP cache and the backend's caches.
    for (let i = 0; i <= runs; i++) {
      const page = await context.newPage();
      await page.addInitScript(watchForContent, {
        selector: spec.selector,
        text: spec.text,
      });
      const start = Date.now();
      await page.goto(baseUrl + spec.path);
      const visibleAt = await page.waitForFunction(
        () => window.__contentVisibleAt,
        undefined,
        { timeout: 60_000 },
      );
      if (i > 0) {
        seen.push(Date.now() - start);
        visible.push(Math.round(await visibleAt.jsonValue()));
      }
      await page.close();
    }
    visible.sort((a, b) => a - b);
    seen.sort((a, b) => a - b);
    results.push({ page: spec.name, visible, seen });
  }
  console.log(`Full page loads against ${baseUrl}, ${runs} runs each (ms):`);
  console.log(
    'page          visible: median    min    max   seen by the test: median',
  );
  for (const r of results) {
    console.log(
      `${r.page.padEnd(12)} ${String(median(r.visible)).padStart(16)} ${String(
        r.visible[0],
      ).padStart(6)} ${String(r.visible[r.visible.length - 1]).padStart(
        6,
      )} ${String(median(r.seen)).padStart(26)}`,
    );
  }
} finally {
  await context.close();
  rmSync(profileDir, { recursive: true, force: true });
}
