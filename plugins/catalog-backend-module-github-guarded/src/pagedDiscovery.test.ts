import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { GithubEntityProvider } from '@backstage/plugin-catalog-backend-module-github';
import {
  DeferredEntity,
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import {
  FAKE_GITHUB_FIXTURES,
  FakeGitHub,
  generateFakeGitHubOrg,
} from '@internal/test-fakes';
import { refreshPageByPage } from './pagedDiscovery';

const token = 'ghs_pagedDiscoveryTestToken0123456789';

/** Records each mutation with the GraphQL requests GitHub had seen by then. */
function recordingConnection(gh: FakeGitHub) {
  const mutations: {
    mutation: EntityProviderMutation;
    graphqlRequestsSoFar: number;
  }[] = [];
  const connection: EntityProviderConnection = {
    applyMutation: async mutation => {
      mutations.push({
        mutation,
        graphqlRequestsSoFar: gh.requests.filter(r => r.operation).length,
      });
    },
    refresh: async () => {},
  };
  return { connection, mutations };
}

// GitHub's client sends at most one GraphQL request a second.
jest.setTimeout(30_000);

const targets = (entities: DeferredEntity[]) =>
  entities
    .map(
      e => e.entity.metadata.annotations!['backstage.io/managed-by-location'],
    )
    .sort();

describe('refreshPageByPage', () => {
  let gh: FakeGitHub;
  let provider: GithubEntityProvider;
  const logger = mockServices.logger.mock();

  beforeEach(async () => {
    gh = await new FakeGitHub({
      org: generateFakeGitHubOrg({ repos: 12 }),
      token,
    }).start();
    [provider] = GithubEntityProvider.fromConfig(
      new ConfigReader({
        integrations: {
          github: [{ host: gh.host, apiBaseUrl: gh.apiBaseUrl, token }],
        },
        catalog: {
          providers: {
            github: {
              organization: gh.org.login,
              host: gh.host,
              catalogPath: '/catalog-info.yaml',
              filters: { allowForks: false },
              // 18 repositories (12 + the fixtures) in 4 pages
              pageSizes: { repositories: 5 },
            },
          },
        },
      }),
      { logger, schedule: { run: async () => {} } },
    );
  });

  afterEach(() => gh.stop());

  it('applies each page as it arrives and ends with the entities upstream would apply', async () => {
    const upstream = recordingConnection(gh);
    await provider.connect(upstream.connection);
    await provider.refresh(logger);
    expect(upstream.mutations).toHaveLength(1);
    const upstreamFull = upstream.mutations[0].mutation;
    expect(upstreamFull.type).toBe('full');

    gh.requests.length = 0;
    const paged = recordingConnection(gh);
    await refreshPageByPage(provider, paged.connection, logger);

    const deltas = paged.mutations.slice(0, -1);
    const last = paged.mutations.at(-1)!;
    // Four pages, each applied right after its own request: the catalog
    // starts processing page 1 while page 2 is being fetched.
    expect(deltas.map(d => d.graphqlRequestsSoFar)).toEqual([1, 2, 3, 4]);
    for (const { mutation } of deltas) {
      expect(mutation).toMatchObject({ type: 'delta', removed: [] });
    }
    expect(last.mutation.type).toBe('full');

    const full = (last.mutation as { entities: DeferredEntity[] }).entities;
    expect(full).toEqual(
      (upstreamFull as { entities: DeferredEntity[] }).entities,
    );
    expect(
      targets(
        deltas.flatMap(d => (d.mutation as { added: DeferredEntity[] }).added),
      ),
    ).toEqual(targets(full));
    // archived repositories are not discovered
    expect(targets(full).join('\n')).not.toContain(
      FAKE_GITHUB_FIXTURES.archived,
    );
    expect(targets(full).join('\n')).toContain(FAKE_GITHUB_FIXTURES.valid);
  });

  it('removes nothing when GitHub fails part-way through a run', async () => {
    let graphqlRequests = 0;
    gh.inject(
      { kind: 'badCredentials' },
      r => r.operation === 'repositories' && ++graphqlRequests === 3,
    );
    const paged = recordingConnection(gh);

    await expect(
      refreshPageByPage(provider, paged.connection, logger),
    ).rejects.toThrow(/Bad credentials/);

    // The two pages read before the failure were added; nothing was replaced
    // or removed, so whatever the catalog had before stays.
    expect(paged.mutations.map(m => m.mutation.type)).toEqual([
      'delta',
      'delta',
    ]);
    for (const { mutation } of paged.mutations) {
      expect(mutation).toMatchObject({ removed: [] });
    }
  });
});
