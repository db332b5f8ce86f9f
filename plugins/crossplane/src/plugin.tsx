import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import StorageIcon from '@material-ui/icons/Storage';
import { rootRouteRef } from './routes';
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

/** `/crossplane`: every claim of the portal's services. */
export const crossplaneClaimsPage = PageBlueprint.make({
  params: {
    path: '/crossplane',
    // the nav label; the page's own header says "Crossplane claims"
    title: 'Crossplane',
    icon: <StorageIcon />,
    // the page draws its own header, with a subtitle
    noHeader: true,
    routeRef: rootRouteRef,
    loader: () => import('./components/ClaimsPage').then(m => <m.ClaimsPage />),
  },
});

/** The crossplane frontend plugin: the claims card on entity pages and the claims page. */
export const crossplanePlugin = createFrontendPlugin({
  pluginId: 'crossplane',
  info: { packageJson: () => import('../package.json') },
  extensions: [crossplaneApi, crossplaneEntityCard, crossplaneClaimsPage],
  routes: { root: rootRouteRef },
});
