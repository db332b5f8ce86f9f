import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { scaffolderModuleLocalGit } from './module';

/**
 * The module's start on a deployment of several replicas: refused while each
 * replica would keep repositories of its own, allowed once the directory is
 * declared shared or the action is turned off.
 */
describe('scaffolderModuleLocalGit on several replicas', () => {
  async function start(localGit: Record<string, unknown>) {
    const actions: string[] = [];
    const backend = await startTestBackend({
      extensionPoints: [
        [
          scaffolderActionsExtensionPoint,
          {
            addActions: (...added: { id: string }[]) =>
              actions.push(...added.map(a => a.id)),
          },
        ],
      ],
      features: [
        scaffolderModuleLocalGit,
        catalogServiceMock.factory(),
        mockServices.rootConfig.factory({
          data: {
            scaffolder: {
              localGit: { baseDir: '/srv/portal/git', ...localGit },
            },
          },
        }),
      ],
    });
    await backend.stop();
    return actions;
  }

  it('refuses to start on 3 replicas when baseDir is not declared shared', async () => {
    await expect(start({ replicas: 3 })).rejects.toThrow(
      'publish:local-git cannot run on 3 backend replicas (scaffolder.localGit.replicas) ' +
        'when each has its own repository directory: scaffolder.localGit.baseDir ' +
        '(/srv/portal/git) is not declared shared (scaffolder.localGit.shared). ' +
        'A repository created by one replica would be missing on the others. ' +
        'Either mount one ReadWriteMany volume at that path on every replica and set ' +
        'scaffolder.localGit.shared: true, or turn the action off with ' +
        'scaffolder.localGit.enabled: false (templates then publish to GitHub), ' +
        'or run a single replica.',
    );
  });

  it('refuses a replica count that is not a whole number of replicas', async () => {
    await expect(start({ replicas: 0 })).rejects.toThrow(
      'scaffolder.localGit.replicas must be a whole number of backend replicas, 1 or more (got 0)',
    );
  });

  it.each([
    ['one replica (the default)', {}],
    ['one replica, said so', { replicas: 1 }],
    ['3 replicas on a shared directory', { replicas: 3, shared: true }],
    ['3 replicas with the action turned off', { replicas: 3, enabled: false }],
  ])('starts with %s, registering its actions', async (_, localGit) => {
    expect(await start(localGit)).toEqual([
      'acme:validate-service',
      'publish:local-git',
      'acme:catalog:wait',
      'fetch:local-git',
      'publish:local-git:branch',
    ]);
  });
});
