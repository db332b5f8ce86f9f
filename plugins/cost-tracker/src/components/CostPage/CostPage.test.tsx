import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { costTrackerApiRef, CostTrackerClient } from '../../api/CostTrackerApi';
import { CostPage } from './CostPage';

const zero = { compute: 0, storage: 0, network: 0, other: 0 };

describe('CostPage', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const apis = [
    [
      costTrackerApiRef,
      new CostTrackerClient({
        discoveryApi: {
          getBaseUrl: async id => `http://backend.test/api/${id}`,
        },
        fetchApi: { fetch: (input, init) => fetch(input, init) },
      }),
    ],
    [
      catalogApiRef,
      catalogApiMock({
        entities: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Group',
            metadata: { name: 'team-payments', namespace: 'default' },
            spec: { type: 'team', children: [] },
          },
        ],
      }),
    ],
  ] as const;

  it("shows a team's roll-up in a table that sorts by cost", async () => {
    server.use(
      http.get(
        'http://backend.test/api/cost-tracker/costs/group/default/team-payments',
        () =>
          HttpResponse.json({
            entityRef: 'group:default/team-payments',
            kind: 'group',
            currency: 'USD',
            from: '2026-10-26',
            to: '2026-11-24',
            total: 300,
            byCategory: { compute: 200, storage: 60, network: 40, other: 0 },
            byDay: [
              {
                day: '2026-11-24',
                total: 300,
                compute: 200,
                storage: 60,
                network: 40,
                other: 0,
              },
            ],
            previous: {
              from: '2026-09-26',
              to: '2026-10-25',
              total: 250,
              byCategory: zero,
            },
            change: 0.2,
            members: [
              { entityRef: 'component:default/payment-service', amount: 200 },
              { entityRef: 'component:default/ledger-service', amount: 100 },
            ],
          }),
      ),
    );
    await renderInTestApp(<CostPage />, {
      apis,
      initialRouteEntries: ['/?entity=group%3Adefault%2Fteam-payments'],
    });

    expect(await screen.findByText('$300.00')).toBeInTheDocument();
    expect(
      screen.getByText(/\+20.0% vs the 30 days before/),
    ).toBeInTheDocument();
    const rows = () =>
      within(screen.getByRole('table'))
        .getAllByRole('row')
        .slice(1)
        .map(r => r.textContent);
    expect(rows()).toEqual([
      expect.stringMatching(/payment-service.*\$200\.00.*66\.7%/),
      expect.stringMatching(/ledger-service.*\$100\.00.*33\.3%/),
    ]);
    const costHeader = within(screen.getByRole('table'))
      .getAllByRole('columnheader')
      .find(h => h.textContent === 'Cost')!;
    // highest first, then lowest first
    await userEvent.click(within(costHeader).getByText('Cost'));
    expect(rows()).toEqual([
      expect.stringMatching(/payment-service/),
      expect.stringMatching(/ledger-service/),
    ]);
    await userEvent.click(within(costHeader).getByText('Cost'));
    expect(rows()).toEqual([
      expect.stringMatching(/ledger-service/),
      expect.stringMatching(/payment-service/),
    ]);
  });
});
