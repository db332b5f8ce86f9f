import {
  createRouteRef,
  createSubRouteRef,
} from '@backstage/frontend-plugin-api';

/** `/campaigns`, the list. */
export const rootRouteRef = createRouteRef();

/** `/campaigns/new`, the platform team's form. */
export const newCampaignRouteRef = createSubRouteRef({
  parent: rootRouteRef,
  path: '/new',
});

/** `/campaigns/:id`, one campaign. */
export const campaignRouteRef = createSubRouteRef({
  parent: rootRouteRef,
  path: '/:id',
});

/** `/campaigns/:id/edit`, the platform team's form for one campaign. */
export const editCampaignRouteRef = createSubRouteRef({
  parent: rootRouteRef,
  path: '/:id/edit',
});
