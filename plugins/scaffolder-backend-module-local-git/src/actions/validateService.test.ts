import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import os from 'node:os';
import path from 'node:path';
import { readLocalGitLayout } from '../localGitConfig';
import { createValidateServiceAction } from './validateService';

const team = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'team-checkout', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

/** The handler's context, as the scaffolder builds it for one step. */
function contextFor(input: Record<string, string>) {
  return {
    input,
    logger: mockServices.logger.mock(),
    isDryRun: false,
    getInitiatorCredentials: async () =>
      mockCredentials.user('user:default/alice.nguyen'),
  } as any;
}

describe('acme:validate-service with publish:local-git turned off', () => {
  const layout = readLocalGitLayout(
    mockServices.rootConfig({
      data: {
        scaffolder: {
          localGit: { baseDir: path.join(os.tmpdir(), 'no-local-git-here') },
        },
      },
    }),
  );
  const action = createValidateServiceAction({
    catalog: catalogServiceMock({ entities: [team] }),
    layout,
    localGitEnabled: false,
  });
  const input = { name: 'orders', owner: 'group:default/team-checkout' };

  it('refuses publishTo local before anything is created, saying to publish to GitHub', async () => {
    await expect(
      action.handler(contextFor({ ...input, publishTo: 'local' })),
    ).rejects.toMatchObject({
      name: 'InputError',
      message:
        'Cannot create service "orders": Publishing to a local git repository is turned off on this portal (scaffolder.localGit.enabled: false); publish to GitHub.',
    });
  });

  it.each([['github'], [undefined]])(
    'accepts publishTo %s',
    async publishTo => {
      await expect(
        action.handler(contextFor(publishTo ? { ...input, publishTo } : input)),
      ).resolves.toBeUndefined();
    },
  );
});
