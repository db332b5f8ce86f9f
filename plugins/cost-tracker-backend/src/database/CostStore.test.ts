import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { TestDatabaseId } from '@backstage/backend-test-utils';
import { CostStore } from './CostStore';
import { testDatabases } from '@internal/test-fakes';

jest.setTimeout(60_000);

describe('CostStore', () => {
  const databases = testDatabases(['POSTGRES_15', 'SQLITE_3']);

  async function createStore(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    return CostStore.create({
      database: { getClient: async () => knex, migrations: { skip: false } },
    });
  }

  it.each(databases.eachSupportedId())(
    'replaces amounts on re-ingestion instead of adding them, %p',
    async databaseId => {
      const store = await createStore(databaseId);
      const rows = [
        {
          entityRef: 'component:default/payment-service',
          day: '2026-11-01',
          category: 'compute' as const,
          source: 'opencost',
          amount: 10.5,
        },
        {
          entityRef: 'Component:default/Payment-Service',
          day: '2026-11-01',
          category: 'compute' as const,
          source: 'focus:aws.csv',
          amount: 4,
        },
        {
          entityRef: 'component:default/payment-service',
          day: '2026-11-02',
          category: 'storage' as const,
          source: 'opencost',
          amount: 2.25,
        },
      ];
      await store.upsertDaily(rows);
      await store.upsertDaily(rows);
      await store.upsertDaily([{ ...rows[0], amount: 11 }]);

      expect(
        await store.dailyByCategory({
          entityRefs: ['component:default/payment-service'],
          from: '2026-11-01',
          to: '2026-11-30',
        }),
      ).toEqual([
        { day: '2026-11-01', category: 'compute', amount: 15 },
        { day: '2026-11-02', category: 'storage', amount: 2.25 },
      ]);
      expect(
        await store.dailyByCategory({
          entityRefs: ['component:default/payment-service'],
          from: '2026-11-02',
          to: '2026-11-02',
        }),
      ).toEqual([{ day: '2026-11-02', category: 'storage', amount: 2.25 }]);
    },
  );

  it.each(databases.eachSupportedId())(
    'ranks entities by total, filtered by kind and refs, %p',
    async databaseId => {
      const store = await createStore(databaseId);
      const row = (entityRef: string, amount: number, day = '2026-11-03') => ({
        entityRef,
        day,
        category: 'other' as const,
        source: 'opencost',
        amount,
      });
      await store.upsertDaily([
        row('component:default/a', 5),
        row('component:default/b', 7),
        row('component:default/b', 1, '2026-10-01'),
        row('resource:default/db', 9),
      ]);
      const window = { from: '2026-11-01', to: '2026-11-30' };
      expect(await store.totalsByEntity({ ...window, limit: 2 })).toEqual([
        { entityRef: 'resource:default/db', amount: 9 },
        { entityRef: 'component:default/b', amount: 7 },
      ]);
      expect(
        await store.totalsByEntity({ ...window, kind: 'Component' }),
      ).toEqual([
        { entityRef: 'component:default/b', amount: 7 },
        { entityRef: 'component:default/a', amount: 5 },
      ]);
      expect(
        await store.totalsByEntity({
          ...window,
          entityRefs: ['component:default/a', 'resource:default/db'],
        }),
      ).toEqual([
        { entityRef: 'resource:default/db', amount: 9 },
        { entityRef: 'component:default/a', amount: 5 },
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps the last success when a run fails, and alerts once per period, %p',
    async databaseId => {
      const store = await createStore(databaseId);
      const ok = new Date('2026-11-01T10:00:00Z');
      const failed = new Date('2026-11-01T11:00:00Z');
      await store.setStatus({
        source: 'opencost',
        status: 'ok',
        rowsIngested: 3,
        at: ok,
      });
      await store.setStatus({
        source: 'opencost',
        status: 'failed',
        message: 'OpenCost answered 500',
        rowsIngested: 0,
        at: failed,
      });
      expect(await store.listStatus()).toEqual([
        {
          source: 'opencost',
          status: 'failed',
          message: 'OpenCost answered 500',
          rowsIngested: 0,
          rowsRejected: 0,
          rejections: [],
          lastAttemptAt: failed.toISOString(),
          lastSuccessAt: ok.toISOString(),
        },
      ]);

      const alert = {
        entityRef: 'component:default/a',
        period: '2026-11',
        budget: 10,
        spent: 12,
      };
      expect(await store.claimBudgetAlert(alert)).toBe(true);
      expect(await store.claimBudgetAlert(alert)).toBe(false);
      expect(
        await store.claimBudgetAlert({ ...alert, period: '2026-12' }),
      ).toBe(true);
      await store.releaseBudgetAlert(alert.entityRef, '2026-11');
      expect(await store.claimBudgetAlert(alert)).toBe(true);
    },
  );
  it.each(databases.eachSupportedId())(
    'replaces what a source held, keeps billed beside effective cost and unallocated cost apart, %p',
    async databaseId => {
      const store = await createStore(databaseId);
      const row = (entityRef: string, day: string, amount: number) => ({
        entityRef,
        day,
        category: 'compute' as const,
        source: 'focus:aws.csv',
        amount,
        billedAmount: amount * 2,
      });
      const tagged = (amount: number) => ({
        key: 'tags {"app":"nobody"}',
        reason: 'no catalog entity claims tags {"app":"nobody"}',
        day: '2026-11-01',
        category: 'compute' as const,
        source: 'focus:aws.csv',
        amount,
      });
      await store.upsertDaily([
        { ...row('component:default/other', '2026-11-01', 1), source: 'x' },
      ]);
      await store.replaceSource({
        source: 'focus:aws.csv',
        rows: [
          row('component:default/a', '2026-11-01', 5),
          row('component:default/a', '2026-11-01', 1),
          row('component:default/b', '2026-11-02', 7),
        ],
        unallocated: [tagged(2), tagged(1)],
      });
      const window = { from: '2026-11-01', to: '2026-11-30' };
      expect(await store.totalsByEntity(window)).toEqual([
        { entityRef: 'component:default/b', amount: 7 },
        { entityRef: 'component:default/a', amount: 6 },
        { entityRef: 'component:default/other', amount: 1 },
      ]);
      expect(
        await store.totalsByEntity({ ...window, basis: 'billed' }),
      ).toEqual([
        { entityRef: 'component:default/b', amount: 14 },
        { entityRef: 'component:default/a', amount: 12 },
        { entityRef: 'component:default/other', amount: 2 },
      ]);
      expect(await store.unallocatedTotals(window)).toEqual([
        {
          key: 'tags {"app":"nobody"}',
          reason: 'no catalog entity claims tags {"app":"nobody"}',
          source: 'focus:aws.csv',
          amount: 3,
        },
      ]);
      expect(await store.dailyTotals(window)).toEqual([
        { day: '2026-11-01', category: 'compute', amount: 10 },
        { day: '2026-11-02', category: 'compute', amount: 7 },
      ]);

      // The file again, where b's cost moved to c: b no longer counts it.
      await store.replaceSource({
        source: 'focus:aws.csv',
        rows: [row('component:default/c', '2026-11-02', 7)],
        unallocated: [],
      });
      expect(await store.totalsByEntity(window)).toEqual([
        { entityRef: 'component:default/c', amount: 7 },
        { entityRef: 'component:default/other', amount: 1 },
      ]);
      expect(await store.unallocatedTotals(window)).toEqual([]);

      // A window replaces only its days.
      await store.replaceSource({
        source: 'focus:aws.csv',
        from: '2026-11-03',
        to: '2026-11-04',
        rows: [row('component:default/d', '2026-11-03', 1)],
        unallocated: [],
      });
      expect(
        (await store.totalsByEntity(window)).map(r => r.entityRef),
      ).toEqual([
        'component:default/c',
        'component:default/d',
        'component:default/other',
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps the amounts stored before BilledCost was kept as their billed cost, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const directory = resolvePackagePath(
        '@internal/backstage-plugin-cost-tracker-backend',
        'migrations',
      );
      await knex.migrate.up({ directory, name: '20261124000000_init.js' });
      await knex('cost_daily').insert({
        entity_ref: 'component:default/a',
        day: '2026-11-01',
        category: 'compute',
        source: 'opencost',
        amount: 4.25,
        updated_at: new Date(),
      });
      const store = await CostStore.create({
        database: { getClient: async () => knex, migrations: { skip: false } },
      });
      expect(
        await store.totalsByEntity({
          from: '2026-11-01',
          to: '2026-11-01',
          basis: 'billed',
        }),
      ).toEqual([{ entityRef: 'component:default/a', amount: 4.25 }]);
    },
  );
});
