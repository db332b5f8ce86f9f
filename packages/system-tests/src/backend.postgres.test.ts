import { Client } from 'pg';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  catalogDir,
  dropTestDatabases,
  productionEnv,
  RunningBackend,
  startBackendProcess,
} from './__testUtils__/runBackend';
import { testPostgresUrl } from '@internal/test-fakes';
import { AlphaEntity } from '@backstage/catalog-model/alpha';
import { loadCatalog } from '@internal/catalog-lint';

/*
 * Boots the real backend (every plugin in packages/backend/src/index.ts)
 * with the production config on a real PostgreSQL and reads the sample org
 * in catalog/ back through /api/catalog, as a CI job or the portal itself
 * would.
 *
 * The server comes from scripts/postgres.sh (the README test command starts
 * it); without it this test fails rather than silently skipping.
 */
const token = 'integration-test-static-token-0123456789';
// Databases of our own on the shared server: a catalog left by an earlier run
// would already hold the entities this test waits to see ingested.
const prefix = `backendtest${Date.now().toString(36)}_`;

jest.setTimeout(300_000);

describe('backend on PostgreSQL with the production config', () => {
  let backend: RunningBackend;
  const expected = loadCatalog(catalogDir).entities.map(e => e.entity);
  const expectedRefs = expected.map(e => stringifyEntityRef(e)).sort();

  beforeAll(async () => {
    backend = await startBackendProcess({
      configs: ['app-config.yaml', 'app-config.production.yaml'],
      env: baseUrl => ({
        ...productionEnv({ baseUrl, staticToken: token }),
        APP_CONFIG_backend_database_prefix: prefix,
      }),
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await dropTestDatabases(prefix);
  });

  async function catalog<T>(pathAndQuery: string): Promise<T> {
    const res = await fetch(`${backend.baseUrl}/api/catalog${pathAndQuery}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (!res.ok) {
      throw new Error(`${pathAndQuery}: ${res.status} ${await res.text()}`);
    }
    return res.json() as Promise<T>;
  }

  /** Waits for the catalog to finish processing every file in catalog/. */
  async function ingestedEntities(): Promise<Entity[]> {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const entities = await catalog<Entity[]>('/entities');
      const refs = new Set(entities.map(e => stringifyEntityRef(e)));
      if (expectedRefs.every(r => refs.has(r))) return entities;
      if (Date.now() > deadline) {
        const missing = expectedRefs.filter(r => !refs.has(r));
        throw new Error(
          `not ingested after 120 s: ${missing.join(', ')}\n${backend
            .output()
            .slice(-3000)}`,
        );
      }
      await new Promise(r => setTimeout(r, 1000));
    }
  }

  it('refuses catalog reads without credentials', async () => {
    const res = await fetch(`${backend.baseUrl}/api/catalog/entities`);
    expect(res.status).toBe(401);
  });

  it('ingests every entity in catalog/ without processing errors', async () => {
    const entities = await ingestedEntities();
    const ours = entities.filter(e =>
      expectedRefs.includes(stringifyEntityRef(e)),
    );
    expect(ours).toHaveLength(expected.length);
    const withErrors = (ours as AlphaEntity[])
      .filter(e => (e.status?.items ?? []).some(i => i.level === 'error'))
      .map(e => `${stringifyEntityRef(e)}: ${JSON.stringify(e.status)}`);
    expect(withErrors).toEqual([]);
    for (const entity of ours) {
      expect(
        entity.metadata.annotations?.['backstage.io/managed-by-location'],
      ).toMatch(/^file:.*\/catalog\//);
    }
  });

  it('serves payment-service with its owner, system, dependencies and APIs', async () => {
    await ingestedEntities();
    const entity = await catalog<Entity>(
      '/entities/by-name/component/default/payment-service',
    );
    const targets = (type: string) =>
      (entity.relations ?? [])
        .filter(r => r.type === type)
        .map(r => r.targetRef)
        .sort();

    expect(targets('ownedBy')).toEqual(['group:default/team-payments']);
    expect(targets('partOf')).toEqual(['system:default/payments']);
    expect(targets('dependsOn')).toEqual(
      expect.arrayContaining([
        'component:default/ledger-service',
        'resource:default/postgres-payments',
      ]),
    );
    expect(targets('providesApi')).toEqual(['api:default/payments-api']);
    expect(targets('consumesApi')).toEqual(['api:default/fraud-api']);
    expect(entity.metadata.annotations?.['pagerduty.com/service-id']).toBe(
      'PPAYSVC',
    );
    expect(entity.metadata.annotations?.['backstage.io/techdocs-ref']).toBe(
      'dir:.',
    );
  });

  it('resolves the OpenAPI definition of every API from its file', async () => {
    await ingestedEntities();
    const apis = await catalog<Entity[]>('/entities?filter=kind=api');
    expect(apis.length).toBeGreaterThanOrEqual(4);
    for (const api of apis) {
      expect(String(api.spec?.definition)).toMatch(/^openapi: ['"]?3\./m);
    }
  });

  it('builds the org: teams have their members, the group tree its parent', async () => {
    await ingestedEntities();
    const team = await catalog<Entity>(
      '/entities/by-name/group/default/team-payments',
    );
    const members = (team.relations ?? [])
      .filter(r => r.type === 'hasMember')
      .map(r => parseEntityRef(r.targetRef).name);
    const declared = expected
      .filter(
        e =>
          e.kind === 'User' &&
          (e.spec?.memberOf as string[] | undefined)?.includes('team-payments'),
      )
      .map(e => e.metadata.name);
    expect(declared.length).toBeGreaterThan(0);
    expect(members.sort()).toEqual(declared.sort());
    expect(
      (team.relations ?? []).find(r => r.type === 'childOf')?.targetRef,
    ).toBe('group:default/acme');
  });

  it('keeps the catalog in PostgreSQL, not in a local file', async () => {
    await ingestedEntities();
    const url = testPostgresUrl();
    url.pathname = `/${prefix}catalog`;
    const client = new Client({ connectionString: url.toString() });
    await client.connect();
    try {
      const { rows } = await client.query(
        'select count(*)::int as n from final_entities where final_entity is not null',
      );
      expect(rows[0].n).toBeGreaterThanOrEqual(expected.length);
    } finally {
      await client.end();
    }
  });

  // Kubernetes sends SIGTERM and kills the pod when its grace period ends;
  // a backend that waits out its own event-bus long polls (55 s by default)
  // is killed on every rollout, and `--cpu-prof` never writes its profile.
  it('exits by itself within 15 s of SIGTERM, with status 0', async () => {
    const exit = await backend.stop();
    // eslint-disable-next-line no-console
    console.log(`backend stopped ${exit.stopMs} ms after SIGTERM`);
    expect(exit).toMatchObject({ code: 0, signal: null });
  });
});
