/*
 * Runs the PagerDuty stand-in with the sample org's account until it is
 * stopped (SIGINT/SIGTERM), for the browser tests and for a laptop demo:
 *
 *   node --require @backstage/cli-node/config/nodeTransform.cjs \
 *     packages/test-fakes/src/pagerduty/serve.ts [port] [token]
 *
 * then start the portal with APP_CONFIG_pagerDuty_apiBaseUrl and
 * APP_CONFIG_pagerDuty_apiToken set to what it prints.
 */
import { sampleOrgPagerDuty } from './sampleOrg';
import { startFakePagerDuty } from './startFakePagerDuty';

async function main() {
  const port = Number(
    process.argv[2] ?? process.env.PAGERDUTY_STAND_IN_PORT ?? 0,
  );
  const token = process.argv[3] ?? process.env.PAGERDUTY_STAND_IN_TOKEN;
  const pagerDuty = await startFakePagerDuty({
    seed: sampleOrgPagerDuty(),
    port,
    token,
  });
  process.stdout.write(
    `PagerDuty stand-in on ${pagerDuty.baseUrl} (token ${pagerDuty.token})\n`,
  );
  const stop = () => {
    pagerDuty.close().finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch(error => {
  process.stderr.write(`${error}\n`);
  process.exit(1);
});
