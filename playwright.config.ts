import { defineConfig } from '@playwright/test';
import { generateProjects } from '@backstage/e2e-test-utils/playwright';

/*
 * Browser tests run in Debian's Chromium (no browser download is possible
 * here) against the portal started exactly as the README starts it
 * (./scripts/start.sh: the production frontend served by the backend), with
 * PagerDuty pointed at the stand-in of @internal/test-fakes (the sample org's
 * services, on-call schedules and incidents) on 127.0.0.1.
 */
const chromiumPath = process.env.IDP_CHROMIUM ?? '/usr/bin/chromium';
const pagerDutyPort = 7081;
const pagerDutyToken = 'e2e-pagerduty-token';

export default defineConfig({
  timeout: 180_000,
  expect: { timeout: 60_000 },

  webServer: [
    {
      command: `node --require @backstage/cli-node/config/nodeTransform.cjs packages/test-fakes/src/pagerduty/serve.ts ${pagerDutyPort} ${pagerDutyToken}`,
      // the stand-in answers 401 without a token: it is up
      url: `http://127.0.0.1:${pagerDutyPort}/services`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
    {
      command: './scripts/start.sh',
      url: 'http://localhost:7007/.backstage/health/v1/readiness',
      reuseExistingServer: !process.env.CI,
      timeout: 300_000,
      env: {
        APP_CONFIG_pagerDuty_apiBaseUrl: `http://127.0.0.1:${pagerDutyPort}`,
        APP_CONFIG_pagerDuty_apiToken: pagerDutyToken,
      },
    },
  ],

  globalSetup: './packages/app/e2e-tests/globalSetup.ts',

  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: 1,

  reporter: [
    ['list'],
    ['json'],
    ['html', { open: 'never', outputFolder: 'e2e-test-report' }],
  ],

  use: {
    actionTimeout: 0,
    baseURL: process.env.PLAYWRIGHT_URL ?? 'http://localhost:7007',
    // the laptop screen the journeys are judged on
    viewport: { width: 1440, height: 900 },
    screenshot: 'on',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromiumPath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    },
  },

  // Screenshots and traces of every test are kept here as artifacts.
  outputDir: 'e2e-test-results',

  projects: generateProjects().map(project => ({
    ...project,
    use: {
      ...project.use,
      channel: undefined,
      viewport: { width: 1440, height: 900 },
    },
  })),
});
