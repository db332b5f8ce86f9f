import { createHmac } from 'node:crypto';
import { Client } from 'pg';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  dropTestDatabases,
  productionEnv,
  RunningBackend,
  startBackendProcess,
  waitFor as waitForBackend,
} from '../__testUtils__/runBackend';
import {
  FAKE_GITHUB_FIXTURES,
  FakeGitHub,
  generateFakeGitHubOrg,
} from '@internal/test-fakes';
import type { ProviderHealth } from '@internal/backstage-plugin-catalog-health-common';

/*
 * Boots the real backend with the production config on a real PostgreSQL,
 * pointed (like a GitHub Enterprise Server) at a GitHub stand-in on
 * 127.0.0.1, and drives discovery and org runs through the scheduler's
 * trigger endpoint.
 */
const postgresUrl = process.env.IDP_TEST_POSTGRES_URL;
const token = 'github-ingestion-test-static-token-0123456789';
const ghToken = 'ghs_standInInstallationToken0123456789';
const webhookSecret = 'webhook-secret-for-tests';
const REPOS = 30;
// A database prefix of our own: backend.postgres.test.ts may share the server.
const prefix = `ghtest${Date.now().toString(36)}_`;

jest.setTimeout(180_000);

describe('catalog from GitHub discovery (stand-in) into PostgreSQL', () => {
  let backend: RunningBackend;
  let gh: FakeGitHub;

  beforeAll(async () => {
    gh = await new FakeGitHub({
      org: generateFakeGitHubOrg({ repos: REPOS, teams: 3, usersPerTeam: 2 }),
      token: ghToken,
    }).start();
    backend = await startBackendProcess({
      configs: ['app-config.yaml', 'app-config.production.yaml'],
      env: baseUrl => ({
        ...productionEnv({ baseUrl, staticToken: token }),
        APP_CONFIG_backend_database_prefix: prefix,
        ...gh.backendEnv({ webhookSecret }),
        APP_CONFIG_catalog_githubIngestion_retry: JSON.stringify({
          attempts: 3,
          initialBackoffMs: 300,
          attemptTimeoutMs: 30_000,
        }),
      }),
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await gh?.stop();
    if (postgresUrl) {
      await dropTestDatabases(prefix, new URL(postgresUrl));
    }
  });

  async function api<T>(path: string, init?: RequestInit): Promise<T> {
    const res = await fetch(`${backend.baseUrl}/api/catalog${path}`, {
      ...init,
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
      },
    });
    if (!res.ok) {
      throw new Error(`${path}: ${res.status} ${await res.text()}`);
    }
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  const health = async () =>
    (await api<{ providers: ProviderHealth[] }>('/github-ingestion')).providers;

  const waitFor = <T>(
    what: string,
    probe: () => Promise<T | undefined>,
    timeoutMs = 60_000,
  ) => waitForBackend(backend, what, probe, { timeoutMs });

  /** Triggers a provider's task and waits for that run to end. */
  async function run(kind: ProviderHealth['kind']): Promise<ProviderHealth> {
    const before = (await health()).find(p => p.kind === kind)!;
    // The first scheduled run may still be going.
    await waitFor('idle provider', async () => {
      const p = (await health()).find(h => h.kind === kind)!;
      return ['running', 'retrying'].includes(p.status) ? undefined : p;
    });
    const startedAfter = new Date().toISOString();
    await waitFor('trigger accepted', async () => {
      const res = await fetch(
        `${
          backend.baseUrl
        }/api/catalog/.backstage/scheduler/v1/tasks/${encodeURIComponent(
          before.taskId,
        )}/trigger`,
        { method: 'POST', headers: { Authorization: `Bearer ${token}` } },
      );
      return res.ok ? true : undefined;
    });
    return waitFor(`${kind} run`, async () => {
      const p = (await health()).find(h => h.kind === kind)!;
      return p.lastRunStartedAt! >= startedAfter &&
        p.lastRunEndedAt! >= p.lastRunStartedAt! &&
        ['succeeded', 'failed'].includes(p.status)
        ? p
        : undefined;
    });
  }

  const entities = () => api<Entity[]>('/entities');
  const refs = async () => new Set((await entities()).map(stringifyEntityRef));
  const byName = (kind: string, name: string) =>
    api<Entity>(`/entities/by-name/${kind}/default/${name}`);
  const targets = (e: Entity, type: string) =>
    (e.relations ?? [])
      .filter(r => r.type === type)
      .map(r => r.targetRef)
      .sort();
  const serviceRefs = Array.from(
    { length: REPOS },
    (_, i) => `component:default/service-${String(i + 1).padStart(4, '0')}`,
  );

  /** Waits until every ref is served (processing and stitching done). */
  async function ingested(expected: string[]) {
    return waitFor(`ingestion of ${expected.length} entities`, async () => {
      const have = await refs();
      return expected.every(r => have.has(r)) ? have : undefined;
    });
  }

  it('discovers every valid entity with its relations and location', async () => {
    const discovery = await run('discovery');
    expect(discovery.status).toBe('succeeded');
    // 30 services + 6 fixtures minus the archived repo.
    expect(discovery.entitiesFound).toBe(REPOS + 5);
    const org = await run('org');
    expect(org.status).toBe('succeeded');

    await ingested([
      ...serviceRefs,
      `component:default/${FAKE_GITHUB_FIXTURES.valid}`,
      `component:default/${FAKE_GITHUB_FIXTURES.multiDoc}`,
      'api:default/gh-orders-events',
      'group:default/team-1',
    ]);

    const checkout = await byName('component', FAKE_GITHUB_FIXTURES.valid);
    expect(
      checkout.metadata.annotations?.['backstage.io/managed-by-location'],
    ).toBe(
      `url:${gh.url}/acme/${FAKE_GITHUB_FIXTURES.valid}/tree/main/catalog-info.yaml`,
    );
    expect(targets(checkout, 'ownedBy')).toEqual(['group:default/team-0']);
    expect(targets(checkout, 'dependsOn')).toEqual([
      'component:default/service-0001',
    ]);
    // multi-document file: both documents, linked
    const orders = await byName('component', FAKE_GITHUB_FIXTURES.multiDoc);
    expect(targets(orders, 'providesApi')).toEqual([
      'api:default/gh-orders-events',
    ]);
    const ordersApi = await byName('api', 'gh-orders-events');
    expect(
      ordersApi.metadata.annotations?.['backstage.io/managed-by-location'],
    ).toBe(
      `url:${gh.url}/acme/${FAKE_GITHUB_FIXTURES.multiDoc}/tree/main/catalog-info.yaml`,
    );
    // the team owns what names it as owner
    const team0 = await byName('group', 'team-0');
    expect(targets(team0, 'ownerOf')).toEqual(
      expect.arrayContaining([
        `component:default/${FAKE_GITHUB_FIXTURES.valid}`,
      ]),
    );
    // archived repo and repo without a file: nothing
    const all = await refs();
    expect(all.has(`component:default/${FAKE_GITHUB_FIXTURES.archived}`)).toBe(
      false,
    );
  });

  it('turns teams and members into Groups and Users with memberships', async () => {
    const team1 = await byName('group', 'team-1');
    expect(targets(team1, 'hasMember')).toEqual([
      'user:default/user-1-0',
      'user:default/user-1-1',
    ]);
    expect(targets(team1, 'childOf')).toEqual(['group:default/team-0']);
    const user = await byName('user', 'user-1-0');
    expect(targets(user, 'memberOf')).toEqual(['group:default/team-1']);
    expect((user.spec as any).profile.email).toBe('user-1-0@acme.example');
  });

  it('records broken files as processing errors while the rest is ingested', async () => {
    // A location whose file cannot be processed never becomes a served
    // entity; the catalog keeps its errors in refresh_state.
    const errorsFor = async (repo: string) => {
      const client = new Client({
        connectionString: `${postgresUrl}/${prefix}catalog`,
      });
      await client.connect();
      try {
        const { rows } = await client.query(
          `select errors from refresh_state
           where unprocessed_entity like $1 and errors is not null and errors <> '[]'`,
          [`%/acme/${repo}/%`],
        );
        return rows.map(r => String(r.errors));
      } finally {
        await client.end();
      }
    };
    const yamlErrors = await waitFor('YAML error', async () => {
      const e = await errorsFor(FAKE_GITHUB_FIXTURES.invalidYaml);
      return e.length ? e : undefined;
    });
    expect(yamlErrors.join('\n')).toMatch(/YAML/i);
    const entityErrors = await waitFor('validation error', async () => {
      const e = await errorsFor(FAKE_GITHUB_FIXTURES.invalidEntity);
      return e.length ? e : undefined;
    });
    expect(entityErrors.join('\n')).toMatch(/Not A Valid Name!/);
    expect(await errorsFor(FAKE_GITHUB_FIXTURES.valid)).toEqual([]);
    expect(await errorsFor(FAKE_GITHUB_FIXTURES.none)).toEqual([]);
    // the rest is served
    expect(
      (await refs()).has(`component:default/${FAKE_GITHUB_FIXTURES.valid}`),
    ).toBe(true);
  });

  it('shows each broken file with its error for its location in the unprocessed-entities API', async () => {
    // What the portal's Unprocessed Entities page (/catalog-unprocessed-entities)
    // reads. catalog-backend 4 never stitches an entity that was never
    // processed, so a broken file's Location is listed as "pending" (no final
    // entity), not "failed" (final entity null); the page shows both tabs.
    type Unprocessed = {
      unprocessed_entity: Entity;
      errors?: { name: string; message: string }[];
    };
    const unprocessedFor = async (repo: string) => {
      const lists = await Promise.all(
        (['failed', 'pending'] as const).map(async reason => {
          const body = await api<{ type: string; entities: Unprocessed[] }>(
            `/entities/unprocessed/${reason}`,
          );
          expect(body.type).toBe(reason);
          return body.entities;
        }),
      );
      // A file that cannot be read is its Location; an entity that fails
      // validation is that entity, annotated with the location it came from.
      return lists
        .flat()
        .filter(e =>
          [
            e.unprocessed_entity.spec?.target,
            e.unprocessed_entity.metadata.annotations?.[
              'backstage.io/managed-by-location'
            ],
          ].some(where => String(where ?? '').includes(`/acme/${repo}/`)),
        );
    };
    const withErrors = (repo: string) =>
      waitFor(`${repo} with its error in the API`, async () => {
        const found = await unprocessedFor(repo);
        return found.find(e => e.errors?.length);
      });

    const yaml = await withErrors(FAKE_GITHUB_FIXTURES.invalidYaml);
    // The module's pending query selects final_entities' columns too, so its
    // entity_ref comes back null there; the record itself identifies the file.
    expect(yaml.unprocessed_entity.kind).toBe('Location');
    expect(yaml.unprocessed_entity.spec?.target).toBe(
      `${gh.url}/acme/${FAKE_GITHUB_FIXTURES.invalidYaml}/blob/main/catalog-info.yaml`,
    );
    expect(yaml.errors!.map(e => e.message).join('\n')).toMatch(/YAML/i);

    const invalid = await withErrors(FAKE_GITHUB_FIXTURES.invalidEntity);
    expect(invalid.unprocessed_entity.kind).toBe('Component');
    expect(invalid.unprocessed_entity.metadata.name).toBe('Not A Valid Name!');
    expect(invalid.errors!.map(e => e.message).join('\n')).toMatch(
      /Not A Valid Name!/,
    );
    // processed files and repos without one are not listed
    expect(await unprocessedFor(FAKE_GITHUB_FIXTURES.valid)).toEqual([]);
    expect(await unprocessedFor(FAKE_GITHUB_FIXTURES.none)).toEqual([]);
  });

  it('keeps every entity through a rate limit, a 502 and a timeout, retrying', async () => {
    const before = await refs();
    gh.requests.length = 0;
    gh.inject(
      { kind: 'rateLimit', resetInSeconds: 1 },
      r => r.operation === 'repositories',
    );
    gh.inject({ kind: 'badGateway' }, r => r.operation === 'repositories');
    gh.inject({ kind: 'timeout', holdMs: 1500 }, r => r.operation === 'users');
    gh.inject({ kind: 'badGateway' }, r => r.operation === 'teams');

    let lost: string[] = [];
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const now = await refs();
        lost = lost.concat([...before].filter(r => !now.has(r)));
        await new Promise(r => setTimeout(r, 200));
      }
    })();
    const [discovery, org] = await Promise.all([run('discovery'), run('org')]);
    watching = false;
    await watcher;

    expect(
      gh.requests
        .filter(r => r.fault)
        .map(r => r.fault)
        .sort(),
    ).toEqual(['badGateway', 'badGateway', 'rateLimit', 'timeout']);
    expect(discovery.status).toBe('succeeded');
    expect(org.status).toBe('succeeded');
    expect(org.errors.join('\n')).toMatch(/attempt 1/);
    expect(lost).toEqual([]);
    expect(await refs()).toEqual(before);
    // The org run, in parallel, may spend more after discovery asked: the
    // figure is what GitHub answered then, not what is left at the end.
    const rate = discovery.rateLimit?.find(r => r.resource === 'graphql');
    const answered = gh.requests
      .filter(r => r.path.startsWith('/api/v3/rate_limit'))
      .map(r => r.graphqlRemaining);
    expect(answered).toContain(rate?.remaining);
    expect(rate!.remaining).toBeLessThan(rate!.limit);
  });

  it('keeps the catalog when a run fails for good, or GitHub returns nothing', async () => {
    const before = await refs();
    // A revoked token: every attempt fails (401 is not retried by octokit).
    gh.inject(
      { kind: 'badCredentials' },
      r => r.operation === 'repositories',
      3,
    );
    const failed = await run('discovery');
    expect(failed.status).toBe('failed');
    expect(failed.errors).toHaveLength(3);
    expect(failed.errors.join('\n')).toMatch(/Bad credentials/);
    gh.clearFaults();
    expect(await refs()).toEqual(before);

    // A token that lost access to the org sees no repositories, no members.
    const saved = { ...gh.org };
    gh.org.repos = [];
    gh.org.users = [];
    gh.org.teams = [];
    const empty = await run('discovery');
    const emptyOrg = await run('org');
    Object.assign(gh.org, saved);
    expect(empty.status).toBe('failed');
    expect(empty.errors.join('\n')).toMatch(/refusing to replace/);
    expect(emptyOrg.status).toBe('failed');
    expect(await refs()).toEqual(before);
  });

  it('removes the entities of a deleted or archived repo on the next run', async () => {
    gh.deleteRepo('service-0003');
    gh.repo('service-0004').isArchived = true;
    const discovery = await run('discovery');
    expect(discovery.status).toBe('succeeded');
    expect(discovery.entitiesFound).toBe(REPOS + 3);
    const gone = await waitFor('removal', async () => {
      const have = await refs();
      return have.has('component:default/service-0003') ||
        have.has('component:default/service-0004')
        ? undefined
        : have;
    });
    expect(gone.has('component:default/service-0005')).toBe(true);
    // no orphans left behind
    const orphans = (await entities()).filter(
      e => e.metadata.annotations?.['backstage.io/orphan'] === 'true',
    );
    expect(orphans.map(stringifyEntityRef)).toEqual([]);
  });

  it('answers unchanged catalog files with 304 (ETag) on refresh', async () => {
    const path = `/api/v3/repos/acme/${FAKE_GITHUB_FIXTURES.valid}/contents/catalog-info.yaml`;
    gh.requests.length = 0;
    await api('/refresh', {
      method: 'POST',
      body: JSON.stringify({
        entityRef: `component:default/${FAKE_GITHUB_FIXTURES.valid}`,
      }),
    });
    const reads = await waitFor('conditional read', async () => {
      const r = gh.requests.filter(q => q.path.startsWith(path));
      return r.length ? r : undefined;
    });
    expect(reads[0].status).toBe(304);
  });

  it('accepts signed push webhooks only, and refreshes the changed file', async () => {
    const event = {
      ref: 'refs/heads/main',
      repository: {
        name: FAKE_GITHUB_FIXTURES.valid,
        html_url: `${gh.url}/acme/${FAKE_GITHUB_FIXTURES.valid}`,
        default_branch: 'main',
        archived: false,
        fork: false,
        topics: [],
        visibility: 'private',
        owner: { login: 'acme' },
      },
      organization: { login: 'acme' },
      commits: [{ added: [], removed: [], modified: ['catalog-info.yaml'] }],
    };
    const body = JSON.stringify(event);
    const post = (signature: string) =>
      fetch(`${backend.baseUrl}/api/events/http/github`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-GitHub-Event': 'push',
          'X-Hub-Signature-256': signature,
        },
        body,
      });
    const forged = await post(
      `sha256=${createHmac('sha256', 'wrong').update(body).digest('hex')}`,
    );
    expect(forged.status).toBe(403);

    const file = gh.repo(FAKE_GITHUB_FIXTURES.valid).files;
    file.set(
      'catalog-info.yaml',
      file
        .get('catalog-info.yaml')!
        .replace(/description: .*/, 'description: changed by a push'),
    );
    const signed = await post(
      `sha256=${createHmac('sha256', webhookSecret)
        .update(body)
        .digest('hex')}`,
    );
    expect(signed.status).toBe(202);
    const changed = await waitFor('pushed change served', async () => {
      const e = await byName('component', FAKE_GITHUB_FIXTURES.valid);
      return e.metadata.description === 'changed by a push' ? e : undefined;
    });
    expect(changed.metadata.description).toBe('changed by a push');
  });
});
