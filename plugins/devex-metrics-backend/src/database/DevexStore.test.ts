import { mockServices, TestDatabaseId } from '@backstage/backend-test-utils';
import { DevexSnapshot } from '@internal/backstage-plugin-devex-metrics-common';
import { ConflictError } from '@backstage/errors';
import { DevexStore } from './DevexStore';
import { testDatabases } from '@internal/test-fakes';

jest.setTimeout(60_000);

describe('DevexStore', () => {
  const databases = testDatabases(['POSTGRES_15', 'SQLITE_3']);

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

  it.each(databases.eachSupportedId())(
    'keeps one row per day and key: re-recording a day replaces it, also from two store instances at once, %p',
    async databaseId => {
      const { knex, store } = await createStore(databaseId);
      // a second plugin instance (another replica, or after a restart)
      const other = await DevexStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      const record = (
        day: string,
        adoption: number | null,
        level: string | null,
      ) => ({
        day,
        metrics: {
          'golden_path.adoption_percent': adoption,
          'template_runs.total': 3,
        },
        readiness: [
          {
            subjectType: 'entity' as const,
            subjectRef: 'component:default/svc',
            level,
            data: { passed: 2, total: 8 },
          },
          {
            subjectType: 'team' as const,
            subjectRef: 'group:default/team-a',
            level,
            data: { services: 1, levels: {}, scorePercent: 25 },
          },
        ],
      });
      await store.recordDay(record('2026-11-01', 10, null));
      await store.recordDay(record('2026-11-02', 20, 'bronze'));
      // the same day again, twice at once: the later values, one row each
      await Promise.all([
        store.recordDay(record('2026-11-02', 30, 'silver')),
        other.recordDay(record('2026-11-02', 30, 'silver')),
      ]);
      const [{ n }] = await knex('devex_daily_metrics').count({ n: '*' });
      expect(Number(n)).toBe(4);

      expect(await other.dailyMetrics('2026-11-02')).toEqual([
        { day: '2026-11-02', key: 'golden_path.adoption_percent', value: 30 },
        { day: '2026-11-02', key: 'template_runs.total', value: 3 },
      ]);
      expect(
        (await other.dailyMetrics('2026-10-01')).map(r => [
          r.day,
          r.key,
          r.value,
        ]),
      ).toEqual([
        ['2026-11-01', 'golden_path.adoption_percent', 10],
        ['2026-11-01', 'template_runs.total', 3],
        ['2026-11-02', 'golden_path.adoption_percent', 30],
        ['2026-11-02', 'template_runs.total', 3],
      ]);
      expect(
        await other.readinessHistory({
          subjectType: 'entity',
          subjectRef: 'component:default/svc',
          sinceDay: '2026-01-01',
        }),
      ).toEqual([
        {
          day: '2026-11-01',
          subjectType: 'entity',
          subjectRef: 'component:default/svc',
          level: null,
          data: { passed: 2, total: 8 },
        },
        {
          day: '2026-11-02',
          subjectType: 'entity',
          subjectRef: 'component:default/svc',
          level: 'silver',
          data: { passed: 2, total: 8 },
        },
      ]);
      expect(
        (
          await store.readinessHistory({
            subjectType: 'team',
            sinceDay: '2026-11-02',
          })
        ).map(r => [r.subjectRef, r.day, r.level]),
      ).toEqual([['group:default/team-a', '2026-11-02', 'silver']]);
    },
  );

  it.each(databases.eachSupportedId())(
    'records many entities in one day (batched), %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      const readiness = Array.from({ length: 450 }, (_, i) => ({
        subjectType: 'entity' as const,
        subjectRef: `component:default/svc-${i}`,
        level: i % 2 ? 'bronze' : null,
        data: { passed: i % 9, total: 8 },
      }));
      await store.recordDay({ day: '2026-11-03', metrics: {}, readiness });
      const rows = await store.readinessHistory({
        subjectType: 'entity',
        sinceDay: '2026-11-03',
      });
      expect(rows).toHaveLength(450);
      expect(
        rows.find(r => r.subjectRef === 'component:default/svc-7')?.level,
      ).toBe('bronze');
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps the input fingerprint of the latest snapshot and prunes old snapshots, %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      expect(await store.latestFingerprint()).toBeNull();
      const snapshot = { computedAt: '2026-11-01T00:00:00.000Z' };
      await store.addSnapshot(snapshot as DevexSnapshot, 'abc');
      expect(await store.latestFingerprint()).toBe('abc');
      await store.addSnapshot(snapshot as DevexSnapshot);
      expect(await store.latestFingerprint()).toBeNull();

      // old snapshots go, the latest stays whatever its age
      expect(await store.pruneSnapshots(new Date('2026-12-01'))).toBe(1);
      expect((await store.latestSnapshot())?.computedAt).toBe(
        '2026-11-01T00:00:00.000Z',
      );
      await store.addSnapshot({
        computedAt: '2026-12-02T00:00:00.000Z',
      } as DevexSnapshot);
      expect(await store.pruneSnapshots(new Date('2026-12-01'))).toBe(1);
      expect(await store.pruneSnapshots(new Date('2026-12-01'))).toBe(0);
      expect((await store.latestSnapshot())?.computedAt).toBe(
        '2026-12-02T00:00:00.000Z',
      );
    },
  );
});
