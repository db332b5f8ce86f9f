import '@testing-library/jest-dom';
import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  catalogApiRef,
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen, within } from '@testing-library/react';
import {
  pagerDutyApiRef,
  type PagerDutyApi,
} from '@internal/backstage-plugin-pagerduty';
import type { PagerDutyOnCallResponse } from '@internal/backstage-plugin-pagerduty-common';
import { UsedByCard } from './UsedByCard';
import { DependentOnCall } from './DependentOnCall';

const rel = (type: string, targetRef: string) => ({ type, targetRef });

/** A slice of catalog/: payment-service, its API and who uses them. */
const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payment-service', namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production' },
    relations: [
      rel('providesApi', 'api:default/payments-api'),
      rel('dependencyOf', 'component:default/checkout-web'),
      rel('ownedBy', 'group:default/team-payments'),
    ],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: {
      name: 'payments-api',
      namespace: 'default',
      title: 'Payments API',
    },
    spec: { type: 'openapi' },
    relations: [
      rel('apiConsumedBy', 'component:default/order-service'),
      rel('apiConsumedBy', 'component:default/checkout-web'),
    ],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'order-service',
      namespace: 'default',
      title: 'Order Service',
    },
    spec: { type: 'service', lifecycle: 'production' },
    relations: [rel('ownedBy', 'group:default/team-checkout')],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'checkout-web',
      namespace: 'default',
      title: 'Checkout Web',
    },
    spec: { type: 'website', lifecycle: 'experimental' },
    relations: [rel('ownedBy', 'group:default/team-checkout')],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: 'team-checkout',
      namespace: 'default',
      title: 'Checkout',
    },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'lonely', namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production' },
  },
];

const render = (entity: Entity) =>
  renderInTestApp(
    <EntityProvider entity={entity}>
      <UsedByCard />
    </EntityProvider>,
    {
      apis: [[catalogApiRef, catalogApiMock({ entities })]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );

describe('UsedByCard', () => {
  it('lists direct dependents and API consumers once each, with how and owner', async () => {
    await render(entities[0]);
    expect(
      await screen.findByText(
        '2 entities depend on this one, directly or through its APIs.',
      ),
    ).toBeInTheDocument();
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);

    // checkout-web both depends on it and consumes its API: one row
    const checkout = within(rows[0]);
    expect(checkout.getByText('Checkout Web')).toBeInTheDocument();
    expect(checkout.getByText('experimental')).toBeInTheDocument();
    expect(checkout.getByText('depends on it')).toBeInTheDocument();
    expect(checkout.getByText('Payments API')).toBeInTheDocument();
    expect(checkout.getByText('Checkout')).toBeInTheDocument();

    const orders = within(rows[1]);
    expect(orders.getByText('Order Service')).toBeInTheDocument();
    expect(orders.queryByText('depends on it')).not.toBeInTheDocument();
    expect(orders.getByText(/consumes/)).toBeInTheDocument();
    // names and titles, never raw refs
    expect(screen.queryByText(/group:default\//)).not.toBeInTheDocument();
  });

  it('says so when nothing depends on the entity', async () => {
    await render(entities[5]);
    expect(
      await screen.findByText(
        'Nothing in the catalog depends on this component or consumes its APIs.',
      ),
    ).toBeInTheDocument();
  });
});

describe('UsedByCard with on-call', () => {
  it('shows who is paged first for each dependent', async () => {
    const ordersOnCall = {
      configured: true,
      service: {
        id: 'PORDERS',
        name: 'Order Service',
        htmlUrl: 'https://acme.pagerduty.example/service-directory/PORDERS',
        source: 'entity',
        ownerRef: null,
      },
      onCall: [
        {
          user: {
            name: 'Dan Okafor',
            email: 'dan.okafor@acme.example',
            htmlUrl: 'https://acme.pagerduty.example/users/PDAN',
          },
          escalationLevel: 1,
          start: null,
          end: null,
        },
      ],
      incidents: [],
    } satisfies PagerDutyOnCallResponse;
    const notConnected = {
      configured: false,
      howToConfigure: 'set pagerDuty.apiToken',
    } satisfies PagerDutyOnCallResponse;
    const onCall: PagerDutyApi['getOnCall'] = async ref =>
      String(ref) === 'component:default/order-service'
        ? ordersOnCall
        : notConnected;
    await renderInTestApp(
      <EntityProvider entity={entities[0]}>
        <UsedByCard onCall={d => <DependentOnCall entityRef={d.entityRef} />} />
      </EntityProvider>,
      {
        apis: [
          [catalogApiRef, catalogApiMock({ entities })],
          [pagerDutyApiRef, { getOnCall: onCall } as PagerDutyApi],
        ],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );
    const rows = (await screen.findAllByRole('row')).slice(1);
    expect(await within(rows[1]).findByText('Dan Okafor')).toBeInTheDocument();
    expect(
      await within(rows[0]).findByText('PagerDuty not connected'),
    ).toBeInTheDocument();
  });
});
