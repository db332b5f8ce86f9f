import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import LayersIcon from '@material-ui/icons/Layers';
import { goldenPathsApiRef, GoldenPathsClient } from './api/GoldenPathsApi';
import { rootRouteRef } from './routes';

/** The client of the golden-paths backend. */
export const goldenPathsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: goldenPathsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new GoldenPathsClient({ discoveryApi, fetchApi }),
    }),
});

/** On the page of every component made from a golden path. */
export const goldenPathEntityCard = EntityCardBlueprint.make({
  name: 'golden-path',
  params: {
    filter: {
      kind: 'component',
      'metadata.annotations.backstage.io/source-template': { $exists: true },
    },
    loader: () =>
      import('./components/GoldenPathCard').then(m => <m.GoldenPathCard />),
  },
});

/** `/golden-paths`: versions in use and upgrade branches, per golden path. */
export const goldenPathsPage = PageBlueprint.make({
  params: {
    path: '/golden-paths',
    title: 'Golden paths',
    icon: <LayersIcon />,
    noHeader: true,
    routeRef: rootRouteRef,
    loader: () => import('./components/FleetPage').then(m => <m.FleetPage />),
  },
});

/** The golden-paths frontend plugin. */
export const goldenPathsPlugin = createFrontendPlugin({
  pluginId: 'golden-paths',
  info: { packageJson: () => import('../package.json') },
  extensions: [goldenPathsApi, goldenPathEntityCard, goldenPathsPage],
  routes: { root: rootRouteRef },
});
