import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';

/** "Used by" on the overview of components, APIs and resources. */
export const usedByEntityCard = EntityCardBlueprint.make({
  name: 'used-by',
  params: {
    filter: { kind: { $in: ['component', 'api', 'resource'] } },
    loader: () =>
      import('./components/UsedByCard').then(m => (
        <m.UsedByCard
          onCall={dependent => (
            <m.DependentOnCall entityRef={dependent.entityRef} />
          )}
        />
      )),
  },
});

/** The blast-radius plugin: what depends on an entity, on its page. */
export const blastRadiusPlugin = createFrontendPlugin({
  pluginId: 'blast-radius',
  info: { packageJson: () => import('../package.json') },
  extensions: [usedByEntityCard],
});
