import {
  ServiceGoldenPath,
  UpgradeCampaign,
  UpgradeResponse,
} from '@internal/backstage-plugin-golden-paths-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import {
  BASE,
  conflictedUpgrade,
  finishedCampaign,
  fleet,
  fleetOnGitHub,
  ordersBehind,
  runningCampaign,
  setupGoldenPathsApp,
} from '../__testUtils__/goldenPathsApp';
import { FleetPage } from './FleetPage';
import { GoldenPathCard } from './GoldenPathCard';

/** The cells of a table's rows, as the reader sees them. */
const rowsOf = (table: HTMLElement) =>
  within(table)
    .getAllByRole('row')
    .slice(1)
    .map(row =>
      within(row)
        .getAllByRole('cell')
        .map(cell => cell.textContent),
    );

describe('golden paths, for the platform team', () => {
  const { server, render } = setupGoldenPathsApp();

  it('prepares a service upgrade branch from its page and shows the result', async () => {
    let prepared = false;
    const posted: unknown[] = [];
    server.use(
      http.get(`${BASE}/services/component/default/orders`, () =>
        HttpResponse.json(
          prepared
            ? ({
                ...ordersBehind,
                upgrade: {
                  ...conflictedUpgrade,
                  state: 'clean',
                  conflicts: [],
                },
              } satisfies ServiceGoldenPath)
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
        } satisfies UpgradeResponse);
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

  it('shows versions in use per golden path, starts an upgrade campaign for every service behind and follows its progress', async () => {
    const started: unknown[] = [];
    let fleetReads = 0;
    let progressReads = 0;
    server.use(
      http.get(`${BASE}/fleet`, () => {
        fleetReads += 1;
        return HttpResponse.json({ items: fleet });
      }),
      http.get(`${BASE}/campaigns`, () =>
        HttpResponse.json({ items: [] satisfies UpgradeCampaign[] }),
      ),
      http.post(`${BASE}/campaigns`, async ({ request }) => {
        started.push(await request.json());
        return HttpResponse.json(
          {
            ...runningCampaign,
            done: 0,
            counts: { ...runningCampaign.counts, conflicts: 0 },
          } satisfies UpgradeCampaign,
          { status: 201 },
        );
      }),
      http.get(`${BASE}/campaigns/campaign-1`, () => {
        progressReads += 1;
        return HttpResponse.json(
          progressReads === 1 ? runningCampaign : finishedCampaign,
        );
      }),
    );
    await render(<FleetPage campaignPollMs={10} />, true);

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
    expect(rowsOf(table)).toEqual([
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
        name: 'Upgrade the 2 services behind to 2.0.0',
      }),
    );
    const progress = await screen.findByLabelText(
      'Python FastAPI service upgrade campaign',
    );
    expect(
      await within(progress).findByText(
        '2 of 2 services done: 0 ready to merge, 1 with conflicts, 0 already up to date, 1 failed',
      ),
    ).toBeInTheDocument();
    expect(
      within(progress).getByText('Upgrade to 2.0.0 finished'),
    ).toBeInTheDocument();
    // the failed service by name, with the backend's reason
    expect(progress).toHaveTextContent(
      'billing: template:default/python-fastapi-service 1.3.0 was never stored',
    );
    expect(progress).not.toHaveTextContent('component:default/billing');
    expect(started).toEqual([
      { templateRef: 'template:default/python-fastapi-service' },
    ]);
    // the services' new states, once the campaign has finished
    await waitFor(() => expect(fleetReads).toBe(2));
  });

  it("shows a golden path's running campaign when the page opens, each service's pull request and review, and upgrades below a version", async () => {
    const started: unknown[] = [];
    let finished = false;
    server.use(
      http.get(`${BASE}/fleet`, () =>
        HttpResponse.json({ items: [fleetOnGitHub] }),
      ),
      http.get(`${BASE}/campaigns`, ({ request }) => {
        const url = new URL(request.url);
        expect(url.searchParams.get('templateRef')).toBe(
          'template:default/python-fastapi-service',
        );
        return HttpResponse.json({ items: [runningCampaign] });
      }),
      http.get(`${BASE}/campaigns/campaign-1`, () =>
        HttpResponse.json(finished ? finishedCampaign : runningCampaign),
      ),
      http.post(`${BASE}/campaigns`, async ({ request }) => {
        started.push(await request.json());
        return HttpResponse.json(
          {
            ...runningCampaign,
            id: 'campaign-2',
            belowVersion: '1.3.0',
            total: 1,
            done: 0,
          } satisfies UpgradeCampaign,
          { status: 201 },
        );
      }),
    );
    await render(<FleetPage campaignPollMs={10} />, true);

    const progress = await screen.findByLabelText(
      'Python FastAPI service upgrade campaign',
    );
    expect(
      within(progress).getByText('Upgrading to 2.0.0'),
    ).toBeInTheDocument();
    expect(progress).toHaveTextContent('Started by alice');
    expect(progress).toHaveTextContent(
      '1 of 2 services done: 0 ready to merge, 1 with conflicts, 0 already up to date, 0 failed',
    );
    const upgrade = screen.getByRole('button', {
      name: 'Upgrade the 2 services behind to 2.0.0',
    });
    expect(upgrade).toBeDisabled();

    const table = screen.getByRole('table', {
      name: 'Services made from Python FastAPI service',
    });
    expect(rowsOf(table)).toEqual([
      [
        'legacy',
        'team-payments',
        '1.2.0',
        'Upgrade to 2.0.0 closed without mergingPR #7, Opens in a new window',
      ],
      [
        'orders',
        'team-checkout',
        '1.3.0',
        'Upgrade branch to 2.0.0: conflicts in DockerfilePR #42, Opens in a new window',
      ],
      [
        'payments',
        'team-payments',
        '2.0.0',
        'Upgrade to 2.0.0 mergedPR #3, Opens in a new window',
      ],
    ]);
    expect(within(table).getByRole('link', { name: /PR #42/ })).toHaveAttribute(
      'href',
      'https://github.example/acme/orders/pull/42',
    );

    finished = true;
    expect(
      await within(progress).findByText('Upgrade to 2.0.0 finished'),
    ).toBeInTheDocument();
    await waitFor(() => expect(upgrade).toBeEnabled());

    // Only the services below 1.3.0 this time.
    await userEvent.click(
      screen.getByRole('button', { name: /Every service behind 2.0.0/ }),
    );
    await userEvent.click(
      screen.getByRole('option', { name: 'Services on a version below 1.3.0' }),
    );
    await userEvent.click(
      screen.getByRole('button', {
        name: 'Upgrade 1 service below 1.3.0 to 2.0.0',
      }),
    );
    await waitFor(() =>
      expect(started).toEqual([
        {
          templateRef: 'template:default/python-fastapi-service',
          belowVersion: '1.3.0',
        },
      ]),
    );
  });
});
