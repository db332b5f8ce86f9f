import { TestDatabaseId } from '@backstage/backend-test-utils';
import type { AuditEventRecord } from '@internal/backstage-plugin-audit-common';
import { randomUUID } from 'node:crypto';
import { AuditStore } from './AuditStore';
import { testDatabases } from '@internal/test-fakes';

jest.setTimeout(60_000);

function record(
  overrides: Partial<AuditEventRecord> & { occurredAt: string },
): AuditEventRecord {
  return {
    id: randomUUID(),
    correlationId: randomUUID(),
    plugin: 'catalog',
    eventId: 'entity-mutate',
    action: 'catalog.entity-mutate.refresh',
    severityLevel: 'medium',
    status: 'succeeded',
    outcome: 'allowed',
    actor: { actorId: 'user:default/ada' },
    entityRefs: [],
    ...overrides,
  };
}

describe('AuditStore', () => {
  const databases = testDatabases(['POSTGRES_15', 'SQLITE_3']);

  async function createStore(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    return AuditStore.create({
      getClient: async () => knex,
      migrations: { skip: false },
    });
  }

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    const refresh = record({
      occurredAt: '2026-11-20T10:00:00.000Z',
      entityRefs: ['component:default/payments'],
    });
    const run = record({
      occurredAt: '2026-11-21T10:00:00.000Z',
      plugin: 'scaffolder',
      eventId: 'task',
      action: 'scaffolder.task.execution',
      actor: { actorId: 'user:default/Bob', via: 'plugin:scaffolder' },
      entityRefs: ['template:default/node-service'],
      meta: { taskParameters: { name: 'x', dbPassword: '[REDACTED]' } },
    });
    const denied = record({
      occurredAt: '2026-11-22T10:00:00.000Z',
      status: 'failed',
      outcome: 'denied',
      actor: { actorId: 'user:default/carl' },
      entityRefs: ['component:default/payments'],
      error: { name: 'NotAllowedError', message: 'nope' },
    });
    const deployed = record({
      occurredAt: '2026-11-23T10:00:00.000Z',
      plugin: 'devex-metrics',
      eventId: 'deployment',
      action: 'devex-metrics.deployment',
      actor: { actorId: 'external:ci' },
      entityRefs: ['component:default/payments', 'component:default/cart'],
    });
    // an action whose name only shares a prefix that is not a whole segment
    const lookalike = record({
      occurredAt: '2026-11-24T10:00:00.000Z',
      action: 'catalogx.thing',
      plugin: 'catalogx',
    });

    it('filters by actor, action, entity, outcome and time, newest first', async () => {
      const store = await createStore(databaseId);
      await store.insert([refresh, run, denied, deployed, lookalike]);

      const ids = async (query: Parameters<AuditStore['query']>[0]) =>
        (await store.query(query)).items.map(i => i.id);

      expect(await ids({ limit: 50 })).toEqual([
        lookalike.id,
        deployed.id,
        denied.id,
        run.id,
        refresh.id,
      ]);
      // actors are case-insensitive
      expect(await ids({ limit: 50, actor: 'user:default/bob' })).toEqual([
        run.id,
      ]);
      // action: exact or whole-segment prefix
      expect(await ids({ limit: 50, action: 'catalog' })).toEqual([
        denied.id,
        refresh.id,
      ]);
      expect(
        await ids({ limit: 50, action: 'scaffolder.task.execution' }),
      ).toEqual([run.id]);
      expect(await ids({ limit: 50, action: 'scaffolder.ta' })).toEqual([]);
      // entity: any of the record's entities, case-insensitive
      expect(
        await ids({ limit: 50, entity: 'Component:default/Payments' }),
      ).toEqual([deployed.id, denied.id, refresh.id]);
      expect(
        await ids({ limit: 50, entity: 'component:default/cart' }),
      ).toEqual([deployed.id]);
      expect(await ids({ limit: 50, outcome: 'denied' })).toEqual([denied.id]);
      // from inclusive, to exclusive
      expect(
        await ids({
          limit: 50,
          from: new Date('2026-11-21T10:00:00.000Z'),
          to: new Date('2026-11-23T10:00:00.000Z'),
        }),
      ).toEqual([denied.id, run.id]);
      // combined
      expect(
        await ids({
          limit: 50,
          entity: 'component:default/payments',
          actor: 'user:default/carl',
          action: 'catalog.entity-mutate',
        }),
      ).toEqual([denied.id]);
      // the whole record comes back
      const [stored] = (
        await store.query({ limit: 1, actor: 'user:default/bob' })
      ).items;
      expect(stored).toEqual(run);
    });

    it('pages with a cursor, including records with the same time', async () => {
      const store = await createStore(databaseId);
      const sameTime = Array.from({ length: 5 }, () =>
        record({ occurredAt: '2026-11-24T12:00:00.000Z' }),
      );
      await store.insert([refresh, ...sameTime, run]);
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await store.query({ limit: 2, cursor });
        seen.push(...page.items.map(i => i.id));
        cursor = page.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(4);
      expect(seen).toEqual([
        ...sameTime.map(r => r.id).reverse(),
        run.id,
        refresh.id,
      ]);
      await expect(
        store.query({ limit: 2, cursor: 'garbage' }),
      ).rejects.toThrow("Invalid cursor 'garbage'");
    });

    it('hands out pending records in insertion order until marked forwarded', async () => {
      const store = await createStore(databaseId);
      await store.insert([run, refresh, denied]);
      const pending = await store.pendingForward(2);
      expect(pending.map(p => p.record.id)).toEqual([run.id, refresh.id]);
      await store.markForwarded(pending.map(p => p.seq));
      expect((await store.pendingForward(10)).map(p => p.record.id)).toEqual([
        denied.id,
      ]);
    });

    it('deletes records older than the retention and counts unforwarded ones', async () => {
      const store = await createStore(databaseId);
      await store.insert([refresh, run, denied, deployed]);
      const [first] = await store.pendingForward(1);
      await store.markForwarded([first.seq]); // refresh was forwarded
      const result = await store.deleteOlderThan(
        new Date('2026-11-22T00:00:00.000Z'),
      );
      expect(result).toEqual({ deleted: 2, unforwarded: 1 });
      expect((await store.query({ limit: 50 })).items.map(i => i.id)).toEqual([
        deployed.id,
        denied.id,
      ]);
      // their entity rows went with them
      expect(
        (
          await store.query({
            limit: 50,
            entity: 'template:default/node-service',
          })
        ).items,
      ).toEqual([]);
    });

    it('stores nothing of a batch when one record cannot be stored', async () => {
      const store = await createStore(databaseId);
      await store.insert([refresh]);
      const broken = { ...denied, action: null } as unknown as AuditEventRecord;
      // (SQLite's error comes from the native module's realm, which
      // `rejects.toThrow()` does not always recognise as an Error)
      const outcome = await store.insert([run, broken]).then(
        () => 'stored',
        (e: Error) => e.message,
      );
      expect(outcome).toMatch(/NOT NULL|not-null|null value/i);
      expect((await store.query({ limit: 50 })).items.map(i => i.id)).toEqual([
        refresh.id,
      ]);
    });

    it('stores a record once when a batch is written again (same ids)', async () => {
      const store = await createStore(databaseId);
      await store.insert([refresh, run]);
      await store.insert([run, denied, refresh]);
      expect((await store.query({ limit: 50 })).items.map(i => i.id)).toEqual([
        denied.id,
        run.id,
        refresh.id,
      ]);
      expect(
        (
          await store.query({
            limit: 50,
            entity: 'component:default/payments',
          })
        ).items.map(i => i.id),
      ).toEqual([denied.id, refresh.id]);
    });
  });
});
