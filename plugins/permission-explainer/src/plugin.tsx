import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  permissionExplainerApiRef,
  PermissionExplainerClient,
} from './api/PermissionExplainerApi';
import { rootRouteRef } from './routes';

/** The client of the Acme policy's explain endpoint. */
export const permissionExplainerApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: permissionExplainerApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new PermissionExplainerClient({ discoveryApi, fetchApi }),
    }),
});

/** `/permission-explainer`: what a user may do, and which rule decided. */
export const permissionExplainerPage = PageBlueprint.make({
  params: {
    path: '/permission-explainer',
    title: 'Permissions explained',
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/PermissionExplainerPage').then(m => (
        <m.PermissionExplainerPage />
      )),
  },
});

/** The permission explainer frontend plugin (admins). */
export const permissionExplainerPlugin = createFrontendPlugin({
  pluginId: 'permission-explainer',
  info: { packageJson: () => import('../package.json') },
  extensions: [permissionExplainerApi, permissionExplainerPage],
  routes: {
    root: rootRouteRef,
  },
});
