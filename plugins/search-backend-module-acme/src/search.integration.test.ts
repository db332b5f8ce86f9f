import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  BackendFeature,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import searchPlugin from '@backstage/plugin-search-backend';
import searchModuleTechDocs from '@backstage/plugin-search-backend-module-techdocs';
import techdocsPlugin from '@backstage/plugin-techdocs-backend';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import {
  countOrgEntities,
  portalSearchConfig,
  writeOrgFixture,
} from './__testUtils__/orgFixture';
import { searchModuleAcme, TECHDOCS_PREBUILD_TASK_ID } from './module';
import type { IndexStatusResponse, IndexTypeStatus } from './router';
import catalogModuleAcmeChangeStamp from '@internal/backstage-plugin-catalog-backend-module-acme-change-stamp';
import { testDatabases } from '@internal/test-fakes';

jest.setTimeout(240_000);

const CATALOG_TASK = 'search_index_software_catalog';
const PAYMENT_SERVICE = '/catalog/default/component/payment-service';

const databases = testDatabases(['POSTGRES_15', 'SQLITE_3']);

type Result = {
  type: string;
  document: { title: string; location: string; name?: string };
};

/**
 * The real search backend with this module (and its catalog collator), the
 * upstream TechDocs collator, the real catalog (with its change stamp)
 * reading a copy of the sample org and
 * the real TechDocs backend (local mkdocs), on SQLite (Lunr) and on
 * PostgreSQL (the PostgreSQL engine). The scheduler is driven by the test.
 */
