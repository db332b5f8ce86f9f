import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { testDatabases } from '@internal/test-fakes';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import catalogModuleAcmeChangeStamp from '.';

jest.setTimeout(120_000);

type Stamp = { entities: number; stamp: string };

function components(...entries: [name: string, description: string][]) {
  return entries
    .map(([name, description]) =>
      [
        'apiVersion: backstage.io/v1alpha1',
        'kind: Component',
        'metadata:',
        `  name: ${name}`,
        `  description: ${description}`,
        'spec: { type: service, lifecycle: production, owner: team-a }',
      ].join('\n'),
    )
    .join('\n---\n');
}

describe('GET /api/catalog/acme/change-stamp', () => {
  const databases = testDatabases(['POSTGRES_15', 'SQLITE_3']);

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let dir: string;
    let file: string;
    let backend: TestBackend;

    beforeAll(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'change-stamp-'));
      file = path.join(dir, 'catalog-info.yaml');
      writeFileSync(
        file,
        components(['a', 'one'], ['b', 'two'], ['c', 'three']),
      );
      const knex = await databases.init(databaseId);
      backend = await startTestBackend({
        features: [
          catalogPlugin,
          catalogModuleAcmeChangeStamp,
          mockServices.database.factory({
            knex,
          }),
          mockServices.rootConfig.factory({
            data: {
              catalog: {
                // the file is read again every second, and what left it
                // leaves the catalog
                processingInterval: { seconds: 1 },
                orphanStrategy: 'delete',
                rules: [{ allow: ['Component', 'Location'] }],
                locations: [{ type: 'file', target: file }],
              },
            },
          }),
        ],
      });
    });

    afterAll(async () => {
      await backend?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    async function stamp(): Promise<Stamp> {
      const res = await request(backend.server)
        .get('/api/catalog/acme/change-stamp')
        .set('Authorization', mockCredentials.service.header());
      expect(res.status).toBe(200);
      return res.body;
    }

    const description = async (name: string) =>
      (
        await request(backend.server)
          .get(`/api/catalog/entities/by-name/component/default/${name}`)
          .set('Authorization', mockCredentials.service.header())
      ).body?.metadata?.description;

    async function unregister(name: string) {
      const entity = await request(backend.server)
        .get(`/api/catalog/entities/by-name/component/default/${name}`)
        .set('Authorization', mockCredentials.service.header())
        .expect(200);
      await request(backend.server)
        .delete(`/api/catalog/entities/by-uid/${entity.body.metadata.uid}`)
        .set('Authorization', mockCredentials.service.header())
        .expect(204);
    }

    async function until<T>(
      what: string,
      read: () => Promise<T>,
      done: (value: T) => boolean,
    ): Promise<T> {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const value = await read();
        if (done(value)) return value;
        if (Date.now() > deadline) {
          throw new Error(
            `timed out waiting for ${what}: ${JSON.stringify(value)}`,
          );
        }
        await new Promise(r => setTimeout(r, 100));
      }
    }

    it('moves with every change of the catalog and with nothing else', async () => {
      // three components and the location entity that holds them
      const first = await until(
        'the catalog to fill',
        stamp,
        s => s.entities === 4,
      );
      await until('processing to settle', stamp, s => s.stamp === first.stamp);

      // processed again and again (every second) without a change
      const since = Date.now();
      await until(
        'a few processing cycles',
        async () => Date.now(),
        t => t - since > 3_000,
      );
      expect(await stamp()).toEqual(first);

      // one entity's description changed
      writeFileSync(
        file,
        components(['a', 'one'], ['b', 'TWO'], ['c', 'three']),
      );
      await until(
        'b changed',
        () => description('b'),
        d => d === 'TWO',
      );
      const changed = await stamp();
      expect(changed.entities).toBe(4);
      expect(changed.stamp).not.toBe(first.stamp);

      // one entity removed from its file and unregistered
      writeFileSync(file, components(['a', 'one'], ['b', 'TWO']));
      await unregister('c');
      const removed = await stamp();
      expect(removed.entities).toBe(3);
      expect(removed.stamp).not.toBe(changed.stamp);

      // one entity replaced by another: as many entities as before, and a
      // stamp that still moves
      writeFileSync(file, components(['a', 'one'], ['d', 'four']));
      await until(
        'd added',
        () => description('d'),
        d => d === 'four',
      );
      await unregister('b');
      const replaced = await stamp();
      expect(replaced.entities).toBe(removed.entities);
      expect(replaced.stamp).not.toBe(removed.stamp);
    });

    it('answers other backend plugins only', async () => {
      const asUser = await request(backend.server)
        .get('/api/catalog/acme/change-stamp')
        .set('Authorization', mockCredentials.user.header());
      expect(asUser.status).toBe(403);
    });
  });
});
