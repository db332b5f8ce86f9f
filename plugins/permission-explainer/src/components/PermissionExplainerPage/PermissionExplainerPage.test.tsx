import { ErrorResponseBody } from '@backstage/errors';
import {
  registerMswTestHooks,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { fireEvent, screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { ExplainResponse } from '@internal/backstage-plugin-permission-explainer-common';
import {
  permissionExplainerApiRef,
  PermissionExplainerClient,
} from '../../api/PermissionExplainerApi';
import { PermissionExplainerPage } from './PermissionExplainerPage';

const base = 'http://backend.test/api';

const frank = {
  user: 'user:default/frank',
  ownershipEntityRefs: ['user:default/frank', 'group:default/team-fraud'],
  roles: { admin: false, templateRunner: false, platform: false },
  entity: 'component:default/payment-service',
  decisions: [
    {
      permission: 'catalog.entity.refresh',
      resourceType: 'catalog-entity',
      result: 'CONDITIONAL',
      rule: 'entity-owner',
      reason:
        'only entities owned by the user or one of their groups (isEntityOwner); not an admin',
      onEntity: {
        entityRef: 'component:default/payment-service',
        result: 'DENY',
      },
    },
    {
      permission: 'scaffolder.task.create',
      result: 'DENY',
      rule: 'template-runner',
      reason:
        'not a member of a templateRunnerGroup (group:default/developers) or an adminGroup',
    },
  ],
} satisfies ExplainResponse;

/** The catalog's answer to POST /entities/by-refs: in order, null if unknown. */
const CATALOG: Record<string, object> = {
  'user:default/frank': {
    kind: 'User',
    metadata: { name: 'frank', namespace: 'default' },
    spec: { profile: { displayName: 'Frank Miller' } },
  },
  'group:default/team-fraud': {
    kind: 'Group',
    metadata: {
      name: 'team-fraud',
      namespace: 'default',
      title: 'Fraud & Risk',
    },
    spec: { profile: {} },
  },
  'component:default/payment-service': {
    kind: 'Component',
    metadata: {
      name: 'payment-service',
      namespace: 'default',
      title: 'Payment Service',
    },
  },
};

describe('PermissionExplainerPage', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const client = new PermissionExplainerClient({
    discoveryApi: { getBaseUrl: async id => `${base}/${id}` },
    fetchApi: { fetch: (input, init) => fetch(input, init) },
  });
  const render = () =>
    renderInTestApp(
      <TestApiProvider apis={[[permissionExplainerApiRef, client]]}>
        <PermissionExplainerPage />
      </TestApiProvider>,
    );

  it('shows the decisions for the chosen user and entity, with the rule and the reason', async () => {
    const asked: string[] = [];
    server.use(
      http.get(`${base}/catalog/entities`, () =>
        HttpResponse.json([CATALOG['user:default/frank']]),
      ),
      http.post(`${base}/catalog/entities/by-refs`, async ({ request }) => {
        const { entityRefs } = (await request.json()) as {
          entityRefs: string[];
        };
        return HttpResponse.json({
          items: entityRefs.map(ref => CATALOG[ref] ?? null),
        });
      }),
      http.get(`${base}/permission/acme/explain`, ({ request }) => {
        asked.push(new URL(request.url).search);
        return HttpResponse.json(frank);
      }),
    );
    await render();
    fireEvent.mouseDown(await screen.findByRole('button', { name: /User/ }));
    fireEvent.click(
      await screen.findByRole('option', { name: 'Frank Miller' }),
    );
    fireEvent.change(screen.getByLabelText('Entity (optional)'), {
      target: { value: 'component:default/payment-service' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Explain' }));

    // the entity by its name once the catalog has answered
    expect(
      await screen.findByRole('columnheader', { name: 'On Payment Service' }),
    ).toBeInTheDocument();
    const refresh = (await screen.findByText('catalog.entity.refresh')).closest(
      'tr',
    )!;
    expect(within(refresh).getByText('Only some entities')).toBeInTheDocument();
    expect(within(refresh).getByText('Denied')).toBeInTheDocument();
    expect(within(refresh).getByText('entity-owner')).toBeInTheDocument();
    const run = screen.getByText('scaffolder.task.create').closest('tr')!;
    expect(
      within(run).getByText(/not a member of a templateRunnerGroup/),
    ).toBeInTheDocument();
    expect(
      within(run).getByText('not an entity permission'),
    ).toBeInTheDocument();
    expect(screen.getByText('Admin: no')).toBeInTheDocument();
    // names, not refs
    const userCard = screen
      .getByText('Roles from permission.acme:')
      .closest<HTMLElement>('.MuiCard-root')!;
    expect(within(userCard).getByText('Frank Miller')).toBeInTheDocument();
    expect(
      screen.getByText(/^Owns as .*: Frank Miller, Fraud & Risk$/),
    ).toBeInTheDocument();

    expect(asked).toEqual([
      '?user=user%3Adefault%2Ffrank&entity=component%3Adefault%2Fpayment-service',
    ]);
  });

  it('says why when the caller is not an admin', async () => {
    server.use(
      http.get(`${base}/catalog/entities`, () => HttpResponse.json([])),
      http.get(`${base}/permission/acme/explain`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotAllowedError',
              message: 'Only portal admins may see what other users can do',
            },
            response: { statusCode: 403 },
          } satisfies ErrorResponseBody,
          { status: 403 },
        ),
      ),
    );
    await render();
    fireEvent.change(await screen.findByLabelText('User'), {
      target: { value: 'alice.nguyen' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Explain' }));
    expect(
      await screen.findByText(
        /Only portal admins may see what other users can do/,
      ),
    ).toBeInTheDocument();
  });
});
