import { ErrorResponseBody } from '@backstage/errors';
import {
  registerMswTestHooks,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { GithubIngestionResponse } from '@internal/backstage-plugin-catalog-health-common';
import {
  catalogHealthApiRef,
  CatalogHealthClient,
} from '../../api/CatalogHealthApi';
import { CatalogHealthPage } from './CatalogHealthPage';

const endpoint = 'http://backend.test/api/catalog/github-ingestion';

describe('CatalogHealthPage', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const client = new CatalogHealthClient({
    discoveryApi: { getBaseUrl: async id => `http://backend.test/api/${id}` },
    fetchApi: { fetch: (input, init) => fetch(input, init) },
  });

  const render = () =>
    renderInTestApp(
      <TestApiProvider apis={[[catalogHealthApiRef, client]]}>
        <CatalogHealthPage />
      </TestApiProvider>,
    );

  it('shows, per provider, the last run, entities found, errors and the rate-limit budget', async () => {
    const body = {
      providers: [
        {
          provider: 'github-provider:acme',
          kind: 'discovery',
          taskId: 'github-provider:acme:guarded-refresh',
          status: 'succeeded',
          lastRunStartedAt: '2026-11-24T10:00:00.000Z',
          lastRunEndedAt: '2026-11-24T10:00:05.000Z',
          lastSuccessAt: '2026-11-24T10:00:05.000Z',
          entitiesFound: 1234,
          errors: ['attempt 1: API rate limit exceeded for installation'],
          rateLimit: [
            {
              resource: 'core',
              limit: 5000,
              remaining: 4990,
              reset: '2026-11-24T11:00:00.000Z',
            },
            {
              resource: 'graphql',
              limit: 5000,
              remaining: 4321,
              reset: '2026-11-24T11:00:00.000Z',
            },
          ],
        },
        {
          provider: 'GithubMultiOrgEntityProvider:acme-org',
          kind: 'org',
          taskId: 'GithubMultiOrgEntityProvider:acme-org:guarded-refresh',
          status: 'failed',
          lastRunStartedAt: '2026-11-24T10:00:00.000Z',
          lastRunEndedAt: '2026-11-24T10:01:00.000Z',
          errors: ['attempt 1: Bad credentials', 'attempt 2: Bad credentials'],
        },
      ],
    } satisfies GithubIngestionResponse;
    server.use(http.get(endpoint, () => HttpResponse.json(body)));

    await render();

    const discovery = (await screen.findByText('github-provider:acme')).closest(
      '.MuiCard-root',
    ) as HTMLElement;
    expect(within(discovery).getByText(/^succeeded at/)).toBeInTheDocument();
    expect(
      within(discovery).getByText((1234).toLocaleString()),
    ).toBeInTheDocument();
    expect(
      within(discovery).getByText(
        'attempt 1: API rate limit exceeded for installation',
      ),
    ).toBeInTheDocument();
    expect(
      within(discovery).getByText(
        new RegExp(
          `graphql: ${(4321).toLocaleString()} of ${(5000).toLocaleString()} left`,
        ),
      ),
    ).toBeInTheDocument();

    const org = screen
      .getByText('GithubMultiOrgEntityProvider:acme-org')
      .closest('.MuiCard-root') as HTMLElement;
    expect(
      within(org).getByText(
        /the catalog keeps the entities of the last successful run/,
      ),
    ).toBeInTheDocument();
    expect(
      within(
        within(org).getByRole('list', {
          name: 'Errors of GithubMultiOrgEntityProvider:acme-org',
        }),
      ).getAllByRole('listitem'),
    ).toHaveLength(2);
    expect(within(org).getByText(/^unknown/)).toBeInTheDocument();
    expect(
      screen.queryByText('GitHub ingestion is not configured'),
    ).not.toBeInTheDocument();
  });

  it('says clearly that GitHub is not configured when there are no providers', async () => {
    server.use(
      http.get(endpoint, () =>
        HttpResponse.json({ providers: [] } satisfies GithubIngestionResponse),
      ),
    );

    await render();

    expect(
      await screen.findByText('GitHub ingestion is not configured'),
    ).toBeInTheDocument();
    expect(screen.getByText(/GITHUB_ORG/)).toBeInTheDocument();
    // an explanation, not an error panel
    expect(screen.queryByText(/^Error/)).not.toBeInTheDocument();
  });

  it('shows the error of the backend', async () => {
    server.use(
      http.get(endpoint, () =>
        HttpResponse.json(
          {
            error: { name: 'NotAllowedError', message: 'Unauthorized' },
            response: { statusCode: 403 },
          } satisfies ErrorResponseBody,
          { status: 403 },
        ),
      ),
    );

    await render();

    expect(
      await screen.findByText(/Request failed with 403/),
    ).toBeInTheDocument();
    expect(screen.getByText(/Unauthorized/)).toBeInTheDocument();
    expect(
      screen.queryByText('GitHub ingestion is not configured'),
    ).not.toBeInTheDocument();
  });

  it('refuses an answer without a providers list', async () => {
    server.use(http.get(endpoint, () => HttpResponse.json({ items: [] })));

    await render();

    expect(
      await screen.findByText(
        'Error: Unexpected answer from http://backend.test/api/catalog/github-ingestion: no providers list',
      ),
    ).toBeInTheDocument();
  });
});
