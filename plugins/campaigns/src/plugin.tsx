import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import FlagIcon from '@material-ui/icons/Flag';
import { campaignsApiRef, CampaignsClient } from './api/CampaignsApi';
import {
  campaignRouteRef,
  editCampaignRouteRef,
  newCampaignRouteRef,
  rootRouteRef,
} from './routes';

/** The client of the campaigns backend. */
export const campaignsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: campaignsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new CampaignsClient({ discoveryApi, fetchApi }),
    }),
});

/** `/campaigns`: the list, one campaign's page and the platform team's form. */
export const campaignsPage = PageBlueprint.make({
  params: {
    path: '/campaigns',
    title: 'Campaigns',
    icon: <FlagIcon />,
    // each page draws its own header (the campaign's title)
    noHeader: true,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/CampaignsRouter').then(m => <m.CampaignsRouter />),
  },
});

/** The campaigns frontend plugin. */
export const campaignsPlugin = createFrontendPlugin({
  pluginId: 'campaigns',
  info: { packageJson: () => import('../package.json') },
  extensions: [campaignsApi, campaignsPage],
  routes: {
    root: rootRouteRef,
    campaign: campaignRouteRef,
    newCampaign: newCampaignRouteRef,
    editCampaign: editCampaignRouteRef,
  },
});