describe.each(databases.eachSupportedId())('search on %s', databaseId => {
  // Upstream's in-memory scheduler: tasks run only when the test triggers them.
  const scheduler = mockServices.scheduler();
  const schedulerFactory = createServiceFactory({
    service: coreServices.scheduler,
    deps: {},
    factory: () => scheduler,
  });
  let dir: string;
  let server: Parameters<typeof request>[0];
  let backendOptions: { features: BackendFeature[] };

  const get = (url: string) =>
    request(server)
      .get(url)
      .set('Authorization', mockCredentials.user.header());

  async function search(
    term: string,
    types?: string[],
  ): Promise<{ status: number; results: Result[] }> {
    const query = new URLSearchParams({ term });
    types?.forEach((t, i) => query.set(`types[${i}]`, t));
    const res = await get(`/api/search/query?${query}`);
    return { status: res.status, results: res.body.results };
  }

  async function indexStatus(): Promise<Record<string, IndexTypeStatus>> {
    const res = await get('/api/search/index-status');
    expect(res.status).toBe(200);
    const body = res.body as IndexStatusResponse;
    return Object.fromEntries(body.types.map(t => [t.type, t]));
  }

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'search-acme-'));
    const allYaml = writeOrgFixture(dir, ['payment-service']);

    let database: object = {
      client: 'better-sqlite3',
      connection: ':memory:',
    };
    if (databaseId !== 'SQLITE_3') {
      // One fresh database per run; each plugin gets its own schema in it.
      const knex = await databases.init(databaseId);
      database = {
        client: 'pg',
        connection: knex.client.config.connection,
        pluginDivisionMode: 'schema',
      };
    }

    backendOptions = {
      features: [
        searchPlugin,
        searchModuleTechDocs,
        catalogPlugin,
        catalogModuleAcmeChangeStamp,
        techdocsPlugin,
        searchModuleAcme,
        // permission.enabled puts upstream's AuthorizedSearchEngine in front
        // (as in the portal), which asks for every type's index at once.
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        mockServices.rootLogger.factory({
          level: (process.env.TEST_LOG_LEVEL ?? 'none') as 'none',
        }),
        mockServices.rootConfig.factory({
          data: {
            backend: { database },
            permission: { enabled: true },
            catalog: {
              rules: [
                {
                  allow: [
                    'Component',
                    'System',
                    'API',
                    'Resource',
                    'Location',
                    'Domain',
                    'User',
                    'Group',
                  ],
                },
              ],
              locations: [{ type: 'file', target: allYaml }],
            },
            techdocs: {
              builder: 'local',
              generator: { runIn: 'local' },
              publisher: {
                type: 'local',
                local: { publishDirectory: path.join(dir, 'techdocs') },
              },
            },
            // The portal's own search settings; the catalog settles quicker
            // in a test than the laptop default assumes.
            search: {
              ...portalSearchConfig('app-config.yaml'),
              acme: {
                ...portalSearchConfig('app-config.yaml').acme,
                catalogSettle: { quietPeriod: { seconds: 1 } },
              },
            },
          },
        }),
      ],
    };
    const backend = await startTestBackend({
      ...backendOptions,
      features: [...backendOptions.features, schedulerFactory],
    });
    server = backend.server;
  });

  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers before any index exists with no results and says the index is being built', async () => {
    // Lunr throws MissingIndexError for these (HTTP 500 upstream).
    for (const types of [undefined, ['techdocs'], ['software-catalog']]) {
      const { status, results } = await search('payment', types);
      expect({ types, status, results }).toEqual({
        types,
        status: 200,
        results: [],
      });
    }

    const status = await indexStatus();
    expect(status['software-catalog']).toMatchObject({
      status: 'building',
      documents: 0,
      lastIndexedAt: null,
    });
    expect(status.techdocs).toMatchObject({
      status: 'building',
      documents: 0,
      prebuild: expect.objectContaining({ firstPassCompletedAt: null }),
    });

    const anonymous = await request(server)
      .get('/api/search/index-status')
      .set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);
  });

  it('indexes the whole org in its first catalog run and ranks payment-service first', async () => {
    await scheduler.triggerTask(CATALOG_TASK);

    const status = await indexStatus();
    expect(status['software-catalog'].status).toBe('ready');
    // The first run waited until the catalog had processed the org.
    expect(status['software-catalog'].documents).toBeGreaterThanOrEqual(
      countOrgEntities(),
    );
    expect(status.techdocs.status).toBe('building');

    for (const term of ['payment', 'payment-service', 'Payment Service']) {
      const { status: code, results } = await search(term);
      expect(code).toBe(200);
      expect({ term, first: results[0]?.document }).toMatchObject({
        term,
        first: { location: PAYMENT_SERVICE, title: 'Payment Service' },
      });
    }
    // The competition is there: the Payments system, team and API.
    const titles = (await search('payment')).results.map(r => r.document.title);
    expect(titles).toEqual(
      expect.arrayContaining(['Payments', 'Payments API']),
    );
  });

  it('keeps the index while the catalog does not change', async () => {
    const written = (await indexStatus())['software-catalog'];
    // Runs read the whole catalog again only while it still changes (the
    // catalog may still be stitching relations after the first run).
    let kept: IndexTypeStatus | undefined;
    let last = written;
    for (let run = 0; run < 10 && !kept; run++) {
      await scheduler.triggerTask(CATALOG_TASK);
      const now = (await indexStatus())['software-catalog'];
      expect(now.lastRunEndedAt! > last.lastRunEndedAt!).toBe(true);
      if (now.lastIndexedAt === last.lastIndexedAt) {
        kept = now;
      }
      last = now;
    }
    expect(kept).toMatchObject({
      status: 'ready',
      lastError: null,
      documents: written.documents,
    });
    // the kept index still answers
    const { results } = await search('payment-service');
    expect(results[0]?.document.location).toBe(PAYMENT_SERVICE);
  });

  it('builds TechDocs nobody opened, indexes them and still ranks the component first', async () => {
    await scheduler.triggerTask(TECHDOCS_PREBUILD_TASK_ID);

    const status = await indexStatus();
    expect(status.techdocs).toMatchObject({
      status: 'ready',
      prebuild: expect.objectContaining({
        entities: 1,
        built: 1,
        failed: 0,
        lastError: null,
      }),
    });
    expect(status.techdocs.documents).toBeGreaterThan(0);

    const runbook = await search('runbook', ['techdocs']);
    expect(runbook.status).toBe(200);
    expect(runbook.results[0]?.document).toMatchObject({
      title: 'Runbook',
      location: expect.stringMatching(
        /^\/docs\/default\/component\/payment-service\/runbook\//,
      ),
    });

    for (const term of ['payment', 'payment-service', 'Payment Service']) {
      const { results } = await search(term);
      expect({ term, first: results[0]?.document }).toMatchObject({
        term,
        first: { location: PAYMENT_SERVICE, title: 'Payment Service' },
      });
      // Documentation pages compete (the docs index page is titled
      // "Payment Service" too) and come after the component.
      expect(results.some(r => r.type === 'techdocs')).toBe(true);
    }

    // A second pass builds nothing: the docs are there.
    await scheduler.triggerTask(TECHDOCS_PREBUILD_TASK_ID);
    expect((await indexStatus()).techdocs.prebuild).toMatchObject({
      built: 0,
      skipped: 1,
    });
  });

  it('finds a new entity after the next scheduled catalog run', async () => {
    // A new service file in the org, as a merged pull request adds it.
    fs.writeFileSync(
      path.join(dir, 'catalog/components/refund-worker.yaml'),
      `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: refund-worker
  title: Refund Worker
  description: Retries refunds the payment service provider rejected.
spec:
  type: service
  lifecycle: experimental
  owner: group:default/team-payments
`,
    );
    const allYaml = path.join(dir, 'catalog/all.yaml');
    fs.writeFileSync(
      allYaml,
      fs
        .readFileSync(allYaml, 'utf8')
        .replace(
          '  targets:\n',
          '  targets:\n    - ./components/refund-worker.yaml\n',
        ),
    );
    const refreshed = await request(server)
      .post('/api/catalog/refresh')
      .set('Authorization', mockCredentials.user.header())
      .send({ entityRef: 'location:default/acme-commerce-catalog' });
    expect(refreshed.status).toBe(200);
    await waitFor(async () => {
      const res = await get(
        '/api/catalog/entities/by-name/component/default/refund-worker',
      );
      return res.status === 200;
    });

    // In the catalog, not yet in the index ...
    const refundWorker = '/catalog/default/component/refund-worker';
    const before = await search('refund worker');
    expect(before.results.map(r => r.document.location)).not.toContain(
      refundWorker,
    );

    // ... until the next run, which the portal schedules at most 30 s apart.
    await scheduler.triggerTask(CATALOG_TASK);
    const { results } = await search('refund worker');
    expect(results[0]?.document).toMatchObject({
      title: 'Refund Worker',
      location: refundWorker,
    });
  });

  if (databaseId !== 'SQLITE_3') {
    it('answers the same on another replica (index and status in PostgreSQL)', async () => {
      const replica = await startTestBackend({
        ...backendOptions,
        features: [
          ...backendOptions.features,
          mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        ],
      });
      const replicaGet = (url: string) =>
        request(replica.server)
          .get(url)
          .set('Authorization', mockCredentials.user.header());

      try {
        const statusHere = (await get('/api/search/index-status')).body;
        const statusThere = (await replicaGet('/api/search/index-status')).body;
        expect(statusThere).toEqual(statusHere);
        expect(statusThere.ready).toBe(true);

        const there = await replicaGet('/api/search/query?term=payment');
        expect(there.body.results[0]?.document.location).toBe(PAYMENT_SERVICE);
      } finally {
        await replica.stop();
      }
    });
  }
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error('condition not met in time');
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}
