import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  catalogHealthApiRef,
  CatalogHealthClient,
} from './api/CatalogHealthApi';
import { rootRouteRef } from './routes';
import HealthIcon from '@material-ui/icons/LocalHospital';

/** The client of the catalog backend's GitHub ingestion report. */
export const catalogHealthApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: catalogHealthApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new CatalogHealthClient({ discoveryApi, fetchApi }),
    }),
});

/** `/catalog-health`: the GitHub ingestion of the catalog, per provider. */
export const catalogHealthPage = PageBlueprint.make({
  params: {
    path: '/catalog-health',
    title: 'Catalog health',
    icon: <HealthIcon />,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/CatalogHealthPage').then(m => (
        <m.CatalogHealthPage />
      )),
  },
});

/** The catalog health frontend plugin. */
export const catalogHealthPlugin = createFrontendPlugin({
  pluginId: 'catalog-health',
  info: { packageJson: () => import('../package.json') },
  extensions: [catalogHealthApi, catalogHealthPage],
  routes: {
    root: rootRouteRef,
  },
});
