import { createMockDirectory } from '@backstage/backend-test-utils';
import {
  Entity,
  resourceEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { createActionContext } from '../__testUtils__/actionContext';
import { FakeKubernetesApi } from '@internal/backstage-plugin-crossplane-node/testUtils';
import { ClusterClientProvider } from '@internal/backstage-plugin-crossplane-node';
import { createCrossplaneClaimCatalogEntityAction } from './catalogEntity';
import { createCrossplaneClaimCreateAction } from './createClaim';
import { createCrossplaneClaimWaitAction } from './waitClaim';
import { orders, startCluster } from './__testUtils__/setup';

const group = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', children: [] },
});

const jane = (...groups: string[]): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'jane', namespace: 'default' },
  spec: { memberOf: groups },
  relations: groups.map(g => ({
    type: 'memberOf',
    targetRef: `group:default/${g}`,
  })),
});

const componentDoc = `# the service, from the template skeleton
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: orders-api
spec:
  type: service
  lifecycle: experimental
  owner: group:default/team-orders
`;

describe('crossplane:claim:catalog-entity (closed loop)', () => {
  const workspace = createMockDirectory();
  let api: FakeKubernetesApi;
  let clusters: ClusterClientProvider;
  const catalog = catalogServiceMock({
    entities: [group('team-orders'), group('team-payments')],
  });

  beforeEach(async () => {
    ({ api, clusters } = await startCluster());
    workspace.setContent({ 'catalog-info.yaml': componentDoc });
  });
  afterEach(() => api.close());

  const ctxFor = (input: Record<string, unknown>, user?: Entity) => {
    const c = createActionContext({
      input: input as any,
      workspacePath: workspace.path,
    });
    c.ctx.user = { ref: 'user:default/jane', entity: user as any };
    return c;
  };
  const entityStep = (input: Record<string, unknown>, user?: Entity) => {
    const c = ctxFor(
      {
        cluster: 'dev',
        name: orders.name,
        namespace: orders.namespace,
        component: 'orders-api',
        ...input,
      },
      user,
    );
    return {
      ...c,
      result: createCrossplaneClaimCatalogEntityAction({
        clusters,
        catalog,
      }).handler(c.ctx as any),
    };
  };
  const catalogInfo = () =>
    fs.readFileSync(path.join(workspace.path, 'catalog-info.yaml'), 'utf8');
  const createReadyClaim = async () => {
    api.script('team-orders', 'orders-db', {
      type: 'readyAfter',
      ms: 100,
      compositionName: 'xpostgresqldatabases-aws-small',
    });
    await createCrossplaneClaimCreateAction({ clusters }).handler(
      ctxFor(orders).ctx as any,
    );
    await createCrossplaneClaimWaitAction({ clusters }).handler(
      ctxFor({ ...orders, timeoutSeconds: 5 }).ctx as any,
    );
  };

  it("adds a Resource owned by the requester's group, dependencyOf the service, once the claim is Ready", async () => {
    await createReadyClaim();
    const { result, outputs } = entityStep({}, jane('team-orders'));
    await result;

    const docs = yaml.parseAllDocuments(catalogInfo()).map(d => d.toJS());
    expect(docs.map(d => d.kind)).toEqual(['Component', 'Resource']);
    expect(catalogInfo()).toContain(
      '# the service, from the template skeleton',
    );
    const resource = docs[1];
    expect(await resourceEntityV1alpha1Validator.check(resource)).toBe(true);
    expect(resource.spec).toEqual({
      type: 'database',
      owner: 'group:default/team-orders',
      dependencyOf: ['component:default/orders-api'],
    });
    expect(resource.metadata.annotations).toEqual({
      'crossplane.io/claim': 'team-orders/orders-db',
      'crossplane.io/claim-kind': 'db.example.org/v1alpha1/PostgreSQLDatabase',
      'crossplane.io/cluster': 'dev',
      'crossplane.io/composition': 'xpostgresqldatabases-aws-small',
      'crossplane.io/composite': 'orders-db-x7k2p',
      'crossplane.io/connection-secret': 'orders-db-conn',
    });
    expect(resource.metadata.description).toContain(
      'storageGB: 20, tier: small, region: eu-west-1',
    );
    expect(outputs).toEqual({
      entityRef: 'resource:default/orders-db',
      owner: 'group:default/team-orders',
    });

    // A re-run replaces the Resource instead of adding a second one.
    await entityStep({}, jane('team-orders')).result;
    expect(
      yaml.parseAllDocuments(catalogInfo()).map(d => d.toJS().kind),
    ).toEqual(['Component', 'Resource']);
  });

  it('refuses a claim that is not Ready and leaves catalog-info.yaml unchanged', async () => {
    api.script('team-orders', 'orders-db', { type: 'never' });
    await createCrossplaneClaimCreateAction({ clusters }).handler(
      ctxFor(orders).ctx as any,
    );
    const { result } = entityStep({ owner: 'group:default/team-orders' });
    await expect(result).rejects.toThrow(
      /is not Ready yet \(.*\); run crossplane:claim:wait first\. Nothing was written to catalog-info\.yaml\./,
    );
    expect(catalogInfo()).toBe(componentDoc);
  });

  it('refuses an owner that is not in the catalog', async () => {
    await createReadyClaim();
    const { result } = entityStep({ owner: 'team-ghosts' });
    await expect(result).rejects.toThrow(
      'Owner group:default/team-ghosts is not in the catalog (or not visible to the requester); nothing was written',
    );
    expect(catalogInfo()).toBe(componentDoc);
  });

  it('asks for an owner when the requester is in several groups', async () => {
    const { result } = entityStep({}, jane('team-orders', 'team-payments'));
    await expect(result).rejects.toThrow(
      "The requester belongs to several groups (group:default/team-orders, group:default/team-payments); set the 'owner' input",
    );
    expect(catalogInfo()).toBe(componentDoc);
  });

  it('in GitOps mode (requireReady: false) writes the entity without asking the cluster', async () => {
    const { result } = entityStep({ requireReady: false }, jane('team-orders'));
    await result;
    expect(api.requests).toHaveLength(0);
    const resource = yaml.parseAllDocuments(catalogInfo())[1].toJS();
    expect(resource.spec.owner).toBe('group:default/team-orders');
    expect(resource.metadata.annotations['crossplane.io/claim']).toBe(
      'team-orders/orders-db',
    );
  });

  it('leaves a broken catalog-info.yaml alone', async () => {
    workspace.setContent({ 'catalog-info.yaml': 'kind: [unclosed\n' });
    const { result } = entityStep({
      requireReady: false,
      owner: 'team-orders',
    });
    await expect(result).rejects.toThrow(
      /catalog-info\.yaml is not valid YAML .*it was left unchanged/,
    );
    expect(catalogInfo()).toBe('kind: [unclosed\n');
  });
});
