import { createMockDirectory } from '@backstage/backend-test-utils';
import { createActionContext } from '../__testUtils__/actionContext';
import { FakeKubernetesApi } from '@internal/backstage-plugin-crossplane-node/testUtils';
import { ClusterClientProvider } from '@internal/backstage-plugin-crossplane-node';
import { createCrossplaneClaimCreateAction } from './createClaim';
import { orders, startCluster, TOKEN } from './__testUtils__/setup';

describe('crossplane:claim:create against the Kubernetes API stand-in', () => {
  const workspace = createMockDirectory();
  let api: FakeKubernetesApi;
  let clusters: ClusterClientProvider;

  beforeEach(async () => {
    ({ api, clusters } = await startCluster());
    // No Crossplane reconciling here: resourceVersions only change on apply.
    api.defaultScript = { type: 'none' };
  });
  afterEach(() => api.close());

  const run = (input: Record<string, unknown>, isDryRun = false) => {
    const action = createCrossplaneClaimCreateAction({ clusters });
    const c = createActionContext({
      input: input as any,
      isDryRun,
      workspacePath: workspace.path,
    });
    return { ...c, result: action.handler(c.ctx as any) };
  };

  it('server-side applies the claim with the portal field manager', async () => {
    const { result, outputs, logger } = run(orders);
    await result;

    const patch = api.requests.find(r => r.method === 'PATCH');
    expect(patch).toMatchObject({
      path: '/apis/db.example.org/v1alpha1/namespaces/team-orders/postgresqldatabases/orders-db',
      contentType: 'application/apply-patch+yaml',
      query: { fieldManager: 'backstage-scaffolder', force: 'false' },
    });
    const stored = api.object(
      'postgresqldatabases',
      'team-orders',
      'orders-db',
    );
    expect(stored.spec).toMatchObject({
      parameters: { storageGB: 20, tier: 'small', region: 'eu-west-1' },
      writeConnectionSecretToRef: { name: 'orders-db-conn' },
    });
    expect(stored.metadata.labels).toEqual({
      'backstage.io/kubernetes-id': 'orders-api',
    });
    expect(stored.metadata.annotations).toEqual({
      'backstage.io/owner': 'group:default/team-orders',
    });
    expect(stored.metadata.managedFields[0].manager).toBe(
      'backstage-scaffolder',
    );
    expect(outputs).toMatchObject({
      cluster: 'dev',
      name: 'orders-db',
      namespace: 'team-orders',
      operation: 'created',
      resourceVersion: stored.metadata.resourceVersion,
      connectionSecretName: 'orders-db-conn',
    });
    expect(logger.text()).toContain(
      "Creating PostgreSQLDatabase team-orders/orders-db on cluster 'dev'",
    );
  });

  it('is idempotent: a re-run changes nothing, a changed input updates', async () => {
    await run(orders).result;
    const first = api.object('postgresqldatabases', 'team-orders', 'orders-db');
    const firstVersion = first.metadata.resourceVersion;

    const again = run(orders);
    await again.result;
    expect(again.outputs.operation).toBe('unchanged');
    expect(again.outputs.resourceVersion).toBe(firstVersion);
    expect(
      api.object('postgresqldatabases', 'team-orders', 'orders-db').metadata
        .generation,
    ).toBe(1);
    expect(api.count()).toBe(1);

    const bigger = run({
      ...orders,
      parameters: { ...orders.parameters, storageGB: 50 },
    });
    await bigger.result;
    expect(bigger.outputs.operation).toBe('updated');
    expect(bigger.outputs.resourceVersion).not.toBe(firstVersion);
    expect(
      api.object('postgresqldatabases', 'team-orders', 'orders-db').spec
        .parameters.storageGB,
    ).toBe(50);
    expect(api.count()).toBe(1);
  });

  it('runs the apply once per checkpoint key when a task is resumed', async () => {
    const action = createCrossplaneClaimCreateAction({ clusters });
    const c = createActionContext({
      input: orders as any,
      workspacePath: workspace.path,
    });
    await action.handler(c.ctx as any);
    const patches = () => api.requests.filter(r => r.method === 'PATCH');
    expect(patches()).toHaveLength(1);
    await action.handler(c.ctx as any);
    expect(patches()).toHaveLength(1);
    expect(c.outputs.operation).toBe('created');
  });

  it('fails with a field manager conflict (409) and leaves the claim as it was; force takes over', async () => {
    await run({
      ...orders,
      parameters: { ...orders.parameters, storageGB: 100 },
      fieldManager: 'argocd-controller',
    }).result;

    const { result } = run(orders);
    await expect(result).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringContaining('conflict with "argocd-controller"'),
    });
    await expect(result).rejects.toThrow(
      /\.spec\.parameters\.storageGB.*force: true.*Nothing was created or changed/s,
    );
    expect(
      api.object('postgresqldatabases', 'team-orders', 'orders-db').spec
        .parameters.storageGB,
    ).toBe(100);

    const forced = run({ ...orders, force: true });
    await forced.result;
    expect(forced.outputs.operation).toBe('updated');
    const stored = api.object(
      'postgresqldatabases',
      'team-orders',
      'orders-db',
    );
    expect(stored.spec.parameters.storageGB).toBe(20);
  });

  it('fails with 403 Forbidden, naming the RBAC to grant, and creates nothing', async () => {
    api.deny('patch', 'team-orders');
    const { result } = run(orders);
    await expect(result).rejects.toMatchObject({ name: 'NotAllowedError' });
    await expect(result).rejects.toThrow(
      `Not allowed to apply PostgreSQLDatabase team-orders/orders-db on cluster 'dev': postgresqldatabases.db.example.org "orders-db" is forbidden: User "system:serviceaccount:backstage:backstage" cannot patch resource "postgresqldatabases" in API group "db.example.org" in the namespace "team-orders". Grant the portal's service account RBAC for postgresqldatabases.db.example.org (verbs get, list, watch, create, patch) in namespace 'team-orders'. Nothing was created or changed.`,
    );
    expect(api.count()).toBe(0);
  });

  it('fails with 422 Invalid, listing every invalid field, and creates nothing', async () => {
    const { result } = run({
      ...orders,
      parameters: { storageGB: 5, tier: 'huge', region: 'eu-west-1' },
    });
    await expect(result).rejects.toMatchObject({ name: 'InputError' });
    await expect(result).rejects.toThrow(
      'spec.parameters.storageGB: Invalid value: 5: spec.parameters.storageGB in body must be >= 20',
    );
    await expect(result).rejects.toThrow(
      'spec.parameters.tier: Unsupported value: "huge": supported values: "small", "medium", "production"',
    );
    await expect(result).rejects.toThrow(
      /Fix the template parameters\. Nothing was created or changed\.$/,
    );
    expect(api.count()).toBe(0);
  });

  it('reports a missing required parameter as the API server does', async () => {
    const { result } = run({
      ...orders,
      parameters: { storageGB: 20, tier: 'small' },
    });
    await expect(result).rejects.toThrow(
      'spec.parameters.region: Required value',
    );
    expect(api.count()).toBe(0);
  });

  it('says the API is not installed when the cluster does not serve the claim kind', async () => {
    const { result } = run({
      ...orders,
      apiVersion: 'cache.example.org/v1alpha1',
      kind: 'RedisCache',
    });
    await expect(result).rejects.toMatchObject({ name: 'NotFoundError' });
    await expect(result).rejects.toThrow(
      /the API rediscaches\.cache\.example\.org is not served by this cluster .*XRD/,
    );
  });

  it('fails on rejected credentials (401) without creating anything', async () => {
    const other = new ClusterClientProvider([
      {
        name: 'dev',
        url: api.url,
        skipTLSVerify: true,
        authProvider: 'serviceAccount',
        serviceAccountToken: `${TOKEN}-revoked`,
      },
    ]);
    const c = createActionContext({
      input: orders as any,
      workspacePath: workspace.path,
    });
    await expect(
      createCrossplaneClaimCreateAction({ clusters: other }).handler(
        c.ctx as any,
      ),
    ).rejects.toThrow(
      /Cluster 'dev' rejected the portal's credentials .*serviceAccountToken/,
    );
    expect(api.count()).toBe(0);
  });

  it('fails clearly when the cluster cannot be reached', async () => {
    const url = api.url;
    await api.close();
    const down = new ClusterClientProvider([
      {
        name: 'dev',
        url,
        skipTLSVerify: true,
        authProvider: 'serviceAccount',
        serviceAccountToken: TOKEN,
      },
    ]);
    const c = createActionContext({
      input: orders as any,
      workspacePath: workspace.path,
    });
    await expect(
      createCrossplaneClaimCreateAction({ clusters: down }).handler(
        c.ctx as any,
      ),
    ).rejects.toThrow(
      /Cannot reach cluster 'dev' to read PostgreSQLDatabase team-orders\/orders-db \(ECONNREFUSED\)/,
    );
    ({ api } = await startCluster());
  });

  it('rejects an unknown cluster name before any request, listing the configured ones', async () => {
    const { result } = run({ ...orders, cluster: 'prod' });
    await expect(result).rejects.toThrow(
      "Unknown cluster 'prod' (configured clusters: 'dev')",
    );
    expect(api.requests).toHaveLength(0);
  });

  it('does not touch the cluster in dry-run mode', async () => {
    const { result, outputs, logger } = run(orders, true);
    await result;
    expect(api.requests).toHaveLength(0);
    expect(outputs.operation).toBe('dry-run');
    expect(outputs.manifest).toContain('tier: small');
    expect(logger.text()).toContain('Dry run: would apply');
  });
});
