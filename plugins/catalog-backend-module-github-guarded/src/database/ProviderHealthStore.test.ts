import { TestDatabaseId } from '@backstage/backend-test-utils';
import type { ProviderHealth } from '@internal/backstage-plugin-catalog-health-common';
import { ProviderHealthStore } from './ProviderHealthStore';
import { testDatabases } from '@internal/test-fakes';

jest.setTimeout(60_000);

const discovery = {
  provider: 'github-provider:acme',
  kind: 'discovery',
  taskId: 'github-provider:acme:guarded-refresh',
} as const;
const org = {
  provider: 'GithubMultiOrgEntityProvider:production',
  kind: 'org',
  taskId: 'GithubMultiOrgEntityProvider:production:guarded-refresh',
} as const;

const succeeded = {
  ...discovery,
  status: 'succeeded',
  lastRunStartedAt: '2026-12-05T10:00:00.000Z',
  lastRunEndedAt: '2026-12-05T10:01:40.000Z',
  lastSuccessAt: '2026-12-05T10:01:40.000Z',
  entitiesFound: 10_035,
  errors: ['attempt 1: API rate limit exceeded for installation'],
  rateLimit: [
    {
      resource: 'core',
      limit: 5000,
      remaining: 4990,
      reset: '2026-12-05T11:00:00.000Z',
    },
    {
      resource: 'graphql',
      limit: 5000,
      remaining: 4899,
      reset: '2026-12-05T11:00:00.000Z',
    },
  ],
} satisfies ProviderHealth;

describe('ProviderHealthStore', () => {
  const databases = testDatabases(['POSTGRES_15', 'SQLITE_3']);

  async function createStores(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    const database = {
      getClient: async () => knex,
      migrations: { skip: false },
    };
    // Two replicas on one database: both migrate, as at a rolling start.
    const stores = [
      await ProviderHealthStore.create({ database }),
      await ProviderHealthStore.create({ database }),
    ];
    return { knex, stores };
  }

  it.each(databases.eachSupportedId())(
    'keeps a run stored by one replica when another starts, %p',
    async databaseId => {
      const {
        knex,
        stores: [a, b],
      } = await createStores(databaseId);
      await a.register(discovery);
      expect(await b.get(discovery.provider)).toEqual({
        ...discovery,
        status: 'scheduled',
        errors: [],
      });

      await a.save(succeeded);
      // another replica starting (or restarting) registers it again
      await b.register(discovery);
      expect(await b.get(discovery.provider)).toEqual(succeeded);

      // migrations live in their own table, beside the catalog's
      expect(
        await knex('github_guarded__knex_migrations').pluck('name'),
      ).toEqual(['20261205000000_provider_health.js']);
    },
  );

  it.each(databases.eachSupportedId())(
    'lists the configured providers in order, without optional fields never set, %p',
    async databaseId => {
      const {
        stores: [a, b],
      } = await createStores(databaseId);
      await a.register(discovery);
      await a.register(org);
      const failed: ProviderHealth = {
        ...org,
        status: 'failed',
        lastRunStartedAt: '2026-12-05T10:00:00.000Z',
        lastRunEndedAt: '2026-12-05T10:00:09.000Z',
        errors: ['attempt 1: Bad credentials', 'attempt 2: Bad credentials'],
      };
      await a.save(failed);

      const listed = await b.list([
        org.provider,
        discovery.provider,
        'github-provider:not-registered',
      ]);
      expect(listed).toEqual([
        failed,
        { ...discovery, status: 'scheduled', errors: [] },
      ]);
      expect(Object.keys(listed[0])).not.toContain('entitiesFound');
      expect(await b.list([])).toEqual([]);
    },
  );
});
