import {
  createMockDirectory,
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
import http from 'node:http';
import { AddressInfo } from 'node:net';
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

  const start = (
    extra: any[] = [],
    more: { entities?: any[]; readingAllow?: string } = {},
  ) =>
    startTestBackend({
      features: [
        crossplanePlugin,
        mockServices.rootConfig.factory({
          data: {
            ...(more.readingAllow && {
              backend: { reading: { allow: [{ host: more.readingAllow }] } },
            }),
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
            ...(more.entities ?? []),
          ],
        }),
        ...extra,
      ],
    });

  it('lists the claims labelled with the entity, across namespaces, with their status', async () => {
    await applyClaim(api, 'team-orders', 'orders-db', 'orders-api');
    await applyClaim(api, 'team-orders-staging', 'orders-db', 'orders-api');
    await applyClaim(api, 'team-billing', 'billing-db', 'billing-svc');
    for (const [namespace, name] of [
      ['team-orders', 'orders-db'],
      ['team-orders-staging', 'orders-db'],
      ['team-billing', 'billing-db'],
    ]) {
      await api.whenReady('postgresqldatabases', namespace, name);
    }
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

  describe('claims committed to the repository (GitOps)', () => {
    const manifest = (name: string) =>
      [
        'apiVersion: db.example.org/v1alpha1',
        'kind: PostgreSQLDatabase',
        'metadata:',
        `  name: ${name}`,
        '  namespace: team-orders',
        'spec:',
        '  parameters: { storageGB: 20, tier: small, region: eu-west-1 }',
        `  writeConnectionSecretToRef: { name: ${name}-conn }`,
        '',
      ].join('\n');
    let repo: http.Server;
    let repoHost: string;
    const served: string[] = [];

    beforeEach(async () => {
      // The repository as a web server: what the UrlReader reads for a
      // url source location.
      served.length = 0;
      repo = http.createServer((req, res) => {
        served.push(req.url!);
        if (req.url === '/payments-api/deploy/crossplane/database.yaml') {
          res.end(manifest('payments-db'));
        } else {
          res.statusCode = 404;
          res.end('not found');
        }
      });
      await new Promise<void>(r => repo.listen(0, '127.0.0.1', r));
      repoHost = `127.0.0.1:${(repo.address() as AddressInfo).port}`;
    });
    afterEach(() => new Promise(r => repo.close(r)));

    const paymentsApi = () =>
      component('payments-api', {
        'backstage.io/source-location': `url:http://${repoHost}/payments-api/`,
        'crossplane.io/committed-claims':
          'deploy/crossplane/database.yaml,deploy/missing.yaml,../secrets.yaml',
      });

    it('lists a committed claim that no cluster has, read from the source location', async () => {
      const { server } = await start([], {
        entities: [paymentsApi()],
        readingAllow: repoHost,
      });
      const res = await request(server)
        .get('/api/crossplane/claims')
        .query({ entityRef: 'component:default/payments-api' })
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([]);
      expect(res.body.committed).toEqual([
        {
          state: 'committed',
          path: 'deploy/crossplane/database.yaml',
          url: `http://${repoHost}/payments-api/deploy/crossplane/database.yaml`,
          apiVersion: 'db.example.org/v1alpha1',
          kind: 'PostgreSQLDatabase',
          namespace: 'team-orders',
          name: 'payments-db',
          parameters: { storageGB: 20, tier: 'small', region: 'eu-west-1' },
          connectionSecretName: 'payments-db-conn',
        },
        expect.objectContaining({
          path: 'deploy/missing.yaml',
          error: expect.stringMatching(/^Cannot read deploy\/missing.yaml: /),
        }),
        {
          state: 'committed',
          path: '../secrets.yaml',
          url: '',
          error: '../secrets.yaml is not a path inside the repository',
        },
      ]);
      // nothing outside the repository was asked for
      expect(served.sort()).toEqual([
        '/payments-api/deploy/crossplane/database.yaml',
        '/payments-api/deploy/missing.yaml',
      ]);
    });

    it('shows the cluster claim instead once Argo CD/Flux has applied it', async () => {
      await applyClaim(api, 'team-orders', 'payments-db', 'payments-api');
      const { server } = await start([], {
        entities: [paymentsApi()],
        readingAllow: repoHost,
      });
      const res = await request(server)
        .get('/api/crossplane/claims')
        .query({ entityRef: 'component:default/payments-api' })
        .set('Authorization', mockCredentials.user.header());
      expect(res.body.items.map((c: any) => c.name)).toEqual(['payments-db']);
      expect(res.body.committed.map((c: any) => c.path)).toEqual([
        'deploy/missing.yaml',
        '../secrets.yaml',
      ]);
    });

    it('lists every claim for the claims page: on clusters and committed, with their entity', async () => {
      await applyClaim(api, 'team-billing', 'billing-db', 'billing-svc');
      await applyClaim(api, 'team-orders', 'orders-db', 'orders-api');
      const { server } = await start([], {
        entities: [paymentsApi()],
        readingAllow: repoHost,
      });
      const res = await request(server)
        .get('/api/crossplane/claims/all')
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(200);
      expect(
        res.body.items.map((c: any) => `${c.kubernetesId}: ${c.name}`),
      ).toEqual(['billing-svc: billing-db', 'orders-api: orders-db']);
      expect(api.requests.map(r => r.query.labelSelector)).toContain(
        'backstage.io/kubernetes-id',
      );
      expect(
        res.body.committed.map((c: any) => `${c.entityRef}: ${c.path}`),
      ).toEqual([
        'component:default/payments-api: deploy/crossplane/database.yaml',
        'component:default/payments-api: deploy/missing.yaml',
        'component:default/payments-api: ../secrets.yaml',
      ]);

      const denied = await request(server)
        .get('/api/crossplane/claims/all')
        .set('Authorization', mockCredentials.none.header());
      expect(denied.status).toBe(401);
    });

    it('reads a committed claim next to a file location (laptop catalog)', async () => {
      const dir = createMockDirectory();
      dir.setContent({
        'catalog-info.yaml': '',
        'deploy/crossplane/database.yaml': manifest('ledger-db'),
      });
      const { server } = await start([], {
        entities: [
          component('ledger', {
            'backstage.io/managed-by-location': `file:${dir.resolve(
              'catalog-info.yaml',
            )}`,
            'crossplane.io/committed-claims': 'deploy/crossplane/database.yaml',
          }),
        ],
      });
      const res = await request(server)
        .get('/api/crossplane/claims')
        .query({ entityRef: 'component:default/ledger' })
        .set('Authorization', mockCredentials.user.header());
      expect(res.body.committed).toEqual([
        expect.objectContaining({
          state: 'committed',
          path: 'deploy/crossplane/database.yaml',
          name: 'ledger-db',
        }),
      ]);
    });
  });
});
