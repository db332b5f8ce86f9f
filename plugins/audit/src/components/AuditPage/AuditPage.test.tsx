import { ErrorResponseBody } from '@backstage/errors';
import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import type {
  AuditEventRecord,
  AuditEventsPage,
} from '@internal/backstage-plugin-audit-common';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { auditApiRef, AuditClient } from '../../api/AuditApi';
import { AuditPage } from './AuditPage';

const run = {
  id: '1',
  correlationId: 'c1',
  occurredAt: '2026-11-24T10:00:00.000Z',
  plugin: 'scaffolder',
  eventId: 'task',
  action: 'scaffolder.task.execution',
  severityLevel: 'medium',
  status: 'succeeded',
  outcome: 'allowed',
  actor: { actorId: 'user:default/ada', via: 'plugin:scaffolder' },
  entityRefs: ['template:default/node-service'],
  meta: { taskParameters: { name: 'payments', dbPassword: '[REDACTED]' } },
} satisfies AuditEventRecord;
const denial = {
  ...run,
  id: '2',
  occurredAt: '2026-11-24T09:00:00.000Z',
  plugin: 'catalog',
  eventId: 'entity-mutate',
  action: 'catalog.entity-mutate.refresh',
  status: 'failed',
  outcome: 'denied',
  actor: { actorId: 'user:default/carl' },
  entityRefs: ['component:default/payments'],
  meta: undefined,
  error: { name: 'NotAllowedError', message: 'refresh denied' },
} satisfies AuditEventRecord;

/** The catalog's entities, as POST /entities/by-refs answers with them. */
const CATALOG: Record<string, object> = {
  'user:default/ada': {
    metadata: { name: 'ada' },
    spec: { profile: { displayName: 'Ada Lovelace' } },
  },
  'template:default/node-service': {
    metadata: { name: 'node-service', title: 'Node.js service' },
  },
};

jest.setTimeout(30_000);

describe('AuditPage', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const apis = [
    [
      auditApiRef,
      new AuditClient({
        discoveryApi: {
          getBaseUrl: async id => `http://backend.test/api/${id}`,
        },
        fetchApi: { fetch: (input, init) => fetch(input, init) },
      }),
    ],
  ] as const;

  it('lists records and sends the filters to the API, paging with the cursor', async () => {
    const queries: URLSearchParams[] = [];
    const lookedUp: string[][] = [];
    server.use(
      http.post(
        'http://backend.test/api/catalog/entities/by-refs',
        async ({ request }) => {
          const { entityRefs } = (await request.json()) as {
            entityRefs: string[];
          };
          lookedUp.push(entityRefs);
          return HttpResponse.json({
            items: entityRefs.map(ref => CATALOG[ref] ?? null),
          });
        },
      ),
      http.get('http://backend.test/api/audit/events', ({ request }) => {
        const query = new URL(request.url).searchParams;
        queries.push(query);
        if (query.get('cursor') === 'next-1') {
          return HttpResponse.json({
            items: [denial],
          } satisfies AuditEventsPage);
        }
        if (query.get('actor') === 'user:default/carl') {
          return HttpResponse.json({
            items: [denial],
          } satisfies AuditEventsPage);
        }
        return HttpResponse.json({
          items: [run],
          nextCursor: 'next-1',
        } satisfies AuditEventsPage);
      }),
    );
    await renderInTestApp(<AuditPage />, { apis });

    expect(
      await screen.findByText('scaffolder.task.execution'),
    ).toBeInTheDocument();
    // actors and entities by name, the ref on hover
    expect(await screen.findByText('Ada Lovelace')).toHaveAttribute(
      'title',
      'user:default/ada',
    );
    expect(screen.getByText('Node.js service')).toHaveAttribute(
      'title',
      'template:default/node-service',
    );
    expect(lookedUp).toEqual([
      ['user:default/ada', 'template:default/node-service'],
    ]);
    expect(screen.getByText('via plugin:scaffolder')).toBeInTheDocument();
    // folded behind the row's Details toggle, pretty-printed
    expect(
      screen.getByText(/"dbPassword": "\[REDACTED\]"/),
    ).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: 'Load older records' }),
    );
    expect(
      await screen.findByText('catalog.entity-mutate.refresh'),
    ).toBeInTheDocument();
    expect(queries[1].get('cursor')).toBe('next-1');
    // refs the catalog does not know stay refs
    expect(
      await screen.findByText('component:default/payments'),
    ).toBeInTheDocument();

    await userEvent.type(screen.getByLabelText('Actor'), 'user:default/carl');
    await userEvent.type(
      screen.getByLabelText('Entity'),
      'component:default/payments',
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Apply filters' }),
    );
    expect(
      await screen.findByText(/NotAllowedError: refresh denied/),
    ).toBeInTheDocument();
    const last = queries[queries.length - 1];
    expect(last.get('actor')).toBe('user:default/carl');
    expect(last.get('entity')).toBe('component:default/payments');
    expect(last.get('limit')).toBe('50');
    expect(last.has('cursor')).toBe(false);
    expect(
      screen.queryByText('scaffolder.task.execution'),
    ).not.toBeInTheDocument();
  });

  it('tells a user without the permission that only admins can read the trail', async () => {
    server.use(
      http.get('http://backend.test/api/audit/events', () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotAllowedError',
              message:
                'Reading the audit trail needs the audit.events.read permission',
            },
            response: { statusCode: 403 },
          } satisfies ErrorResponseBody,
          { status: 403 },
        ),
      ),
    );
    await renderInTestApp(<AuditPage />, { apis });
    expect(
      await screen.findByText(/Only portal admins can read the audit trail/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/needs the audit.events.read permission/),
    ).toBeInTheDocument();
  });

  it('shows a bad filter error from the API', async () => {
    server.use(
      http.get('http://backend.test/api/audit/events', () =>
        HttpResponse.json(
          {
            error: {
              name: 'InputError',
              message: 'from: must be an ISO 8601 date',
            },
            response: { statusCode: 400 },
          } satisfies ErrorResponseBody,
          { status: 400 },
        ),
      ),
    );
    await renderInTestApp(<AuditPage />, { apis });
    expect(await screen.findByText(/Invalid filter/)).toBeInTheDocument();
    expect(screen.getByText(/must be an ISO 8601 date/)).toBeInTheDocument();
  });
});
