import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import request from 'supertest';
import { scaffolderModuleCrossplane } from './module';

describe('scaffolderModuleCrossplane', () => {
  it('registers the crossplane:claim:* actions, even with no cluster configured', async () => {
    const { server } = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModuleCrossplane,
        mockServices.rootConfig.factory({
          data: {
            kubernetes: {
              serviceLocatorMethod: { type: 'multiTenant' },
              clusterLocatorMethods: [{ type: 'config', clusters: [] }],
            },
          },
        }),
      ],
    });

    const res = await request(server)
      .get('/api/scaffolder/v2/actions')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    const ids = (res.body as Array<{ id: string }>).map(a => a.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'crossplane:claim:create',
        'crossplane:claim:wait',
        'crossplane:claim:render',
        'crossplane:claim:catalog-entity',
      ]),
    );
    const create = res.body.find(
      (a: any) => a.id === 'crossplane:claim:create',
    );
    expect(create.schema.input.required).toEqual(
      expect.arrayContaining(['name', 'namespace', 'parameters']),
    );
    expect(create.examples.length).toBeGreaterThan(0);
  });
});
