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
import ExplainIcon from '@material-ui/icons/VerifiedUser';

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
  // page and nav item only for those the policy lets see others' permissions
  if: { permissions: { $contains: 'acme.policy.explain' } },
  params: {
    path: '/permission-explainer',
    title: 'Permissions',
    icon: <ExplainIcon />,
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
