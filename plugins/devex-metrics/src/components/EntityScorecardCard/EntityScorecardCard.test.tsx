import { Entity } from '@backstage/catalog-model';
import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  devexMetricsApiRef,
  DevexMetricsClient,
} from '../../api/DevexMetricsApi';
import { EntityScorecardCard } from './EntityScorecardCard';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payment-service', namespace: 'default' },
  spec: {},
};

describe('EntityScorecardCard', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('shows the level and every check of the entity', async () => {
    const asked: string[] = [];
    server.use(
      http.get(
        'http://backend.test/api/devex-metrics/scorecard',
        ({ request }) => {
          asked.push(new URL(request.url).searchParams.get('entityRef')!);
          return HttpResponse.json({
            entityRef: 'component:default/payment-service',
            owner: 'group:default/team-payments',
            level: 'silver',
            passed: 7,
            total: 8,
            checks: [
              {
                id: 'owner-is-group',
                title: 'Owned by a team (Group)',
                passed: true,
              },
              {
                id: 'golden-path',
                title: 'Created from a golden path',
                passed: false,
              },
              {
                id: 'on-call',
                title: 'On-call (PagerDuty)',
                passed: false,
                reason: 'PagerDuty is not configured',
              },
            ],
          });
        },
      ),
    );
    await renderInTestApp(
      <EntityProvider entity={entity}>
        <EntityScorecardCard />
      </EntityProvider>,
      {
        apis: [
          [
            devexMetricsApiRef,
            new DevexMetricsClient({
              discoveryApi: {
                getBaseUrl: async id => `http://backend.test/api/${id}`,
              },
              fetchApi: { fetch: (input, init) => fetch(input, init) },
            }),
          ],
        ],
      },
    );
    expect(await screen.findByText('silver')).toBeInTheDocument();
    expect(screen.getByText('7 of 8 checks pass')).toBeInTheDocument();
    expect(screen.getByText('Owned by a team (Group)')).toBeInTheDocument();
    expect(screen.getAllByTitle('missing')).toHaveLength(2);
    // a failed check says why
    expect(screen.getByText('PagerDuty is not configured')).toBeInTheDocument();
    expect(asked).toEqual(['component:default/payment-service']);
  });
});
