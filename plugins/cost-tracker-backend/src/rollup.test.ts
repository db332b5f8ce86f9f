import { mockServices, TestDatabaseId } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import express from 'express';
import request from 'supertest';
import { CostStore } from './database/CostStore';
import { EntityIndex } from './ingestion/EntityIndex';
import { readFocusCsv } from './ingestion/focus';
import { createRouter } from './router';
import { addDays, eachDay } from './service/window';
import { generateCosts, generateOrg } from './__testUtils__/generatedOrg';
import { loadSampleOrg } from './__testUtils__/sampleOrg';
import { testDatabases } from '@internal/test-fakes';
import { demoFocusExport } from '../dev/demoCosts';

jest.setTimeout(180_000);

const TODAY = '2026-11-30';
const FROM = '2026-11-01';

type OrganizationBody = {
  total: number;
  allocated: number;
  teams: Array<{
    entityRef: string;
    amount: number;
    direct: boolean;
    entities: number;
  }>;
  unallocated: {
    total: number;
    items: Array<{ key: string; reason: string; amount: number }>;
  };
  byDay: Array<{ day: string; total: number }>;
};

const cents = (n: number) => Math.round(n * 100);

/** Two amounts rounded separately from the same exact sum: at most a cent apart. */
const expectSameMoney = (actual: number, expected: number) =>
  expect(Math.abs(cents(actual) - cents(expected))).toBeLessThanOrEqual(1);

