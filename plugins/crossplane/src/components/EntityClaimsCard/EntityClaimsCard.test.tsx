import { Entity } from '@backstage/catalog-model';
import { ErrorResponseBody } from '@backstage/errors';
import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { EntityClaims } from '@internal/backstage-plugin-crossplane-common';
import { crossplaneApiRef, CrossplaneClient } from '../../api/CrossplaneApi';
import { age } from '../ClaimsTable';
import { EntityClaimsCard } from './EntityClaimsCard';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'orders-api', namespace: 'default' },
  spec: {},
};

const hoursAgo = (h: number) =>
  new Date(Date.now() - h * 3600 * 1000).toISOString();

describe('EntityClaimsCard', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const requests: URL[] = [];

  function serve(body: EntityClaims) {
    server.use(
      http.get('http://backend.test/api/crossplane/claims', ({ request }) => {
        requests.push(new URL(request.url));
        return HttpResponse.json(body);
      }),
    );
  }

  function refuse(status: number, message: string) {
    server.use(
      http.get('http://backend.test/api/crossplane/claims', () =>
        HttpResponse.json(
          {
            error: { name: 'NotAllowedError', message },
            response: { statusCode: status },
          } satisfies ErrorResponseBody,
          { status },
        ),
      ),
    );
  }

  const render = () =>
    renderInTestApp(
      <EntityProvider entity={entity}>
        <EntityClaimsCard />
      </EntityProvider>,
      {
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
      },
    );

  beforeEach(() => {
    requests.length = 0;
  });

  it('lists the claims with status, composition, connection secret and age', async () => {
    serve({
      items: [
        {
          cluster: 'dev',
          apiVersion: 'db.example.org/v1alpha1',
          kind: 'PostgreSQLDatabase',
          namespace: 'team-orders',
          name: 'orders-db',
          ready: true,
          synced: true,
          conditions: [
            { type: 'Synced', status: 'True', reason: 'ReconcileSuccess' },
            { type: 'Ready', status: 'True', reason: 'Available' },
          ],
          compositionName: 'xpostgresqldatabases-aws-small',
          compositeName: 'orders-db-x7k2p',
          connectionSecretName: 'orders-db-conn',
          createdAt: hoursAgo(50),
        },
        {
          cluster: 'dev',
          apiVersion: 'db.example.org/v1alpha1',
          kind: 'PostgreSQLDatabase',
          namespace: 'team-orders',
          name: 'orders-analytics-db',
          ready: false,
          synced: false,
          conditions: [
            {
              type: 'Synced',
              status: 'False',
              reason: 'ReconcileError',
              message: 'cannot compose resources',
            },
          ],
          connectionSecretName: 'orders-analytics-db-conn',
          createdAt: hoursAgo(3),
        },
      ],
      errors: [],
      committed: [],
    } satisfies EntityClaims);
    await render();

    expect(
      await screen.findByText('PostgreSQLDatabase team-orders/orders-db'),
    ).toBeInTheDocument();
    expect(requests[0].searchParams.get('entityRef')).toBe(
      'component:default/orders-api',
    );
    expect(screen.getByText('Ready')).toBeInTheDocument();
    expect(
      screen.getByText('xpostgresqldatabases-aws-small'),
    ).toBeInTheDocument();
    expect(screen.getByText('orders-db-conn')).toBeInTheDocument();
    expect(screen.getByText('2d')).toBeInTheDocument();
    expect(screen.getByText('Not synced')).toBeInTheDocument();
    expect(
      screen.getByText('Synced: ReconcileError – cannot compose resources'),
    ).toBeInTheDocument();
    expect(screen.getByText('3h')).toBeInTheDocument();
  });

  it('explains the empty state and shows clusters that could not be read', async () => {
    serve({
      items: [],
      errors: [
        {
          cluster: 'prod',
          kind: 'PostgreSQLDatabase',
          message: 'Cannot reach cluster prod (ECONNREFUSED)',
        },
      ],
      committed: [],
    } satisfies EntityClaims);
    await render();
    expect(
      await screen.findByText(
        /Cannot read PostgreSQLDatabase claims on cluster prod/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Cannot reach cluster prod (ECONNREFUSED)'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/No Crossplane claims/)).not.toBeInTheDocument();
  });

  it('shows a claim committed to the repository (GitOps) as not applied yet, not as missing', async () => {
    serve({
      items: [],
      errors: [],
      committed: [
        {
          state: 'committed',
          path: 'deploy/crossplane/database.yaml',
          url: 'file:///srv/git/checkouts/orders-api/deploy/crossplane/database.yaml',
          apiVersion: 'db.example.org/v1alpha1',
          kind: 'PostgreSQLDatabase',
          namespace: 'team-orders',
          name: 'orders-api-db',
          parameters: { storageGB: 100, tier: 'medium' },
          connectionSecretName: 'orders-api-db-conn',
        },
      ],
    } satisfies EntityClaims);
    await render();
    expect(
      await screen.findByText(
        'Committed to deploy/crossplane/database.yaml - not applied yet (Argo CD/Flux applies it after merge)',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('PostgreSQLDatabase team-orders/orders-api-db'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('in the repository (storageGB: 100, tier: medium)'),
    ).toBeInTheDocument();
    expect(screen.getByText('orders-api-db-conn')).toBeInTheDocument();
    expect(screen.queryByText(/No Crossplane claims/)).not.toBeInTheDocument();
    expect(screen.queryByText(/Need Postgres/)).not.toBeInTheDocument();
  });

  it('says why a committed claim file could not be read', async () => {
    serve({
      items: [],
      errors: [],
      committed: [
        {
          state: 'committed',
          path: 'deploy/db.yaml',
          url: '',
          error: 'Cannot read deploy/db.yaml: not found',
        },
      ],
    } satisfies EntityClaims);
    await render();
    expect(
      await screen.findByText('Cannot read deploy/db.yaml: not found'),
    ).toBeInTheDocument();
  });

  it('shows that nothing is provisioned yet', async () => {
    serve({ items: [], errors: [], committed: [] } satisfies EntityClaims);
    await render();
    expect(
      await screen.findByText(/backstage\.io\/kubernetes-id=\s*orders-api/),
    ).toBeInTheDocument();
  });

  it('shows the error of a denied request', async () => {
    refuse(403, 'You may not read Crossplane claims');
    await render();
    expect(
      await screen.findByText(/You may not read Crossplane claims/),
    ).toBeInTheDocument();
  });

  it('formats ages like kubectl', () => {
    const now = Date.parse('2026-11-24T12:00:00Z');
    expect(age('2026-11-24T11:59:20Z', now)).toBe('40s');
    expect(age('2026-11-24T11:48:00Z', now)).toBe('12m');
    expect(age('2026-11-24T07:00:00Z', now)).toBe('5h');
    expect(age('2026-11-21T12:00:00Z', now)).toBe('3d');
    expect(age(undefined, now)).toBe('');
  });
});
