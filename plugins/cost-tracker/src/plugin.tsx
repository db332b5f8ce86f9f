import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { costTrackerApiRef, CostTrackerClient } from './api/CostTrackerApi';
import { rootRouteRef } from './routes';
import MoneyIcon from '@material-ui/icons/AttachMoney';

/** The client of the cost tracker backend. */
export const costTrackerApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: costTrackerApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new CostTrackerClient({ discoveryApi, fetchApi }),
    }),
});

/** The cost card on the overview of components, resources, systems, groups and domains. */
export const costTrackerEntityCard = EntityCardBlueprint.make({
  name: 'cost',
  params: {
    filter: {
      kind: { $in: ['component', 'resource', 'system', 'group', 'domain'] },
    },
    loader: () =>
      import('./components/EntityCostCard').then(m => <m.EntityCostCard />),
  },
});

/** `/cost-tracker`: the cost of a team, system or domain, or the top spenders. */
export const costTrackerPage = PageBlueprint.make({
  params: {
    path: '/cost-tracker',
    title: 'Costs',
    icon: <MoneyIcon />,
    routeRef: rootRouteRef,
    loader: () => import('./components/CostPage').then(m => <m.CostPage />),
  },
});

/** The cost tracker frontend plugin. */
export const costTrackerPlugin = createFrontendPlugin({
  pluginId: 'cost-tracker',
  info: { packageJson: () => import('../package.json') },
  extensions: [costTrackerApi, costTrackerEntityCard, costTrackerPage],
  routes: {
    root: rootRouteRef,
  },
});
