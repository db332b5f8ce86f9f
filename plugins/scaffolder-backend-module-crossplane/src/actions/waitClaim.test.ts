import { createMockDirectory } from '@backstage/backend-test-utils';
import { createActionContext } from '../__testUtils__/actionContext';
import { FakeKubernetesApi } from '@internal/backstage-plugin-crossplane-node/testUtils';
import { ClusterClientProvider } from '@internal/backstage-plugin-crossplane-node';
import { createCrossplaneClaimCreateAction } from './createClaim';
import { createCrossplaneClaimWaitAction } from './waitClaim';
import { orders, startCluster } from './__testUtils__/setup';

describe('crossplane:claim:wait against the Kubernetes API stand-in', () => {
  const workspace = createMockDirectory();
  let api: FakeKubernetesApi;
  let clusters: ClusterClientProvider;

  beforeEach(async () => {
    ({ api, clusters } = await startCluster());
  });
  afterEach(() => api.close());

  const create = async () => {
    const c = createActionContext({
      input: orders as any,
      workspacePath: workspace.path,
    });
    await createCrossplaneClaimCreateAction({ clusters }).handler(c.ctx as any);
  };

  const wait = (input: Record<string, unknown> = {}, isDryRun = false) => {
    const c = createActionContext({
      input: {
        cluster: 'dev',
        name: orders.name,
        namespace: orders.namespace,
        ...input,
      } as any,
      isDryRun,
      workspacePath: workspace.path,
    });
    return {
      ...c,
      result: createCrossplaneClaimWaitAction({ clusters }).handler(
        c.ctx as any,
      ),
    };
  };

  it('waits through WATCH until Ready and Synced, logging each change', async () => {
    api.script('team-orders', 'orders-db', {
      type: 'readyAfter',
      ms: 400,
      compositionName: 'xpostgresqldatabases-aws-small',
    });
    await create();
    const { result, outputs, logger } = wait({ timeoutSeconds: 10 });
    await result;

    expect(outputs).toEqual({
      ready: true,
      compositeName: 'orders-db-x7k2p',
      compositionName: 'xpostgresqldatabases-aws-small',
      connectionSecretName: 'orders-db-conn',
      conditions: 'Synced=True (ReconcileSuccess), Ready=True (Available)',
    });
    const log = logger.text();
    expect(log).toMatch(
      /Ready=False \(Creating: Composite resource claim is waiting/,
    );
    expect(log).toMatch(
      /PostgreSQLDatabase team-orders\/orders-db on cluster 'dev' is Ready and Synced after \d+s/,
    );
    const watches = api.requests.filter(r => r.query.watch === 'true');
    expect(watches.length).toBeGreaterThanOrEqual(1);
    expect(watches[0].query).toMatchObject({
      fieldSelector: 'metadata.name=orders-db',
    });
    expect(watches[0].query.resourceVersion).toMatch(/^\d+$/);
  });

  it('returns at once when the claim is already Ready', async () => {
    api.script('team-orders', 'orders-db', { type: 'readyAfter', ms: 50 });
    await create();
    await api.whenReady('postgresqldatabases', 'team-orders', 'orders-db');
    const { result, outputs } = wait({ timeoutSeconds: 5 });
    await result;
    expect(outputs.ready).toBe(true);
    expect(api.requests.filter(r => r.query.watch === 'true')).toHaveLength(0);
  });

  it('resumes when the API server ends the watch stream', async () => {
    api.watchTimeoutMs = 100;
    api.script('team-orders', 'orders-db', { type: 'readyAfter', ms: 700 });
    await create();
    const { result, outputs } = wait({ timeoutSeconds: 10 });
    await result;
    expect(outputs.ready).toBe(true);
    expect(
      api.requests.filter(r => r.query.watch === 'true').length,
    ).toBeGreaterThan(2);
  });

  it('times out when the claim never becomes Ready, reporting that the claim still exists', async () => {
    api.script('team-orders', 'orders-db', { type: 'never' });
    await create();
    const { result } = wait({ timeoutSeconds: 0.5 });
    await expect(result).rejects.toThrow(
      "PostgreSQLDatabase team-orders/orders-db on cluster 'dev' did not become Ready within 0.5s; last conditions: Synced=True (ReconcileSuccess), Ready=False (Creating: Composite resource claim is waiting for composite resource to become Ready). The claim was NOT deleted: it still exists on cluster 'dev' and Crossplane keeps reconciling it (composite resource orders-db-x7k2p). Inspect it with 'kubectl describe postgresqldatabases orders-db -n team-orders'",
    );
    expect(
      api.object('postgresqldatabases', 'team-orders', 'orders-db'),
    ).toBeTruthy();
  });

  it('fails when Synced stays False, with the reconcile error', async () => {
    api.script('team-orders', 'orders-db', {
      type: 'syncError',
      message:
        'cannot compose resources: cannot get Composition "xpostgresqldatabases-gcp": not found',
    });
    await create();
    const started = Date.now();
    const { result } = wait({ timeoutSeconds: 30, syncErrorGraceSeconds: 0.3 });
    await expect(result).rejects.toThrow(
      /is not Synced: cannot compose resources: cannot get Composition "xpostgresqldatabases-gcp": not found \(for 0\.3s; .*The claim was NOT deleted/,
    );
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('fails with a pointer to crossplane:claim:create when the claim does not exist', async () => {
    const { result } = wait({ timeoutSeconds: 5 });
    await expect(result).rejects.toMatchObject({ name: 'NotFoundError' });
    await expect(result).rejects.toThrow(
      "PostgreSQLDatabase team-orders/orders-db on cluster 'dev' does not exist; create it first with crossplane:claim:create.",
    );
  });

  it('fails with 403 when the portal may not read claims', async () => {
    await create();
    api.deny('get', 'team-orders');
    const { result } = wait({ timeoutSeconds: 5 });
    await expect(result).rejects.toThrow(
      /Not allowed to read PostgreSQLDatabase team-orders\/orders-db on cluster 'dev'.*cannot get resource "postgresqldatabases"/,
    );
  });

  it('fails when WATCH is forbidden instead of hanging until the timeout', async () => {
    api.script('team-orders', 'orders-db', { type: 'never' });
    await create();
    api.deny('watch', 'team-orders');
    const started = Date.now();
    const { result } = wait({ timeoutSeconds: 30 });
    await expect(result).rejects.toThrow(
      /Watching PostgreSQLDatabase team-orders\/orders-db on cluster 'dev' failed with HTTP 403/,
    );
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('stops waiting when the task is cancelled', async () => {
    api.script('team-orders', 'orders-db', { type: 'never' });
    await create();
    const controller = new AbortController();
    const c = createActionContext({
      input: { cluster: 'dev', name: 'orders-db', namespace: 'team-orders' },
      signal: controller.signal,
      workspacePath: workspace.path,
    });
    const result = createCrossplaneClaimWaitAction({ clusters }).handler(
      c.ctx as any,
    );
    // Cancel once the action is really waiting (its watch is open).
    while (!api.requests.some(r => r.query.watch === 'true')) {
      await new Promise(r => setTimeout(r, 10));
    }
    controller.abort();
    await expect(result).rejects.toThrow(
      "Cancelled while waiting for PostgreSQLDatabase team-orders/orders-db on cluster 'dev'.",
    );
  });

  it('does not touch the cluster in dry-run mode', async () => {
    const { result, outputs } = wait({}, true);
    await result;
    expect(api.requests).toHaveLength(0);
    expect(outputs.ready).toBe(false);
  });
});
