import { mockServices } from '@backstage/backend-test-utils';
import type { AuditEventRecord } from '@internal/backstage-plugin-audit-common';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { AuditStore } from '../database/AuditStore';
import { Forwarder } from './Forwarder';
import { HttpSink } from './sinks';
import { testDatabases } from '@internal/test-fakes';

jest.setTimeout(60_000);

const make = (n: number, from = 0): AuditEventRecord[] =>
  Array.from({ length: n }, (_, k) => k + from).map(i => ({
    id: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
    correlationId: `c${i}`,
    occurredAt: new Date(Date.UTC(2026, 10, 24, 10, 0, i)).toISOString(),
    plugin: 'scaffolder',
    eventId: 'task',
    action: 'scaffolder.task.execution',
    severityLevel: 'medium',
    status: 'succeeded',
    outcome: 'allowed',
    actor: { actorId: 'user:default/ada' },
    entityRefs: [],
  }));

describe('Forwarder', () => {
  const databases = testDatabases(['POSTGRES_15', 'SQLITE_3']);

  it.each(databases.eachSupportedId())(
    'keeps records in the database while the SIEM is down and sends each once it is back, in order (%p)',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await AuditStore.create({
        getClient: async () => knex,
        migrations: { skip: false },
      });
      await store.insert(make(5));

      const siem = await startSiem();
      siem.up = false;
      const logger = mockServices.logger.mock();
      const forwarder = new Forwarder({
        store,
        logger,
        batchSize: 2,
        sink: new HttpSink({
          url: siem.url,
          maxAttempts: 2,
          initialBackoffMs: 5,
          logger,
        }),
      });
      try {
        expect(await forwarder.run()).toBe(0);
        expect(logger.error).toHaveBeenCalledWith(
          expect.stringContaining(
            'Audit records not forwarded to http://127.0.0.1',
          ),
        );
        expect(await store.pendingForward(10)).toHaveLength(5);

        siem.up = true;
        expect(await forwarder.run()).toBe(5);
        expect(logger.info).toHaveBeenCalledWith(
          expect.stringContaining('accepts records again'),
        );
        const bodies = siem.accepted;
        const ids = bodies
          .join('')
          .trim()
          .split('\n')
          .map(line => JSON.parse(line).id);
        expect(ids).toEqual(make(5).map(r => r.id));
        expect(bodies).toHaveLength(3); // batches of 2, 2, 1
        expect(await store.pendingForward(10)).toEqual([]);
        // nothing is sent twice
        expect(await forwarder.run()).toBe(0);
        expect(bodies).toHaveLength(3);
      } finally {
        await siem.stop();
      }
    },
  );

  it.each(databases.eachSupportedId())(
    'loses nothing in a 10-minute SIEM outage at the production schedule, then drains the backlog once (%p)',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await AuditStore.create({
        getClient: async () => knex,
        migrations: { skip: false },
      });
      const siem = await startSiem();
      const logger = mockServices.logger.mock();
      // Production defaults: batches of 500, a run every 10 s (so 60 runs in
      // 10 minutes), each POST tried up to 4 times (here without the 1-2-4 s
      // pauses, which only stretch a run within its 10 s).
      const forwarder = new Forwarder({
        store,
        logger,
        sink: new HttpSink({
          url: siem.url,
          maxAttempts: 4,
          initialBackoffMs: 1,
          logger,
        }),
      });
      const actionsPerRun = 100; // 10 audited actions a second
      const runs = 60;
      try {
        siem.up = false;
        for (let run = 0; run < runs; run++) {
          await store.insert(make(actionsPerRun, run * actionsPerRun));
          expect(await forwarder.run()).toBe(0);
        }
        const written = runs * actionsPerRun;
        expect(siem.refused).toBe(runs * 4);
        expect(siem.accepted).toEqual([]);
        expect(forwarder.failing).toBe(true);
        expect(await store.pendingForward(written + 1)).toHaveLength(written);

        siem.up = true;
        // The first run after the outage drains the whole backlog.
        expect(await forwarder.run()).toBe(written);
        expect(forwarder.failing).toBe(false);
        expect(siem.accepted).toHaveLength(written / 500);
        const ids = siem.accepted.flatMap(batch =>
          batch
            .trim()
            .split('\n')
            .map(line => JSON.parse(line).id as string),
        );
        expect(ids).toEqual(make(written).map(r => r.id));
        expect(await store.pendingForward(10)).toEqual([]);
        expect(
          logger.info.mock.calls.filter(([m]) =>
            String(m).includes('accepts records again'),
          ),
        ).toHaveLength(1);
        expect(await forwarder.run()).toBe(0);
        expect(siem.accepted).toHaveLength(written / 500);
      } finally {
        await siem.stop();
      }
    },
  );
});

/** A SIEM ingest endpoint that answers 503 while `up` is false. */
async function startSiem() {
  const state = { up: true, refused: 0, accepted: [] as string[] };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', c => (body += c));
    req.on('end', () => {
      if (!state.up) {
        state.refused++;
        res.writeHead(503).end('maintenance');
        return;
      }
      state.accepted.push(body);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  return Object.assign(state, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    stop: () => new Promise<void>(r => server.close(() => r())),
  });
}
