import { createMockDirectory } from '@backstage/backend-test-utils';
import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { validate } from 'jsonschema';
import yaml from 'yaml';
import { createActionContext } from '../__testUtils__/actionContext';
import { FakeKubernetesApi } from '@internal/backstage-plugin-crossplane-node/testUtils';
import { ClusterClientProvider } from '@internal/backstage-plugin-crossplane-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createCrossplaneClaimCatalogEntityAction } from './catalogEntity';
import { createCrossplaneClaimCreateAction } from './createClaim';
import { createCrossplaneClaimRenderAction } from './renderClaim';
import { createCrossplaneClaimWaitAction } from './waitClaim';
import { startCluster } from './__testUtils__/setup';

describe('every documented example runs', () => {
  const workspace = createMockDirectory();
  let api: FakeKubernetesApi;
  let clusters: ClusterClientProvider;

  beforeAll(async () => {
    ({ api, clusters } = await startCluster());
    api.defaultScript = { type: 'readyAfter', ms: 50 };
  });
  afterAll(() => api.close());

  const actions = (provider: ClusterClientProvider) =>
    [
      createCrossplaneClaimRenderAction(),
      createCrossplaneClaimCreateAction({ clusters: provider }),
      createCrossplaneClaimWaitAction({ clusters: provider }),
      createCrossplaneClaimCatalogEntityAction({
        clusters: provider,
        catalog: catalogServiceMock({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Group',
              metadata: { name: 'team-orders', namespace: 'default' },
              spec: { type: 'team', children: [] },
            },
          ],
        }),
      }),
    ] as TemplateAction<any, any, any>[];

  // The table is built before the stand-in starts; examples are static.
  const cases = actions(new ClusterClientProvider([])).flatMap(action =>
    (action.examples ?? []).map((example, index) => ({
      id: action.id,
      index,
      description: example.description,
    })),
  );

  it('has examples for every action', () => {
    for (const action of actions(clusters)) {
      expect(action.examples?.length).toBeGreaterThan(0);
      expect(action.supportsDryRun).toBe(true);
    }
  });

  it.each(cases.map(c => [c.id, c.description, c.index] as const))(
    '%s: %s',
    async (id, _description, index) => {
      const action = actions(clusters).find(a => a.id === id)!;
      const example = action.examples![index];
      const steps = yaml.parse(example.example).steps;
      for (const step of steps) {
        expect(step.action).toBe(action.id);
        // The task runner validates inputs against the action's JSON schema.
        const check = validate(step.input, action.schema!.input!);
        expect(check.errors).toEqual([]);
        const c = createActionContext({
          input: step.input,
          workspacePath: workspace.path,
        });
        await action.handler(c.ctx);
        expect(Object.keys(c.outputs).length).toBeGreaterThan(0);
      }
    },
  );

  it('the JSON schema rejects inputs the cluster would reject by name', () => {
    const create = createCrossplaneClaimCreateAction({ clusters });
    const bad = validate(
      {
        name: 'Orders_DB',
        namespace: 'team-orders',
        parameters: {},
        apiVersion: 'v1',
      },
      create.schema!.input!,
    );
    expect(bad.errors.map(e => e.property).sort()).toEqual([
      'instance.apiVersion',
      'instance.name',
    ]);
  });
});
