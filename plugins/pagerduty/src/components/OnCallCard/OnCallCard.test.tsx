import { Entity } from '@backstage/catalog-model';
import { ErrorResponseBody, ResponseError } from '@backstage/errors';
import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityPresentationApiRef,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  PagerDutyCreateIncidentResponse,
  PagerDutyOnCallResponse,
} from '@internal/backstage-plugin-pagerduty-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { PagerDutyApi, pagerDutyApiRef } from '../../api/PagerDutyClient';
import { formatAge, formatUntil } from './format';
import { OnCallCard } from './OnCallCard';

const paymentService: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payment-service', title: 'Payment Service' },
  spec: { type: 'service', owner: 'group:default/team-payments' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/team-payments' }],
};

const newService: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'new-service' },
  spec: { type: 'service', owner: 'team-checkout' },
};

const TITLES: Record<string, string> = {
  'group:default/team-payments': 'Payments',
  'group:default/team-checkout': 'Checkout',
};

/** Entity titles as the catalog's presentation API gives them. */
const presentation = {
  forEntity(ref: string | Entity) {
    const entityRef = typeof ref === 'string' ? ref : `component:default/x`;
    const snapshot = {
      entityRef,
      primaryTitle: TITLES[entityRef] ?? entityRef,
    };
    return { snapshot, promise: Promise.resolve(snapshot) };
  },
};

const HOUR = 3600_000;
const iso = (msFromNow: number) =>
  new Date(Date.now() + msFromNow).toISOString();

const onCallAnswer = {
  configured: true,
  service: {
    id: 'PPAYSVC',
    name: 'Payment Service',
    htmlUrl: 'https://acme.pagerduty.com/service-directory/PPAYSVC',
    source: 'entity',
    ownerRef: 'group:default/team-payments',
  },
  onCall: [
    {
      user: {
        name: 'Bob Martinez',
        email: 'bob.martinez@acme.example',
        htmlUrl: 'https://acme.pagerduty.com/users/PBOBMAR',
      },
      escalationLevel: 1,
      start: iso(-10 * HOUR),
      end: iso(13 * HOUR + 60_000),
    },
    {
      user: {
        name: 'Alice Nguyen',
        email: 'alice.nguyen@acme.example',
        htmlUrl: 'https://acme.pagerduty.com/users/PALICEN',
      },
      escalationLevel: 2,
      start: null,
      end: null,
    },
  ],
  incidents: [
    {
      id: 'Q1PAYCAPTURE5X',
      number: 1041,
      title: 'Elevated 5xx on POST /v1/payments/capture',
      status: 'acknowledged',
      urgency: 'high',
      createdAt: iso(-25 * 60_000),
      htmlUrl: 'https://acme.pagerduty.com/incidents/Q1PAYCAPTURE5X',
    },
  ],
} satisfies PagerDutyOnCallResponse;

const created = {
  incident: {
    id: 'Q2NEWINCIDENT1',
    number: 1043,
    title: 'Payment Service: paged from the portal',
    status: 'triggered',
    urgency: 'high',
    createdAt: iso(0),
    htmlUrl: 'https://acme.pagerduty.com/incidents/Q2NEWINCIDENT1',
  },
  service: onCallAnswer.service,
} satisfies PagerDutyCreateIncidentResponse;

async function responseError(status: number, message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'ServiceUnavailableError', message },
        request: { method: 'GET', url: '/x' },
        response: { statusCode: status },
      } satisfies ErrorResponseBody),
      { status, headers: { 'content-type': 'application/json' } },
    ),
  );
}

