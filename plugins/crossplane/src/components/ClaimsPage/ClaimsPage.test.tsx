import '@testing-library/jest-dom';
import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { AllClaims } from '@internal/backstage-plugin-crossplane-common';
import { crossplaneApiRef, CrossplaneClient } from '../../api/CrossplaneApi';
import { ClaimsPage } from './ClaimsPage';

describe('ClaimsPage', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const render = (body: AllClaims) => {
    server.use(
      http.get('http://backend.test/api/crossplane/claims/all', () =>
        HttpResponse.json(body),
      ),
    );
    return renderInTestApp(<ClaimsPage />, {
      apis: [
        [
          crossplaneApiRef,
          new CrossplaneClient({
            discoveryApi: {
              getBaseUrl: async id => `http://backend.test/api/${id}`,
            },
            fetchApi: { fetch: (input, init) => fetch(input, init) },
          }),
        ],
      ],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });
  };

  it('lists the claims on clusters and those committed, with their service', async () => {
    await render({
      items: [
        {
          cluster: 'production',
          apiVersion: 'db.example.org/v1alpha1',
          kind: 'PostgreSQLDatabase',
          namespace: 'team-payments',
          name: 'payments-db',
          ready: true,
          synced: true,
          conditions: [],
          kubernetesId: 'payment-service',
        },
      ],
      errors: [],
      committed: [
        {
          state: 'committed',
          path: 'deploy/crossplane/database.yaml',
          url: 'file:///repos/fraud-rules/deploy/crossplane/database.yaml',
          kind: 'PostgreSQLDatabase',
          namespace: 'team-fraud',
          name: 'fraud-rules-db',
          entityRef: 'component:default/fraud-rules',
        },
      ],
    } satisfies AllClaims);
    expect(
      await screen.findByText('1 on clusters, 1 committed and not applied yet'),
    ).toBeInTheDocument();
    const rows = screen.getAllByRole('row').slice(1);
    expect(within(rows[0]).getByText('payment-service')).toBeInTheDocument();
    expect(within(rows[0]).getByText('Ready')).toBeInTheDocument();
    expect(within(rows[1]).getByText('fraud-rules')).toBeInTheDocument();
    expect(
      within(rows[1]).getByText(
        'Committed to deploy/crossplane/database.yaml - not applied yet (Argo CD/Flux applies it after merge)',
      ),
    ).toBeInTheDocument();
  });

  it('says how a service gets a claim when there is none', async () => {
    await render({ items: [], errors: [], committed: [] } satisfies AllClaims);
    expect(
      await screen.findByText(/No service has a Crossplane claim yet/),
    ).toBeInTheDocument();
  });
});
