import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import {
  catalogApiRef,
  entityPresentationApiRef,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  CostBreakdown,
  DailyCost,
  EntityCost,
  OrganizationCost,
  TopSpenders,
} from '@internal/backstage-plugin-cost-tracker-common';
import { costTrackerApiRef, CostTrackerClient } from '../../api/CostTrackerApi';
import { CostPage } from './CostPage';

const zero = {
  compute: 0,
  storage: 0,
  network: 0,
  other: 0,
} satisfies CostBreakdown;

const TITLES: Record<string, string> = {
  'group:default/team-payments': 'Payments',
  'group:default/team-checkout': 'Checkout',
  'group:default/acme': 'Acme Commerce',
  'component:default/payment-service': 'Payment Service',
  'component:default/ledger-service': 'Ledger',
  'component:default/checkout-web': 'Checkout Web',
};

/** Titles as the catalog's entity presentation API gives them. */
const presentation = {
  forEntity(ref: string) {
    const snapshot = { entityRef: ref, primaryTitle: TITLES[ref] ?? ref };
    return { snapshot, promise: Promise.resolve(snapshot) };
  },
};

const day = (d: string, compute: number, storage = 0) =>
  ({
    day: d,
    total: compute + storage,
    compute,
    storage,
    network: 0,
    other: 0,
  } satisfies DailyCost);

const organization = {
  from: '2026-11-22',
  to: '2026-11-24',
  currency: 'USD',
  cost: 'effective',
  total: 1000,
  allocated: 875.5,
  teams: [
    {
      entityRef: 'group:default/team-payments',
      amount: 600,
      direct: false,
      entities: 2,
    },
    {
      entityRef: 'group:default/team-checkout',
      amount: 275.5,
      direct: false,
      entities: 1,
    },
  ],
  unallocated: {
    total: 124.5,
    items: [
      {
        key: 'tags {"app":"nobody"}',
        reason: 'no entity carries this tag',
        source: 'focus:aws.csv',
        amount: 124.5,
      },
    ],
  },
  byDay: [
    day('2026-11-22', 300, 20),
    day('2026-11-23', 310, 30),
    day('2026-11-24', 320, 20),
  ],
} satisfies OrganizationCost;

const top = {
  from: '2026-11-22',
  to: '2026-11-24',
  currency: 'USD',
  cost: 'effective',
  items: [
    { entityRef: 'component:default/payment-service', amount: 400 },
    { entityRef: 'component:default/checkout-web', amount: 275.5 },
  ],
} satisfies TopSpenders;

