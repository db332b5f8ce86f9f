import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { DevexSnapshot } from '@internal/backstage-plugin-devex-metrics-common';
import { ConflictError } from '@backstage/errors';
import { DevexStore } from './DevexStore';

jest.setTimeout(60_000);

describe('DevexStore', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function createStore(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    const store = await DevexStore.create({
      database: mockServices.database({ knex, migrations: { skip: false } }),
    });
    return { knex, store };
  }

  it.each(databases.eachSupportedId())(
    'refuses a second survey answer of the same user in the same period, %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      const answer = {
        userRef: 'user:default/alice',
        period: '2026-Q4',
        score: 9,
        comment: 'great',
        answeredAt: new Date('2026-11-24T10:00:00Z'),
      };
      await store.addSurveyAnswer(answer);
      await expect(
        store.addSurveyAnswer({
          ...answer,
          score: 1,
          comment: 'changed my mind',
        }),
      ).rejects.toThrow(ConflictError);
      // the first answer is kept as it was
      expect(await store.surveyAnswers('2026-Q4')).toEqual([
        expect.objectContaining({ score: 9, comment: 'great' }),
      ]);
      // next period is a new answer
      await store.addSurveyAnswer({ ...answer, period: '2027-Q1', score: 4 });
      expect(await store.hasAnswered('user:default/alice', '2027-Q1')).toBe(
        true,
      );
      expect(await store.hasAnswered('user:default/bob', '2027-Q1')).toBe(
        false,
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'stores a delivery once and records each first deploy once, %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      const event = {
        source: 'github',
        deliveryId: 'github:abc',
        repository: 'Acme/Svc',
        environment: 'production',
        status: 'success',
        deployedAt: new Date('2026-11-24T10:00:00Z'),
      };
      expect(await store.addDeployment(event)).toBe(true);
      expect(await store.addDeployment(event)).toBe(false);
      expect(
        await store.addDeployment({ ...event, deliveryId: undefined }),
      ).toBe(true);
      expect(await store.countDeployments()).toBe(2);
      const [stored] = await store.listDeployments();
      expect(stored.repository).toBe('acme/svc');
      expect(stored.deployedAt.toISOString()).toBe('2026-11-24T10:00:00.000Z');

      const row = {
        entityRef: 'component:default/svc',
        createdAt: new Date('2026-11-24T04:00:00Z'),
        firstDeployAt: new Date('2026-11-24T10:00:00Z'),
        seconds: 21600,
      };
      expect(await store.recordFirstDeploys([row])).toEqual([
        { entityRef: 'component:default/svc', seconds: 21600 },
      ]);
      expect(await store.recordFirstDeploys([row])).toEqual([]);
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps snapshots as history, oldest first, %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      expect(await store.latestSnapshot()).toBeNull();
      const snapshot = (at: string, coverage: number) =>
        ({
          computedAt: at,
          catalog: { coveragePercent: coverage },
          goldenPath: { adoptionPercent: 10 },
          survey: { nps: null },
        } as unknown as DevexSnapshot);
      await store.addSnapshot(snapshot('2026-11-01T00:00:00.000Z', 50));
      await store.addSnapshot(snapshot('2026-11-02T00:00:00.000Z', 75));
      expect((await store.latestSnapshot())?.computedAt).toBe(
        '2026-11-02T00:00:00.000Z',
      );
      expect(await store.history()).toEqual([
        {
          computedAt: '2026-11-01T00:00:00.000Z',
          catalogCoveragePercent: 50,
          adoptionPercent: 10,
          nps: null,
        },
        {
          computedAt: '2026-11-02T00:00:00.000Z',
          catalogCoveragePercent: 75,
          adoptionPercent: 10,
          nps: null,
        },
      ]);
    },
  );
});
