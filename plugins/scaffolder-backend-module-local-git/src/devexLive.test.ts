import type { DevexDashboard } from '@internal/backstage-plugin-devex-metrics-common';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  ScaffolderHarness,
  startScaffolderBackend,
} from './__testUtils__/scaffolderHarness';

/**
 * DevEx live with the real scaffolder and catalog: a golden-path run shows
 * on the DevEx dashboard without anyone pressing "Recompute now", through
 * the plugin's live schedule at its production default (30 s).
 */
describe('DevEx dashboard after a golden-path run', () => {
  let harness: ScaffolderHarness;

  beforeAll(async () => {
    // the real scheduler (the test backend's mock runs no scheduled task)
    harness = await startScaffolderBackend({
      features: [schedulerServiceFactory],
    });
    await harness.waitFor('the go-service template in the catalog', () =>
      harness.getEntity('template:default/go-service'),
    );
    await harness.waitFor('group team-checkout', () =>
      harness.getEntity('group:default/team-checkout'),
    );
  }, 120_000);

  afterAll(async () => {
    await harness?.stop();
  });

  const dashboard = async (): Promise<DevexDashboard> => {
    const res = await harness.api('GET', '/api/devex-metrics/dashboard');
    expect(res.status).toBe(200);
    return res.body;
  };
  const goRuns = (d: DevexDashboard) =>
    d.latest?.goldenPath.executions.find(
      e => e.template === 'template:default/go-service',
    )?.completed ?? 0;

  it('counts the run and the new service within 60 s, without a recompute', async () => {
    // The live schedule's first computation (this backend's catalog holds
    // the org and the templates, no components yet).
    const before = await harness.waitFor(
      'a first computation',
      async () => {
        const d = await dashboard();
        return d.latest ? d : undefined;
      },
      60_000,
    );

    const submitted = await harness.submit('go-service', {
      name: 'devex-live-check',
      description: 'Counted on the DevEx dashboard',
      owner: 'group:default/team-checkout',
      publishTo: 'local',
    });
    expect(submitted.status).toBe(201);
    const task = await harness.waitForTask(submitted.body.id);
    expect(task).toMatchObject({ status: 'completed', error: undefined });
    const done = Date.now();

    const after = await harness.waitFor(
      'the dashboard to count the run',
      async () => {
        const d = await dashboard();
        return goRuns(d) > goRuns(before) &&
          d.latest!.goldenPath.fromTemplate >
            before.latest!.goldenPath.fromTemplate
          ? d
          : undefined;
      },
      90_000,
    );
    const seconds = (Date.now() - done) / 1000;
    process.stdout.write(
      `[devex-live] template run on the dashboard ${seconds.toFixed(
        1,
      )} s after it completed\n`,
    );
    expect(seconds).toBeLessThan(60);
    expect(goRuns(after)).toBe(goRuns(before) + 1);
    expect(after.latest!.catalog.servicesInCatalog).toBe(
      before.latest!.catalog.servicesInCatalog + 1,
    );
  }, 300_000);
});
