import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createWaitForEntityAction } from './waitForEntity';

const component: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'new-service', namespace: 'default' },
  spec: { type: 'service', owner: 'group:default/team-checkout' },
};

/** The handler's context, as the scaffolder builds it for one step. */
function contextFor(input: { entityRef: string; timeoutSeconds?: number }) {
  const logger = mockServices.logger.mock();
  return {
    logger,
    ctx: {
      input,
      logger,
      isDryRun: false,
      getInitiatorCredentials: async () =>
        mockCredentials.user('user:default/alice.nguyen'),
    } as any,
  };
}

describe('acme:catalog:wait', () => {
  it('returns once the catalog serves the entity, polling until then', async () => {
    const catalog = catalogServiceMock.mock();
    catalog.getEntityByRef
      .mockResolvedValueOnce(undefined)
      .mockResolvedValueOnce(undefined)
      .mockResolvedValueOnce(component);
    const action = createWaitForEntityAction({ catalog, pollIntervalMs: 5 });
    const { ctx, logger } = contextFor({
      entityRef: 'component:new-service',
    });

    await action.handler(ctx);

    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(3);
    expect(catalog.getEntityByRef).toHaveBeenLastCalledWith(
      'component:default/new-service',
      { credentials: mockCredentials.user('user:default/alice.nguyen') },
    );
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringMatching(
        /^component:default\/new-service is in the catalog/,
      ),
    );
  });

  it('fails with a pointer to the processing errors when the entity never appears', async () => {
    const catalog = catalogServiceMock({ entities: [] });
    const action = createWaitForEntityAction({ catalog, pollIntervalMs: 50 });
    const { ctx } = contextFor({
      entityRef: 'component:default/never-there',
      timeoutSeconds: 1,
    });

    const started = Date.now();
    await expect(action.handler(ctx)).rejects.toThrow(
      'component:default/never-there was registered but is not in the catalog after 1 s. ' +
        'Its catalog-info.yaml may have failed processing: see Unprocessed Entities',
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('refuses something that is not an entity reference', async () => {
    const action = createWaitForEntityAction({
      catalog: catalogServiceMock({ entities: [component] }),
    });
    await expect(
      action.handler(contextFor({ entityRef: 'new-service' }).ctx),
    ).rejects.toThrow('"new-service" is not an entity reference.');
  });
});
