import { Entity } from '@backstage/catalog-model';
import { ErrorResponseBody } from '@backstage/errors';
import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  CostBreakdown,
  EntityCost,
} from '@internal/backstage-plugin-cost-tracker-common';
import { costTrackerApiRef, CostTrackerClient } from '../../api/CostTrackerApi';
import { rootRouteRef } from '../../routes';
import { EntityCostCard } from './EntityCostCard';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payment-service',
    namespace: 'default',
    title: 'Payment Service',
  },
  spec: {},
};

const zero = {
  compute: 0,
  storage: 0,
  network: 0,
  other: 0,
} satisfies CostBreakdown;

function cost(overrides: Partial<EntityCost>) {
  return {
    entityRef: 'component:default/payment-service',
    kind: 'component',
    currency: 'USD',
    cost: 'effective',
    from: '2026-10-26',
    to: '2026-11-24',
    total: 0,
    byCategory: zero,
    byDay: [],
    previous: {
      from: '2026-09-26',
      to: '2026-10-25',
      total: 0,
      byCategory: zero,
    },
    change: null,
    members: [],
    ...overrides,
  } satisfies EntityCost;
}

describe('EntityCostCard', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const requests: URL[] = [];

  function serve(body: EntityCost | { status: number; message: string }) {
    server.use(
      http.get(
        'http://backend.test/api/cost-tracker/costs/:kind/:namespace/:name',
        ({ request }) => {
          requests.push(new URL(request.url));
          return 'status' in body
            ? HttpResponse.json(
                {
                  error: { name: 'NotFoundError', message: body.message },
                  response: { statusCode: body.status },
                } satisfies ErrorResponseBody,
                { status: body.status },
              )
            : HttpResponse.json(body);
        },
      ),
    );
  }

  async function render() {
    return renderInTestApp(
      <EntityProvider entity={entity}>
        <EntityCostCard />
      </EntityProvider>,
      {
        mountedRoutes: { '/cost-tracker': rootRouteRef },
        apis: [
          [
            costTrackerApiRef,
            new CostTrackerClient({
              discoveryApi: {
                getBaseUrl: async id => `http://backend.test/api/${id}`,
              },
              fetchApi: { fetch: (input, init) => fetch(input, init) },
            }),
          ],
        ],
      },
    );
  }

  beforeEach(() => {
    requests.length = 0;
  });

  it('shows the monthly cost by category, the change and the trend', async () => {
    serve(
      cost({
        total: 1234.5,
        byCategory: {
          compute: 800,
          storage: 300.25,
          network: 134.25,
          other: 0,
        },
        byDay: [
          {
            day: '2026-11-23',
            total: 40,
            compute: 30,
            storage: 5,
            network: 5,
            other: 0,
          },
          {
            day: '2026-11-24',
            total: 60,
            compute: 40,
            storage: 10,
            network: 10,
            other: 0,
          },
        ],
        previous: {
          from: '2026-09-26',
          to: '2026-10-25',
          total: 1000,
          byCategory: zero,
        },
        change: 0.2345,
        budget: { monthly: 1000, monthToDate: 1100 },
      }),
    );
    await render();

    expect(await screen.findByText('$1,234.50')).toBeInTheDocument();
    expect(
      screen.getByText('+23.4% vs previous 30 days ($1,000.00)'),
    ).toBeInTheDocument();
    expect(screen.getByText('Compute').nextSibling).toHaveTextContent(
      '$800.00',
    );
    expect(screen.getByText('Storage').nextSibling).toHaveTextContent(
      '$300.25',
    );
    expect(screen.getByText('Network').nextSibling).toHaveTextContent(
      '$134.25',
    );
    expect(screen.queryByText('Other')).not.toBeInTheDocument();
    const chart = screen.getByRole('figure', {
      name: 'Daily cost from Nov 23, 2026 to Nov 24, 2026, highest $60.00 a day',
    });
    expect(within(chart).getByText('Nov 23')).toBeInTheDocument();
    expect(within(chart).getByText('Nov 24')).toBeInTheDocument();
    expect(within(chart).getByText('USD per day')).toBeInTheDocument();
    expect(within(chart).getByText('$60')).toBeInTheDocument();
    expect(
      screen.getByText(
        /Month to date \$1,100.00 of a \$1,000.00 monthly budget/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Cost details/ })).toHaveAttribute(
      'href',
      '/cost-tracker?entity=component%3Adefault%2Fpayment-service',
    );
    expect(requests[0].pathname).toBe(
      '/api/cost-tracker/costs/component/default/payment-service',
    );
  });

  it('says how costs are mapped when there are none', async () => {
    serve(cost({}));
    await render();
    expect(
      await screen.findByText(
        (_, el) =>
          el?.tagName === 'P' &&
          /^No costs recorded for Payment Service between Oct 26, 2026 and Nov 24, 2026\./.test(
            el.textContent ?? '',
          ),
      ),
    ).toBeInTheDocument();
  });

  it('shows the backend error', async () => {
    serve({
      status: 404,
      message: 'No entity component:default/payment-service in the catalog',
    });
    await render();
    expect(
      await screen.findByText(
        /No entity component:default\/payment-service in the catalog/,
      ),
    ).toBeInTheDocument();
  });
});
