import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { auditEventsReadPermission } from '@internal/backstage-plugin-audit-common';
import HistoryIcon from '@material-ui/icons/History';
import { auditApiRef, AuditClient } from './api/AuditApi';
import { rootRouteRef } from './routes';

/** The client of the audit backend. */
export const auditApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: auditApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new AuditClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * `/audit`: the audit trail with filters. Enabled (page and nav item) only
 * for users the permission policy allows `audit.events.read`.
 */
export const auditPage = PageBlueprint.make({
  if: { permissions: { $contains: auditEventsReadPermission.name } },
  params: {
    path: '/audit',
    title: 'Audit trail',
    icon: <HistoryIcon />,
    // the page draws its own header, with a subtitle
    noHeader: true,
    routeRef: rootRouteRef,
    loader: () => import('./components/AuditPage').then(m => <m.AuditPage />),
  },
});

/** The audit trail frontend plugin. */
export const auditPlugin = createFrontendPlugin({
  pluginId: 'audit',
  info: { packageJson: () => import('../package.json') },
  extensions: [auditApi, auditPage],
  routes: {
    root: rootRouteRef,
  },
});