describe('every cost is counted once, for exactly one team', () => {
  const databases = testDatabases(['POSTGRES_15', 'SQLITE_3']);

  async function start(databaseId: TestDatabaseId, entities: Entity[]) {
    const knex = await databases.init(databaseId);
    const store = await CostStore.create({
      database: { getClient: async () => knex, migrations: { skip: false } },
    });
    const app = express().use(
      await createRouter({
        httpAuth: mockServices.httpAuth(),
        catalog: catalogServiceMock({ entities }),
        store,
        config: {
          currency: 'USD',
          focus: { directories: [], defaultTagKey: 'app' },
          budgets: [],
        },
        now: () => new Date(`${TODAY}T12:00:00Z`),
      }),
    );
    const get = async (url: string, to = TODAY) => {
      const res = await request(app).get(url).query({ from: FROM, to });
      expect(res.status).toBe(200);
      return res.body;
    };
    /** Every stored cent in the window, allocated or not, straight from SQL. */
    const storedTotal = async (to = TODAY) => {
      let sum = 0;
      for (const table of ['cost_daily', 'cost_unallocated_daily']) {
        const [row] = await knex(table)
          .sum({ amount: 'amount' })
          .whereBetween('day', [FROM, to]);
        sum += Number(row.amount ?? 0);
      }
      return sum;
    };
    return { store, get, storedTotal };
  }

  /**
   * The invariant, checked over HTTP: the teams plus unallocated add up to
   * every stored cost; each top-level team's own roll-up equals its share;
   * no entity is in two teams' roll-ups; and every entity with a cost is in
   * exactly one team or unallocated.
   */
  async function expectEveryCostOnce(
    app: Awaited<ReturnType<typeof start>>,
    to = TODAY,
  ) {
    const org: OrganizationBody = await app.get(
      '/organization?cost=effective',
      to,
    );
    const stored = await app.storedTotal(to);
    expect(cents(org.total)).toBe(cents(stored));
    expect(
      org.teams.reduce((s, t) => s + cents(t.amount), 0) +
        cents(org.unallocated.total),
    ).toBe(cents(org.total));
    expect(org.unallocated.items.reduce((s, u) => s + cents(u.amount), 0)).toBe(
      cents(org.unallocated.total),
    );
    const daily = org.byDay.reduce((s, d) => s + d.total, 0);
    expect(Math.abs(daily - org.total)).toBeLessThan(0.01 * org.byDay.length);

    const seen = new Map<string, string>();
    for (const team of org.teams) {
      const [kind, rest] = team.entityRef.split(':');
      const rollup = await app.get(`/costs/${kind}/${rest}`, to);
      const members: string[] = rollup.members.length
        ? rollup.members.map((m: { entityRef: string }) => m.entityRef)
        : [];
      let amount = rollup.total;
      let count = members.length;
      if (team.direct) {
        // An organization root is listed with what it owns itself only.
        const own = rollup.byOwner.find(
          (o: { owner: string }) => o.owner === team.entityRef,
        );
        amount = own?.amount ?? 0;
        count = own?.entityRefs.length ?? 0;
        members.splice(0, members.length, ...(own?.entityRefs ?? []));
      }
      // Both are rounded to cents from the same exact sum.
      expect({
        team: team.entityRef,
        off: Math.abs(cents(amount) - cents(team.amount)) > 1,
      }).toEqual({ team: team.entityRef, off: false });
      expect(count).toBe(team.entities);
      for (const member of members) {
        expect({ member, team: seen.get(member) }).toEqual({
          member,
          team: undefined,
        });
        seen.set(member, team.entityRef);
      }
    }
    const everything = await app.store.totalsByEntity({ from: FROM, to });
    const unallocated = new Set(org.unallocated.items.map(u => u.key));
    for (const { entityRef } of everything) {
      expect({
        entityRef,
        placed: seen.has(entityRef) !== unallocated.has(entityRef),
      }).toEqual({ entityRef, placed: true });
    }
    return { org, seen };
  }

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('the sample org (catalog/): a shared system is not charged twice', async () => {
      const entities = loadSampleOrg();
      const app = await start(databaseId, entities);
      const text = `${demoFocusExport({
        entities,
        tagKey: 'app',
        currency: 'USD',
        today: TODAY,
      })}${[
        // a bill row nobody's tag claims, and an untagged tax row
        `7.25,7.25,USD,Usage,,${FROM}T00:00:00Z,${addDays(
          FROM,
          1,
        )}T00:00:00Z,AWS,Compute,Amazon EC2,i-orphan,"{""app"":""nobody""}"`,
        `3.10,3.10,USD,Tax,,${FROM}T00:00:00Z,${addDays(
          FROM,
          1,
        )}T00:00:00Z,AWS,Other,Tax,,`,
      ].join('\n')}\n`;
      const result = readFocusCsv({
        text,
        source: 'focus:demo.csv',
        index: new EntityIndex(entities, {
          labelKey: 'app',
          defaultTagKey: 'app',
        }),
        currency: 'USD',
      });
      expect(result.rejections).toEqual([]);
      await app.store.replaceSource({
        source: 'focus:demo.csv',
        rows: result.rows,
        unallocated: result.unallocatedRows,
      });
      // a cost stored for a service that has since left the catalog
      await app.store.replaceSource({
        source: 'opencost',
        rows: [
          {
            entityRef: 'component:default/retired-service',
            day: FROM,
            category: 'compute',
            source: 'opencost',
            amount: 4.5,
          },
        ],
        unallocated: [],
      });

      const { org } = await expectEveryCostOnce(app);
      expect(org.unallocated.total).toBe(14.85);
      expect(org.unallocated.items).toEqual([
        {
          key: 'tags {"app":"nobody"}',
          reason: 'no catalog entity claims tags {"app":"nobody"}',
          source: 'focus:demo.csv',
          amount: 7.25,
        },
        {
          key: 'component:default/retired-service',
          reason: 'not in the catalog',
          amount: 4.5,
        },
        {
          key: 'untagged Tax (AWS, Tax)',
          reason: 'no catalog entity claims tags {}',
          source: 'focus:demo.csv',
          amount: 3.1,
        },
      ]);

      // Each team's total is what it owns itself.
      const componentCost = async (name: string) =>
        (await app.get(`/costs/component/default/${name}`)).total;
      const payments = await app.get('/costs/group/default/team-payments');
      expect(
        payments.members.map((m: { entityRef: string }) => m.entityRef),
      ).toEqual([
        'component:default/ledger-service',
        'component:default/payment-service',
      ]);
      expectSameMoney(
        payments.total,
        (await componentCost('ledger-service')) +
          (await componentCost('payment-service')),
      );
      // team-checkout owns the commerce domain, not the systems in it
      const checkout = await app.get('/costs/group/default/team-checkout');
      expect(checkout.members).toHaveLength(4);
      expect(org.teams.map(t => t.entityRef)).toEqual([
        'group:default/team-checkout',
        'group:default/team-payments',
        'group:default/team-fraud',
        'group:default/platform',
      ]);

      // The System view shows the whole system and who each part is charged to.
      const system = await app.get('/costs/system/default/payments');
      const fraud = await componentCost('fraud-detection');
      expectSameMoney(system.total, payments.total + fraud);
      expect(system.byOwner).toEqual([
        {
          owner: 'group:default/team-payments',
          amount: expect.any(Number),
          entityRefs: [
            'component:default/ledger-service',
            'component:default/payment-service',
          ],
        },
        {
          owner: 'group:default/team-fraud',
          amount: fraud,
          entityRefs: ['component:default/fraud-detection'],
        },
      ]);
      expectSameMoney(system.byOwner[0].amount, payments.total);
    });

    it('a generated org of 10,000 entities', async () => {
      const org = generateOrg(10_000);
      expect(org.entities).toHaveLength(10_000);
      const app = await start(databaseId, org.entities);
      const to = addDays(FROM, 1);
      const costs = generateCosts({
        org,
        days: eachDay(FROM, to),
        source: 'generated',
      });
      await app.store.replaceSource({ source: 'generated', ...costs });

      const { org: body, seen } = await expectEveryCostOnce(app, to);
      // Top-level: the departments, users owning something, and the
      // organization root for what it owns itself.
      expect(body.teams.filter(t => t.entityRef.startsWith('group:'))).toEqual(
        expect.arrayContaining(
          [...org.departments, 'group:default/org'].map(entityRef =>
            expect.objectContaining({
              entityRef,
              direct: entityRef === 'group:default/org',
            }),
          ),
        ),
      );
      expect(
        body.teams.filter(
          t =>
            !/^(group:default\/(dept-\d|org)|user:default\/user-\d+)$/.test(
              t.entityRef,
            ),
        ),
      ).toEqual([]);
      expect(seen.size).toBeGreaterThan(9_000);
      const reasons = new Set(body.unallocated.items.map(u => u.reason));
      expect(reasons).toEqual(
        new Set([
          'not in the catalog',
          'has no owner',
          ...Array.from(
            { length: 5 },
            (_, k) =>
              `its owner group:default/disbanded-${k} is not in the catalog`,
          ),
          ...Array.from(
            { length: 10 },
            (_, k) => `no catalog entity claims tags {"app":"unknown-${k}"}`,
          ),
        ]),
      );
      // eslint-disable-next-line no-console
      console.log(
        `10,000 entities on ${databaseId}: total ${body.total}, ${body.teams.length} top-level owners ${body.allocated}, unallocated ${body.unallocated.total} (${body.unallocated.items.length} items); ${seen.size} entities each under one team`,
      );
    });
  });
});
