import {
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { CampaignSummary } from '@internal/backstage-plugin-campaigns-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { checkoutGold, targets } from '../__fixtures__/campaigns';
import { campaignsApiRef, CampaignsClient } from '../api/CampaignsApi';
import { CampaignsRouter } from '../components/CampaignsRouter';
import { rootRouteRef } from '../routes';

export const BASE = 'http://backend.test/api/campaigns';

/**
 * The campaigns backend as msw handlers, and a render of the campaigns pages
 * at a path for a member of the platform team or not. usePermission caches
 * decisions per test file (SWR), so one file tests one kind of user.
 */
export function setupCampaignsPages() {
  const server = setupServer();
  registerMswTestHooks(server);

  beforeEach(() => {
    server.use(
      http.get(`${BASE}/targets`, () => HttpResponse.json(targets)),
      http.get(`${BASE}/campaigns/c1`, () => HttpResponse.json(checkoutGold)),
      http.get(`${BASE}/campaigns`, () =>
        HttpResponse.json({
          items: [
            {
              campaign: checkoutGold.campaign,
              status: 'active',
              inScope: 5,
              atTarget: 3,
              percent: 60,
            },
            {
              campaign: {
                ...checkoutGold.campaign,
                id: 'c2',
                title: 'Runbooks everywhere',
                scope: { kind: 'Component' },
                target: { type: 'check', check: 'runbook' },
              },
              status: 'scheduled',
              inScope: 8,
              atTarget: 2,
              percent: 25,
            },
          ] satisfies CampaignSummary[],
        }),
      ),
    );
  });

  const render = (path: string, platformTeam: boolean) =>
    renderInTestApp(<CampaignsRouter />, {
      mountPath: '/campaigns/*',
      initialRouteEntries: [path],
      apis: [
        [
          campaignsApiRef,
          new CampaignsClient({
            discoveryApi: {
              getBaseUrl: async id => `http://backend.test/api/${id}`,
            },
            fetchApi: { fetch: (input, init) => fetch(input, init) },
          }),
        ],
        mockApis.permission({
          authorize: platformTeam
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
        }),
      ],
      mountedRoutes: {
        '/campaigns': rootRouteRef,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
    });

  return { server, render };
}
