import { mockServices } from '@backstage/backend-test-utils';
import type { AuditEventRecord } from '@internal/backstage-plugin-audit-common';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { AuditStore } from '../database/AuditStore';
import { Forwarder } from './Forwarder';
import { HttpSink } from './sinks';
import { testDatabases } from '@internal/test-fakes';

jest.setTimeout(60_000);

const make = (n: number): AuditEventRecord[] =>
  Array.from({ length: n }, (_, i) => ({
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

      let up = false;
      const bodies: string[] = [];
      const server = createServer((req, res) => {
        let body = '';
        req.on('data', c => (body += c));
        req.on('end', () => {
          if (!up) {
            res.writeHead(503).end('maintenance');
            return;
          }
          bodies.push(body);
          res.writeHead(204).end();
        });
      });
      await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
      const { port } = server.address() as AddressInfo;
      const logger = mockServices.logger.mock();
      const forwarder = new Forwarder({
        store,
        logger,
        batchSize: 2,
        sink: new HttpSink({
          url: `http://127.0.0.1:${port}/`,
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

        up = true;
        expect(await forwarder.run()).toBe(5);
        expect(logger.info).toHaveBeenCalledWith(
          expect.stringContaining('accepts records again'),
        );
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
        await new Promise(r => server.close(r));
      }
    },
  );
});
