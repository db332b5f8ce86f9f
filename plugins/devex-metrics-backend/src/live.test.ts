import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { metricsServiceFactory } from '@backstage/backend-defaults/alpha';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  CatalogService,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  DevexDashboard,
  DevexHistory,
  ScorecardHistory,
} from '@internal/backstage-plugin-devex-metrics-common';
import { metrics } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { Knex } from 'knex';
import Router from 'express-promise-router';
import request from 'supertest';
import { fakePagerDutyPlugin, testDatabases } from '@internal/test-fakes';
import { fakeScaffolderPlugin } from './__testUtils__/fakeScaffolder';
import { parsePrometheusText } from '@internal/test-fakes';
import { seedCatalog, seededTasks } from './__testUtils__/seed';
import { devexMetricsPlugin } from './plugin';

jest.setTimeout(180_000);

/**
 * The live recompute's frequency in this test. The default in production is
 * 30 s; run with DEVEX_LIVE_TEST_SECONDS=30 to measure that.
 */
const LIVE_SECONDS = Number(process.env.DEVEX_LIVE_TEST_SECONDS ?? 2);

const exporter = new PrometheusExporter({ preventServerStart: true });
metrics.setGlobalMeterProvider(new MeterProvider({ readers: [exporter] }));
let metricsServer: http.Server;
async function scrape() {
  const { port } = metricsServer.address() as AddressInfo;
  const res = await fetch(`http://127.0.0.1:${port}/metrics`);
  return parsePrometheusText(await res.text());
}

/**
 * A catalog whose entities the test changes while the backend runs;
 * `reads` counts the calls of each method.
 */
function changingCatalog(
  entities: Entity[],
  reads: Record<string, number> = {},
) {
  return createServiceFactory({
    service: catalogServiceRef,
    deps: {},
    factory: () =>
      new Proxy({} as CatalogService, {
        // every call reads the entities as they are now; not a thenable
        get: (_, method) =>
          method === 'then'
            ? undefined
            : (...args: unknown[]) => {
                reads[String(method)] = (reads[String(method)] ?? 0) + 1;
                const current = catalogServiceMock({
                  entities,
                }) as unknown as Record<
                  string | symbol,
                  (...a: unknown[]) => unknown
                >;
                return current[method](...args);
              },
      }),
  });
}

/**
 * The route of catalog-backend-module-acme-change-stamp, answering a stamp
 * the test sets (the catalog here is a mock service, with no database).
 */
function changeStampPlugin(stamp: { value: string }) {
  return createBackendPlugin({
    pluginId: 'catalog',
    register(reg) {
      reg.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
        },
        async init({ httpRouter, httpAuth }) {
          const router = Router();
          router.get('/acme/change-stamp', async (req, res) => {
            await httpAuth.credentials(req, { allow: ['service'] });
            res.json({ entities: 0, stamp: stamp.value });
          });
          httpRouter.use(router);
        },
      });
    },
  });
}

/** Polls `check` until it returns a value (not undefined), or fails. */
async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

/**
 * Waits until the live task has ended `runs` more runs (the scheduler's
 * table), each without an error.
 */
async function liveRuns(knex: Knex, runs: number): Promise<void> {
  const lastRunEnded = async () => {
    const row = await knex('backstage_backend_tasks__tasks')
      .where('id', 'like', '%devex-metrics-live')
      .first('last_run_ended_at', 'last_run_error_json');
    expect(row?.last_run_error_json ?? null).toBeNull();
    return row?.last_run_ended_at
      ? new Date(row.last_run_ended_at).getTime()
      : 0;
  };
  let seen = await lastRunEnded();
  let ended = 0;
  await eventually(
    `${runs} more live runs`,
    async () => {
      const last = await lastRunEnded();
      if (last > seen) {
        seen = last;
        ended += 1;
      }
      return ended >= runs ? true : undefined;
    },
    (runs + 1) * LIVE_SECONDS * 1000 + 30_000,
  );
}

const today = () => new Date().toISOString().slice(0, 10);
const user = mockCredentials.user.header('user:default/platform-lead');

/**
 * Today's count of services made from a template; undefined while the day
 * has no figures yet (not computed).
 */
