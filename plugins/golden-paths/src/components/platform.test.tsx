import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import {
  BASE,
  conflictedUpgrade,
  fleet,
  ordersBehind,
  setupGoldenPathsApp,
} from '../__testUtils__/goldenPathsApp';
import { FleetPage } from './FleetPage';
import { GoldenPathCard } from './GoldenPathCard';

describe('golden paths, for the platform team', () => {
  const { server, render } = setupGoldenPathsApp();

  it('prepares a service upgrade branch from its page and shows the result', async () => {
    let prepared = false;
    const posted: unknown[] = [];
    server.use(
      http.get(`${BASE}/services/component/default/orders`, () =>
        HttpResponse.json(
          prepared
            ? {
                ...ordersBehind,
                upgrade: {
                  ...conflictedUpgrade,
                  state: 'clean',
                  conflicts: [],
                },
              }
            : ordersBehind,
        ),
      ),
      http.post(`${BASE}/upgrades`, async ({ request }) => {
        posted.push(await request.json());
        prepared = true;
        return HttpResponse.json({
          status: 'upgrade',
          ...conflictedUpgrade,
          state: 'clean',
          conflicts: [],
        });
      }),
    );
    await render(<GoldenPathCard />, true);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Prepare the upgrade branch' }),
    );
    expect(
      await screen.findByText(/Merges without conflicts/),
    ).toBeInTheDocument();
    expect(posted).toEqual([{ entityRef: 'component:default/orders' }]);
    expect(
      screen.getByRole('button', { name: 'Update the upgrade branch' }),
    ).toBeInTheDocument();
  });

  it('shows versions in use per golden path and prepares branches for every service behind, with progress', async () => {
    const posted: string[] = [];
    server.use(
      http.get(`${BASE}/fleet`, () => HttpResponse.json({ items: fleet })),
      http.post(`${BASE}/upgrades`, async ({ request }) => {
        const { entityRef } = (await request.json()) as { entityRef: string };
        posted.push(entityRef);
        if (entityRef === 'component:default/billing') {
          return HttpResponse.json(
            {
              error: {
                name: 'NotFoundError',
                message:
                  'template:default/python-fastapi-service 1.3.0 was never stored',
              },
              // the rest of the body Backstage's error handler sends
              request: { method: 'POST', url: '/api/golden-paths/upgrades' },
              response: { statusCode: 404 },
            },
            { status: 404 },
          );
        }
        return HttpResponse.json({ status: 'upgrade', ...conflictedUpgrade });
      }),
    );
    await render(<FleetPage />, true);

    expect(
      await screen.findByText(
        'In use: 2.0.0 by 1 service, 1.3.0 by 2 services.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('No service was made from this golden path yet.'),
    ).toBeInTheDocument();
    const table = screen.getByRole('table', {
      name: 'Services made from Python FastAPI service',
    });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map(row =>
        within(row)
          .getAllByRole('cell')
          .map(cell => cell.textContent),
      );
    expect(rows).toEqual([
      ['billing', 'team-payments', '1.3.0', '2.0.0 available'],
      [
        'orders',
        'team-checkout',
        '1.3.0',
        'Upgrade branch to 2.0.0: conflicts in Dockerfile',
      ],
      ['payments', 'team-payments', '2.0.0', 'Up to date'],
    ]);

    await userEvent.click(
      screen.getByRole('button', {
        name: 'Prepare upgrade branches for the 2 services behind',
      }),
    );
    expect(
      await screen.findByText('2 of 2 done, 1 with conflicts, 1 failed'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'component:default/billing: template:default/python-fastapi-service 1.3.0 was never stored',
      ),
    ).toBeInTheDocument();
    expect(posted).toEqual([
      'component:default/billing',
      'component:default/orders',
    ]);
  });
});
