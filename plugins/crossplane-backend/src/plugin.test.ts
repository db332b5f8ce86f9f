import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  claimTypeFromXrd,
  FakeKubernetesApi,
} from '@internal/backstage-plugin-crossplane-node/testUtils';
import path from 'node:path';
import request from 'supertest';
import { crossplanePlugin } from './plugin';

const XRD = path.resolve(__dirname, '../../../crossplane/xrd.yaml');
const TOKEN = 'sa-token';

const component = (name: string, annotations?: Record<string, string>) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations },
  spec: { type: 'service', owner: 'team-orders', lifecycle: 'production' },
});

async function applyClaim(
  api: FakeKubernetesApi,
  namespace: string,
  name: string,
  component_: string,
) {
  const res = await fetch(
    `${api.url}/apis/db.example.org/v1alpha1/namespaces/${namespace}/postgresqldatabases/${name}?fieldManager=test`,
    {
      method: 'PATCH',
      headers: {
        authorization: `Bearer ${TOKEN}`,
        'content-type': 'application/apply-patch+yaml',
      },
      body: JSON.stringify({
        apiVersion: 'db.example.org/v1alpha1',
        kind: 'PostgreSQLDatabase',
        metadata: {
          name,
          namespace,
          labels: { 'backstage.io/kubernetes-id': component_ },
        },
        spec: {
          parameters: { storageGB: 20, tier: 'small', region: 'eu-west-1' },
          writeConnectionSecretToRef: { name: `${name}-conn` },
        },
      }),
    },
  );
  expect(res.status).toBe(201);
}

describe('crossplane backend', () => {
  let api: FakeKubernetesApi;

  beforeEach(async () => {
    api = await FakeKubernetesApi.start({
      types: [claimTypeFromXrd(XRD)],
      token: TOKEN,
    });
    api.defaultScript = { type: 'readyAfter', ms: 40 };
  });
  afterEach(() => api.close());

  const start = (extra: any[] = []) =>
    startTestBackend({
      features: [
        crossplanePlugin,
        mockServices.rootConfig.factory({
          data: {
            kubernetes: {
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    {
                      name: 'dev',
                      url: api.url,
                      skipTLSVerify: true,
                      authProvider: 'serviceAccount',
                      serviceAccountToken: TOKEN,
                    },
                  ],
                },
              ],
            },
          },
        }),
        catalogServiceMock.factory({
          entities: [
            component('orders-api'),
            component('billing', {
              'backstage.io/kubernetes-id': 'billing-svc',
            }),
          ],
        }),
        ...extra,
      ],
    });

  it('lists the claims labelled with the entity, across namespaces, with their status', async () => {
    await applyClaim(api, 'team-orders', 'orders-db', 'orders-api');
    await applyClaim(api, 'team-orders-staging', 'orders-db', 'orders-api');
    await applyClaim(api, 'team-billing', 'billing-db', 'billing-svc');
    await new Promise(r => setTimeout(r, 150));
    const { server } = await start();

    const res = await request(server)
      .get('/api/crossplane/claims')
      .query({ entityRef: 'component:default/orders-api' })
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(res.body.errors).toEqual([]);
    expect(res.body.items.map((c: any) => `${c.namespace}/${c.name}`)).toEqual(
      ['team-orders-staging/orders-db', 'team-orders/orders-db'].sort(),
    );
    expect(res.body.items[0]).toMatchObject({
      cluster: 'dev',
      kind: 'PostgreSQLDatabase',
      ready: true,
      synced: true,
      compositionName: 'xpostgresqldatabases-aws-small',
      compositeName: 'orders-db-x7k2p',
      connectionSecretName: 'orders-db-conn',
      createdAt: expect.stringMatching(/^\d{4}-/),
    });
    expect(res.body.items[0].conditions.map((c: any) => c.type)).toEqual([
      'Synced',
      'Ready',
    ]);
    const list = api.requests.find(r =>
      r.path.endsWith('/postgresqldatabases'),
    );
    expect(list?.query.labelSelector).toBe(
      'backstage.io/kubernetes-id=orders-api',
    );

    const billing = await request(server)
      .get('/api/crossplane/claims')
      .query({ entityRef: 'component:billing' })
      .set('Authorization', mockCredentials.user.header());
    expect(billing.body.items.map((c: any) => c.name)).toEqual(['billing-db']);
  });

  it('reports a cluster that cannot be read instead of failing the whole list', async () => {
    api.deny('list');
    const { server } = await start();
    const res = await request(server)
      .get('/api/crossplane/claims')
      .query({ entityRef: 'component:default/orders-api' })
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
    expect(res.body.errors).toEqual([
      {
        cluster: 'dev',
        kind: 'PostgreSQLDatabase',
        message: expect.stringContaining(
          'cannot list resource "postgresqldatabases" in API group "db.example.org" at the cluster scope',
        ),
      },
    ]);
  });

  it('denies callers without crossplane.claims.read', async () => {
    const { server } = await start([
      mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
    ]);
    const res = await request(server)
      .get('/api/crossplane/claims')
      .query({ entityRef: 'component:default/orders-api' })
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(403);
    expect(res.body.error.name).toBe('NotAllowedError');
    expect(api.requests).toHaveLength(0);
  });

  it('rejects unauthenticated calls, bad refs and unknown entities', async () => {
    const { server } = await start();
    expect(
      (
        await request(server)
          .get('/api/crossplane/claims')
          .query({ entityRef: 'component:default/orders-api' })
          .set('Authorization', mockCredentials.none.header())
      ).status,
    ).toBe(401);
    const missing = await request(server)
      .get('/api/crossplane/claims')
      .set('Authorization', mockCredentials.user.header());
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toContain('entityRef');
    const unknown = await request(server)
      .get('/api/crossplane/claims')
      .query({ entityRef: 'component:default/nope' })
      .set('Authorization', mockCredentials.user.header());
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe(
      'Entity component:default/nope not found',
    );
    expect(api.requests).toHaveLength(0);
  });
});