const teamPayments = {
  entityRef: 'group:default/team-payments',
  kind: 'group',
  currency: 'USD',
  cost: 'effective',
  from: '2026-10-26',
  to: '2026-11-24',
  total: 300,
  byCategory: { compute: 200, storage: 60, network: 40, other: 0 },
  byDay: [
    day('2026-11-22', 0),
    day('2026-11-23', 0),
    { ...day('2026-11-24', 200, 60), network: 40, total: 300 },
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
} satisfies EntityCost;

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
    [entityPresentationApiRef, presentation],
  ] as const;

  const render = (url: string) =>
    renderInTestApp(<CostPage />, {
      apis,
      initialRouteEntries: [url],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });

  /** The table under a Backstage table title. */
  const tableTitled = (title: string) =>
    within(
      screen.getByText(title).closest<HTMLElement>('.MuiPaper-root')!,
    ).getByRole('table');

  const rowsOf = (table: HTMLElement) =>
    within(table)
      .getAllByRole('row')
      .slice(1)
      .map(r => r.textContent);

  it('shows the organisation total, each team by name with the unallocated rest, the trend and the top spenders', async () => {
    server.use(
      http.get('http://backend.test/api/cost-tracker/organization', () =>
        HttpResponse.json(organization),
      ),
      http.get('http://backend.test/api/cost-tracker/top', () =>
        HttpResponse.json(top),
      ),
    );
    await render('/');

    expect(
      await screen.findByLabelText('Organisation total'),
    ).toHaveTextContent('$1,000.00');
    expect(screen.getByText('$124.50', { selector: 'p' })).toBeInTheDocument();

    // the trend: dates on the x axis, money on the y axis, a legend
    const trend = screen.getByRole('figure', { name: /^Daily cost from/ });
    expect(within(trend).getByText('Nov 22')).toBeInTheDocument();
    expect(within(trend).getByText('Nov 24')).toBeInTheDocument();
    expect(within(trend).getByText('USD per day')).toBeInTheDocument();
    expect(within(trend).getByText('$340')).toBeInTheDocument();
    expect(within(trend).getByText('Compute')).toBeInTheDocument();
    expect(within(trend).getByText('Storage')).toBeInTheDocument();

    // teams by their titles, each with its share, and the unallocated rest
    const perTeam = screen.getByRole('figure', { name: /^Cost per team/ });
    expect(await within(perTeam).findByText('Payments')).toBeInTheDocument();
    expect(within(perTeam).getByText('Checkout')).toBeInTheDocument();
    expect(within(perTeam).getByText('Unallocated')).toBeInTheDocument();
    expect(within(perTeam).getByText('$600.00 (60.0%)')).toBeInTheDocument();
    const teams = tableTitled('Teams');
    expect(rowsOf(teams)).toEqual([
      expect.stringMatching(/^Payments\$600\.0060\.0%2$/),
      expect.stringMatching(/^Checkout\$275\.5027\.6%1$/),
      expect.stringMatching(/^Unallocated \(no owning team\)\$124\.5012\.4%–$/),
    ]);
    expect(
      within(teams).getByRole('link', { name: 'Payments' }),
    ).toHaveAttribute('href', '/?entity=group%3Adefault%2Fteam-payments');

    // top spenders by name, with their total against the organisation's
    expect(
      screen.getByText("Together $675.50 of the organisation's $1,000.00"),
    ).toBeInTheDocument();
    const spenders = tableTitled('Top 2 spenders, last 30 days');
    expect(rowsOf(spenders)).toEqual([
      expect.stringMatching(/^Payment Service\$400\.0040\.0%$/),
      expect.stringMatching(/^Checkout Web\$275\.5027\.6%$/),
    ]);

    expect(document.body).not.toHaveTextContent(
      /group:default|component:default/,
    );
  });

  it("shows a team's roll-up by name, where its history starts, and a table that sorts by cost", async () => {
    server.use(
      http.get(
        'http://backend.test/api/cost-tracker/costs/group/default/team-payments',
        () => HttpResponse.json(teamPayments),
      ),
    );
    await render('/?entity=group%3Adefault%2Fteam-payments');

    expect(await screen.findByText('Cost of Payments')).toBeInTheDocument();
    expect(screen.getByText('$300.00', { selector: 'p' })).toBeInTheDocument();
    expect(
      screen.getByText(/\+20.0% vs the 30 days before/),
    ).toBeInTheDocument();
    // one day of cost: the bar carries its value, and a note says so
    expect(
      screen.getByText('Cost history starts Nov 24, 2026.'),
    ).toBeInTheDocument();
    const chart = screen.getByRole('figure', { name: /^Daily cost from/ });
    expect(within(chart).getByText('$300.00')).toBeInTheDocument();
    expect(within(chart).getByText('Nov 24')).toBeInTheDocument();

    const table = () => tableTitled('Cost by entity');
    await within(table()).findByText('Payment Service');
    expect(rowsOf(table())).toEqual([
      expect.stringMatching(/^Payment Service\$200\.0066\.7%$/),
      expect.stringMatching(/^Ledger\$100\.0033\.3%$/),
    ]);
    const costHeader = within(table())
      .getAllByRole('columnheader')
      .find(h => h.textContent === 'Cost')!;
    // highest first, then lowest first
    await userEvent.click(within(costHeader).getByText('Cost'));
    expect(rowsOf(table())).toEqual([
      expect.stringMatching(/^Payment Service/),
      expect.stringMatching(/^Ledger/),
    ]);
    await userEvent.click(within(costHeader).getByText('Cost'));
    expect(rowsOf(table())).toEqual([
      expect.stringMatching(/^Ledger/),
      expect.stringMatching(/^Payment Service/),
    ]);
    expect(document.body).not.toHaveTextContent(/component:default/);
  });
});