async function fromTemplateToday(backend: {
  server: Parameters<typeof request>[0];
}): Promise<number | undefined> {
  const res = await request(backend.server)
    .get('/api/devex-metrics/history?days=1')
    .set('authorization', user);
  return (
    (res.body as DevexHistory).days.find(d => d.day === today())
      ?.fromTemplate ?? undefined
  );
}

/**
 * Edits a component made from a template so that it no longer says so;
 * returns it.
 */
function dropSourceTemplate(entities: Entity[]): Entity {
  const edited = entities.find(
    e =>
      e.kind === 'Component' &&
      e.metadata.annotations?.['backstage.io/source-template'],
  )!;
  delete edited.metadata.annotations!['backstage.io/source-template'];
  return edited;
}

describe('devex-metrics live recompute and daily history', () => {
  const databases = testDatabases(['POSTGRES_15']);

  beforeAll(() => {
    metricsServer = http
      .createServer((req, res) => exporter.getMetricsRequestHandler(req, res))
      .listen(0, '127.0.0.1');
  });
  afterAll(() => metricsServer.close());

  async function start(
    knex: Knex,
    options: {
      entities: Entity[];
      scaffolder: ReturnType<typeof fakeScaffolderPlugin>;
      live: boolean;
      catalogReads?: Record<string, number>;
      /** Serve the catalog's change stamp (the catalog module's route). */
      changeStamp?: { value: string };
    },
  ) {
    return startTestBackend({
      features: [
        devexMetricsPlugin,
        options.scaffolder.plugin,
        fakePagerDutyPlugin({}).plugin,
        changingCatalog(options.entities, options.catalogReads),
        ...(options.changeStamp
          ? [changeStampPlugin(options.changeStamp)]
          : []),
        // the real scheduler on the real database: runs the live task on
        // its frequency, once across replicas
        schedulerServiceFactory,
        mockServices.database.factory({ knex, migrations: { skip: false } }),
        metricsServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            devexMetrics: {
              // the full recompute does not run during the test
              schedule: {
                frequency: { hours: 24 },
                timeout: { minutes: 5 },
                initialDelay: { hours: 24 },
              },
              live: {
                enabled: options.live,
                frequency: { seconds: LIVE_SECONDS },
                initialDelay: { seconds: 0 },
              },
            },
          },
        }),
      ],
    });
  }

  it('shows a new template run and a new entity without a recompute call, and keeps each day across a restart', async () => {
    const knex = await databases.init('POSTGRES_15');
    const { entities } = seedCatalog();
    const tasks = [...seededTasks];
    const scaffolder = fakeScaffolderPlugin(tasks);
    const first = await start(knex, { entities, scaffolder, live: true });
    const api = () => request(first.server);

    const history = async () => {
      const res = await api()
        .get('/api/devex-metrics/history?days=7')
        .set('authorization', user);
      expect(res.status).toBe(200);
      return res.body as DevexHistory;
    };
    // the first live run records today (no dashboard call, which would
    // compute by itself)
    const initial = await eventually(
      'the first live computation',
      async () => (await history()).days.find(d => d.day === today()),
      60_000,
    );
    expect(initial).toMatchObject({ fromTemplate: 3, adoptionPercent: 60 });
    expect(initial.templateRuns).toEqual({
      total: 7,
      completed: 3,
      failed: 2,
      cancelled: 1,
      other: 1,
    });

    const dashboard = async () => {
      const res = await api()
        .get('/api/devex-metrics/dashboard')
        .set('authorization', user);
      return res.body as DevexDashboard;
    };
    const goRuns = (d: DevexDashboard) =>
      d.latest!.goldenPath.executions.find(
        e => e.template === 'template:default/go-service',
      )?.completed;
    expect(goRuns(await dashboard())).toBe(1);

    // A person runs the Go template: the scaffolder has the task, the
    // catalog the new component with the template's annotation.
    const changedAt = Date.now();
    tasks.push({
      id: 't8',
      status: 'completed',
      createdAt: new Date().toISOString(),
      template: 'template:default/go-service',
      name: 'svc-f',
    });
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'svc-f',
        namespace: 'default',
        annotations: {
          'backstage.io/source-template': 'template:default/go-service',
          'acme.io/template-version': '1.3.0',
        },
      },
      spec: {
        type: 'service',
        owner: 'group:default/team-a',
        lifecycle: 'experimental',
      },
    });
    const after = await eventually(
      'the dashboard to show the new run',
      async () => {
        const d = await dashboard();
        return d.latest!.goldenPath.fromTemplate === 4 && goRuns(d) === 2
          ? d
          : undefined;
      },
      60_000,
    );
    const elapsed = Date.now() - changedAt;
    process.stdout.write(
      `devex live: change visible on the dashboard after ${elapsed} ms (live frequency ${LIVE_SECONDS} s)\n`,
    );
    expect(elapsed).toBeLessThan(60_000);
    expect(after.latest!.goldenPath.adoptionPercent).toBe(66.7);

    // the Prometheus metrics follow
    const value = (
      families: Awaited<ReturnType<typeof scrape>>,
      name: string,
      labels: Record<string, string> = {},
    ) =>
      families
        .get(name)
        ?.metrics.find(m =>
          Object.entries(labels).every(([k, v]) => m.labels?.[k] === v),
        )?.value;
    const families = await eventually(
      'the Prometheus metrics to show the new run',
      async () => {
        const f = await scrape();
        return value(f, 'golden_path_usage_total') === '4' ? f : undefined;
      },
      60_000,
    );
    process.stdout.write(
      `devex live: change visible in the Prometheus metrics after ${
        Date.now() - changedAt
      } ms\n`,
    );
    expect(Date.now() - changedAt).toBeLessThan(60_000);
    expect(value(families, 'services_in_catalog_total')).toBe('6');
    expect(
      value(families, 'template_executions_total', {
        template: 'template:default/go-service',
        outcome: 'completed',
      }),
    ).toBe('2');

    // Unchanged inputs store nothing: two more live runs, no new snapshot.
    const snapshots = async () =>
      Number((await knex('devex_snapshots').count({ n: '*' }))[0].n);
    const count = await snapshots();
    await liveRuns(knex, 2);
    expect(await snapshots()).toBe(count);

    // today is recorded once, with the new figures (the day's row replaced)
    const recorded = await history();
    expect(recorded.days.map(d => d.day)).toEqual([today()]);
    expect(recorded.days[0]).toMatchObject({
      fromTemplate: 4,
      adoptionPercent: 66.7,
      servicesInCatalog: 6,
    });
    expect(recorded.days[0].templateRuns.total).toBe(8);
    expect(recorded.days[0].levels).toEqual({
      none: 1,
      bronze: 3,
      silver: 2,
      gold: 0,
    });
    expect(
      await knex('devex_daily_metrics')
        .where({ day: today(), key: 'golden_path.from_template' })
        .select('value'),
    ).toEqual([{ value: 4 }]);

    await first.stop();

    // A new plugin instance on the same database: the history is there
    // before it computes anything.
    const second = await start(knex, { entities, scaffolder, live: false });
    const again = await request(second.server)
      .get('/api/devex-metrics/history?days=90')
      .set('authorization', user);
    expect(again.status).toBe(200);
    expect((again.body as DevexHistory).days).toEqual(recorded.days);
    expect((again.body as DevexHistory).teams['group:default/team-a']).toEqual([
      {
        day: today(),
        level: 'bronze',
        services: 4,
        levels: { none: 0, bronze: 3, silver: 1, gold: 0 },
        scorePercent: expect.any(Number),
      },
    ]);
    const entity = await request(second.server)
      .get('/api/devex-metrics/scorecards/history')
      .query({ entityRef: 'component:default/svc-f' })
      .set('authorization', mockCredentials.user.header('user:default/alice'));
    expect(entity.status).toBe(200);
    expect(entity.body as ScorecardHistory).toEqual({
      kind: 'entity',
      entityRef: 'component:default/svc-f',
      levels: ['bronze', 'silver', 'gold'],
      // owner, lifecycle, golden path and its version (the latest Go service)
      days: [{ day: today(), level: 'bronze', passed: 4, total: 9 }],
    });
    const team = await request(second.server)
      .get('/api/devex-metrics/scorecards/history')
      .query({ team: 'team-a' })
      .set('authorization', user);
    expect(team.status).toBe(200);
    expect(team.body).toMatchObject({
      kind: 'team',
      team: 'group:default/team-a',
      days: [{ day: today(), level: 'bronze', services: 4 }],
    });

    const bad = await request(second.server)
      .get('/api/devex-metrics/scorecards/history')
      .query({ entityRef: 'component:default/svc-f', team: 'team-a' })
      .set('authorization', user);
    expect(bad.status).toBe(400);
    const badDays = await request(second.server)
      .get('/api/devex-metrics/history?days=0')
      .set('authorization', user);
    expect(badDays.status).toBe(400);
    expect(badDays.body.error.message).toMatch(/^days: /);
    await second.stop();
  });

  it('recomputes when the catalog changes an entity in place (a new etag)', async () => {
    const knex = await databases.init('POSTGRES_15');
    const { entities } = seedCatalog();
    const scaffolder = fakeScaffolderPlugin([...seededTasks]);
    const backend = await start(knex, { entities, scaffolder, live: true });
    const fromTemplate = () => fromTemplateToday(backend);
    const before = await eventually('the first live run', fromTemplate, 60_000);

    // The same component, edited: it no longer says it came from a
    // template. The live check compares etags, and the catalog gives an
    // entity a new one whenever it changes.
    const edited = dropSourceTemplate(entities);
    edited.metadata.etag = 'edited-1';

    await eventually(
      'the day to count one service less from a template',
      async () => ((await fromTemplate()) === before - 1 ? true : undefined),
      60_000,
    );
    expect(await fromTemplate()).toBe(before - 1);
    await backend.stop();
  });

  it("compares the catalog's change stamp instead of reading it, where the catalog answers one", async () => {
    const knex = await databases.init('POSTGRES_15');
    const { entities } = seedCatalog();
    const scaffolder = fakeScaffolderPlugin([...seededTasks]);
    const catalogReads: Record<string, number> = {};
    const changeStamp = { value: 'stamp-1' };
    const backend = await start(knex, {
      entities,
      scaffolder,
      live: true,
      catalogReads,
      changeStamp,
    });
    const fromTemplate = () => fromTemplateToday(backend);
    const before = await eventually('the first live run', fromTemplate, 60_000);
    await liveRuns(knex, 1);
    const readsBefore = catalogReads.streamEntities;
    await liveRuns(knex, 3);
    // three runs, and not one read of the catalog
    expect(catalogReads.streamEntities).toBe(readsBefore);

    // an edit: the catalog's stamp moves, and the figures follow
    dropSourceTemplate(entities);
    changeStamp.value = 'stamp-2';
    await eventually(
      'the day to count one service less from a template',
      async () => ((await fromTemplate()) === before - 1 ? true : undefined),
      60_000,
    );
    expect(catalogReads.streamEntities).toBeGreaterThan(readsBefore);
    await backend.stop();
  });

  it('waits while the catalog keeps changing, then computes once it has settled', async () => {
    const knex = await databases.init('POSTGRES_15');
    const { entities } = seedCatalog();
    const scaffolder = fakeScaffolderPlugin([...seededTasks]);
    const backend = await start(knex, { entities, scaffolder, live: true });
    const snapshots = async () =>
      Number((await knex('devex_snapshots').count({ n: '*' }))[0].n);
    await eventually(
      'the first live snapshot',
      async () => ((await snapshots()) > 0 ? true : undefined),
      60_000,
    );
    const settledCount = await snapshots();

    // An ingestion: an entity's etag changes between every two live runs.
    const churning = entities.find(e => e.kind === 'Component')!;
    let version = 0;
    const churn = setInterval(() => {
      churning.metadata.etag = `churn-${++version}`;
    }, (LIVE_SECONDS * 1000) / 4);
    try {
      await liveRuns(knex, 4);
      expect(await snapshots()).toBe(settledCount);
    } finally {
      clearInterval(churn);
    }

    // Settled: the next runs find the same inputs twice and compute once.
    await eventually(
      'a snapshot once the catalog settled',
      async () => ((await snapshots()) > settledCount ? true : undefined),
      4 * LIVE_SECONDS * 1000 + 30_000,
    );
    await liveRuns(knex, 2);
    expect(await snapshots()).toBe(settledCount + 1);
    await backend.stop();
  });
});
