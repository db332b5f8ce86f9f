import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { crossplaneApiRef, CrossplaneClient } from './api/CrossplaneApi';

/** The client of the crossplane backend. */
export const crossplaneApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: crossplaneApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new CrossplaneClient({ discoveryApi, fetchApi }),
    }),
});

/** The Crossplane claims card on the overview of components. */
export const crossplaneEntityCard = EntityCardBlueprint.make({
  name: 'claims',
  params: {
    filter: { kind: 'component' },
    loader: () =>
      import('./components/EntityClaimsCard').then(m => <m.EntityClaimsCard />),
  },
});

/** The crossplane frontend plugin: the claims card on entity pages. */
export const crossplanePlugin = createFrontendPlugin({
  pluginId: 'crossplane',
  info: { packageJson: () => import('../package.json') },
  extensions: [crossplaneApi, crossplaneEntityCard],
});