function render(entity: Entity, api: Partial<PagerDutyApi>) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [pagerDutyApiRef, api],
        [entityPresentationApiRef, presentation],
      ]}
    >
      <EntityProvider entity={entity}>
        <OnCallCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('OnCallCard', () => {
  it('shows the service, who is on call by level until when, and open incidents', async () => {
    const getOnCall = jest.fn(async () => onCallAnswer);
    await render(paymentService, { getOnCall });

    expect(await screen.findByText('Payment Service')).toHaveAttribute(
      'href',
      'https://acme.pagerduty.com/service-directory/PPAYSVC',
    );
    expect(getOnCall).toHaveBeenCalledWith('component:default/payment-service');
    expect(screen.queryByText(/default service/)).not.toBeInTheDocument();

    const onCall = within(screen.getByRole('list', { name: 'On call now' }));
    const items = onCall.getAllByRole('listitem');
    expect(within(items[0]).getByText('Level 1')).toBeInTheDocument();
    expect(within(items[0]).getByText('Bob Martinez')).toHaveAttribute(
      'href',
      'https://acme.pagerduty.com/users/PBOBMAR',
    );
    expect(
      within(items[0]).getByText('bob.martinez@acme.example'),
    ).toHaveAttribute('href', 'mailto:bob.martinez@acme.example');
    expect(
      within(items[0]).getByText(
        /^until \d\d:\d\d \w{3} \d{1,2} \w{3} \(in 13 h\)$/,
      ),
    ).toBeInTheDocument();
    expect(within(items[1]).getByText('Level 2')).toBeInTheDocument();
    expect(
      within(items[1]).getByText('always on call (no rotation)'),
    ).toBeInTheDocument();

    const incidents = within(
      screen.getByRole('list', { name: 'Open incidents' }),
    );
    expect(
      incidents.getByText('#1041 Elevated 5xx on POST /v1/payments/capture'),
    ).toHaveAttribute(
      'href',
      'https://acme.pagerduty.com/incidents/Q1PAYCAPTURE5X',
    );
    expect(
      incidents.getByText('Acknowledged · high urgency · opened 25 min ago'),
    ).toBeInTheDocument();
  });

  it("names the owner team by its title when it is the team's default service", async () => {
    await render(newService, {
      getOnCall: async () =>
        ({
          ...onCallAnswer,
          service: {
            id: 'PTCHECK',
            name: 'Checkout (team default)',
            htmlUrl: 'https://acme.pagerduty.com/service-directory/PTCHECK',
            source: 'owner',
            ownerRef: 'group:default/team-checkout',
          },
          incidents: [],
        } satisfies PagerDutyOnCallResponse),
    });
    const line = (await screen.findByText('Checkout (team default)'))
      .parentElement!;
    expect(line).toHaveTextContent(
      /^PagerDuty service Checkout \(team default\).* \(via team Checkout's default service\)$/,
    );
    expect(
      within(line).getByRole('link', { name: 'Checkout' }),
    ).toHaveAttribute('href', '/catalog/default/group/team-checkout');
    expect(screen.getByText('No open incidents.')).toBeInTheDocument();
    expect(screen.queryByText(/group:default/)).not.toBeInTheDocument();
  });

  it('says PagerDuty is not connected and how an admin connects it', async () => {
    await render(paymentService, {
      getOnCall: async () =>
        ({
          configured: false,
          howToConfigure: 'set pagerDuty.apiToken',
        } satisfies PagerDutyOnCallResponse),
    });
    expect(
      await screen.findByText(
        'PagerDuty is not connected to this portal. An admin sets pagerDuty.apiToken (PAGERDUTY_TOKEN) - see plugins/pagerduty-backend/README.md',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Page on-call' })).toBeNull();
  });

  it('says which annotation to add, on the component or its owner team', async () => {
    await render(paymentService, {
      getOnCall: async () =>
        ({
          configured: true,
          service: null,
          reason: 'Neither ... nor ... has the annotation',
        } satisfies PagerDutyOnCallResponse),
    });
    const alert = await screen.findByRole('alert');
    await waitFor(() =>
      expect(alert).toHaveTextContent(
        "No PagerDuty service for this component. Add the annotation pagerduty.com/service-id to this component's catalog-info.yaml, or a default one to its owner team Payments.",
      ),
    );
  });

  it('says PagerDuty does not know the id the annotation names', async () => {
    await render(paymentService, {
      getOnCall: async () =>
        ({
          configured: true,
          service: null,
          reason: 'PagerDuty has no service PNOSUCH',
          serviceId: 'PNOSUCH',
          source: 'entity',
        } satisfies PagerDutyOnCallResponse),
    });
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'PagerDuty has no service PNOSUCH, the pagerduty.com/service-id of this component.',
    );
  });

  it("shows the backend's message in an alert, not a stack", async () => {
    const error = await responseError(
      429,
      'PagerDuty is rate limiting the portal; try again in 17 s',
    );
    await render(paymentService, {
      getOnCall: async () => {
        throw error;
      },
    });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      /^PagerDuty is rate limiting the portal; try again in 17 s$/,
    );
  });

  it('pages on-call with a required reason and shows the created incident', async () => {
    const createIncident = jest.fn(async () => created);
    const getOnCall = jest.fn(async () => onCallAnswer);
    await render(paymentService, { getOnCall, createIncident });

    await userEvent.click(
      await screen.findByRole('button', { name: 'Page on-call' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText('Page on-call for Payment Service'),
    ).toBeInTheDocument();
    expect(within(dialog).getByLabelText(/Title/)).toHaveValue(
      'Payment Service: paged from the portal',
    );
    expect(
      within(dialog).getByText(/Bob Martinez \(level 1\) is notified first/),
    ).toBeInTheDocument();
    const page = within(dialog).getByRole('button', { name: 'Page' });
    expect(page).toBeDisabled();

    await userEvent.type(
      within(dialog).getByLabelText(/Reason/),
      'Card payments fail since 02:40',
    );
    await userEvent.click(page);

    expect(
      await within(dialog).findByText(/Incident #1043 created in PagerDuty/),
    ).toBeInTheDocument();
    expect(within(dialog).getByText('Open incident #1043')).toHaveAttribute(
      'href',
      'https://acme.pagerduty.com/incidents/Q2NEWINCIDENT1',
    );
    expect(createIncident).toHaveBeenCalledWith(
      'component:default/payment-service',
      {
        title: 'Payment Service: paged from the portal',
        reason: 'Card payments fail since 02:40',
        urgency: 'high',
      },
    );
    // the card reads on-call and incidents again
    await waitFor(() => expect(getOnCall).toHaveBeenCalledTimes(2));
  });

  it('shows why paging failed in the dialog', async () => {
    const error = await responseError(
      400,
      'Your user user:default/guest has no User entity in the catalog, so there is no email to page with',
    );
    await render(paymentService, {
      getOnCall: async () => onCallAnswer,
      createIncident: async () => {
        throw error;
      },
    });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Page on-call' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByLabelText(/Reason/), 'Down');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Page' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Your user user:default/guest has no User entity in the catalog, so there is no email to page with',
    );
  });
});

describe('formatting', () => {
  it('tells until when someone is on call, absolute and relative', () => {
    const now = new Date(2026, 11, 4, 19, 0).getTime(); // Fri 4 Dec, local time
    const end = new Date(2026, 11, 5, 8, 0).toISOString();
    expect(formatUntil(end, now)).toBe('until 08:00 Sat 5 Dec (in 13 h)');
    expect(formatUntil(new Date(now + 45 * 60_000).toISOString(), now)).toBe(
      'until 19:45 Fri 4 Dec (in 45 min)',
    );
    expect(formatUntil(null, now)).toBe('always on call (no rotation)');
  });

  it('tells the age of an incident', () => {
    const now = Date.parse('2026-12-04T12:00:00Z');
    expect(formatAge('2026-12-04T11:59:30Z', now)).toBe('just now');
    expect(formatAge('2026-12-04T11:35:00Z', now)).toBe('25 min ago');
    expect(formatAge('2026-12-04T09:00:00Z', now)).toBe('3 h ago');
    expect(formatAge('2026-11-30T12:00:00Z', now)).toBe('4 d ago');
  });
});
