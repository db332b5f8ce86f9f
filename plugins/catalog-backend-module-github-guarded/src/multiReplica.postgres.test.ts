import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import type {
  GithubIngestionResponse,
  ProviderHealth,
} from '@internal/backstage-plugin-catalog-health-common';
import {
  FakeGitHub,
  generateFakeGitHubOrg,
  testDatabases,
} from '@internal/test-fakes';
import knexFactory, { Knex } from 'knex';
import request from 'supertest';
import catalogModuleGithubGuarded from '.';

/*
 * Two replicas of the catalog with this module on one PostgreSQL database,
 * with the real (database-coordinated) scheduler: each provider's run happens
 * on one replica, and both answer GET /api/catalog/github-ingestion alike.
 */
jest.setTimeout(120_000);

const token = 'ghs_multiReplicaTestToken0123456789';

describe('GitHub ingestion health across replicas', () => {
  const databases = testDatabases(['POSTGRES_15']);
  let gh: FakeGitHub;
  const replicas: TestBackend[] = [];
  let secondPool: Knex | undefined;

  beforeAll(async () => {
    gh = await new FakeGitHub({
      org: generateFakeGitHubOrg({ repos: 4, teams: 2, usersPerTeam: 2 }),
      token,
    }).start();
  });

  afterAll(async () => {
    await Promise.all(replicas.map(r => r.stop()));
    await secondPool?.destroy();
    await gh?.stop();
  });

  async function startReplica(knex: Knex) {
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleGithubGuarded,
        schedulerServiceFactory,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: {
            integrations: {
              github: [{ host: gh.host, apiBaseUrl: gh.apiBaseUrl, token }],
            },
            catalog: {
              providers: {
                github: {
                  organization: gh.org.login,
                  host: gh.host,
                  catalogPath: '/catalog-info.yaml',
                  schedule: { frequency: 'PT1H', timeout: 'PT5M' },
                },
                githubOrg: {
                  id: 'production',
                  githubUrl: gh.url,
                  schedule: { frequency: 'PT1H', timeout: 'PT5M' },
                },
              },
              githubIngestion: {
                retry: {
                  attempts: 2,
                  initialBackoffMs: 100,
                  attemptTimeoutMs: 30_000,
                },
              },
            },
          },
        }),
      ],
    });
    replicas.push(backend);
    return backend;
  }

  async function health(backend: TestBackend): Promise<ProviderHealth[]> {
    const res = await request(backend.server).get(
      '/api/catalog/github-ingestion',
    );
    expect(res.status).toBe(200);
    return (res.body as GithubIngestionResponse).providers;
  }

  /** Polls both replicas until `done` holds for what each reports. */
  async function bothReport(
    what: string,
    done: (providers: ProviderHealth[]) => boolean,
  ): Promise<ProviderHealth[][]> {
    const deadline = Date.now() + 90_000;
    for (;;) {
      const seen = await Promise.all(replicas.map(health));
      if (seen.every(done)) return seen;
      if (Date.now() > deadline) {
        throw new Error(
          `timed out waiting for ${what}: ${JSON.stringify(seen)}`,
        );
      }
      await new Promise(r => setTimeout(r, 200));
    }
  }

  const ended = (p: ProviderHealth | undefined) =>
    !!p && ['succeeded', 'failed'].includes(p.status);
  const repositoryPages = () =>
    gh.requests.filter(r => r.operation === 'repositories').length;

  it('reports the run one replica made from both replicas', async () => {
    const knex = await databases.init('POSTGRES_15');
    secondPool = knexFactory(knex.client.config);
    const [a, b] = [await startReplica(knex), await startReplica(secondPool)];
    expect(a.server.address()).not.toEqual(b.server.address());

    // The first runs start with the replicas, each on one of them.
    const [fromA, fromB] = await bothReport(
      'the first runs',
      providers => providers.length === 2 && providers.every(ended),
    );
    expect(fromB).toEqual(fromA);
    expect(fromA).toEqual([
      expect.objectContaining({
        provider: 'github-provider:default',
        kind: 'discovery',
        status: 'succeeded',
        // 4 services + 6 fixtures, less the archived repository
        entitiesFound: 9,
        errors: [],
      }),
      expect.objectContaining({
        provider: 'GithubMultiOrgEntityProvider:production',
        kind: 'org',
        status: 'succeeded',
        // 4 users + 2 teams
        entitiesFound: 6,
        errors: [],
      }),
    ]);
    // the budget read right after discovery (the org run may come later)
    const graphql = fromA[0].rateLimit?.find(r => r.resource === 'graphql');
    expect(graphql?.limit).toBe(5000);
    expect(graphql?.remaining).toBeLessThan(5000);
    expect(graphql?.remaining).toBeGreaterThanOrEqual(gh.remaining('graphql'));
    // Discovery ran once (one page of repositories), not once per replica.
    expect(repositoryPages()).toBe(1);

    // A run triggered through one replica, with GitHub refusing the token
    // once (401, which Octokit does not retry): both replicas report that
    // run, its failed attempt included.
    const discovery = fromA[0];
    gh.inject({ kind: 'badCredentials' }, r => r.operation === 'repositories');
    const triggered = await request(b.server).post(
      `/api/catalog/.backstage/scheduler/v1/tasks/${encodeURIComponent(
        discovery.taskId,
      )}/trigger`,
    );
    expect(triggered.status).toBe(200);
    const [againA, againB] = await bothReport(
      'the triggered run',
      providers =>
        ended(providers[0]) &&
        providers[0].lastRunStartedAt! > discovery.lastRunEndedAt!,
    );
    expect(againA).toEqual(againB);
    expect(againA[0]).toMatchObject({
      status: 'succeeded',
      entitiesFound: 9,
      errors: [expect.stringMatching(/^attempt 1: .*Bad credentials/)],
    });
    expect(againA[0].lastSuccessAt! > discovery.lastSuccessAt!).toBe(true);
    expect(againA[1]).toEqual(fromA[1]);
    // the failed page and the retried one
    expect(repositoryPages()).toBe(3);
  });
});
