import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import DashboardIcon from '@material-ui/icons/Assessment';
import { devexMetricsApiRef, DevexMetricsClient } from './api/DevexMetricsApi';
import { rootRouteRef } from './routes';

/** The client of the devex-metrics backend. */
export const devexMetricsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: devexMetricsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new DevexMetricsClient({ discoveryApi, fetchApi }),
    }),
});

/** `/devex`: adoption, template usage, NPS, time to first deploy, scorecards. */
export const devexDashboardPage = PageBlueprint.make({
  params: {
    path: '/devex',
    title: 'DevEx',
    icon: <DashboardIcon />,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/DevexDashboardPage').then(m => (
        <m.DevexDashboardPage />
      )),
  },
});

/** The production-readiness scorecard on component pages. */
export const devexScorecardEntityCard = EntityCardBlueprint.make({
  name: 'scorecard',
  params: {
    filter: { kind: 'component' },
    loader: () =>
      import('./components/EntityScorecardCard').then(m => (
        <m.EntityScorecardCard />
      )),
  },
});

/** The DevEx metrics frontend plugin. */
export const devexMetricsPlugin = createFrontendPlugin({
  pluginId: 'devex-metrics',
  info: { packageJson: () => import('../package.json') },
  extensions: [devexMetricsApi, devexDashboardPage, devexScorecardEntityCard],
  routes: {
    root: rootRouteRef,
  },
});
