import { ErrorResponseBody } from '@backstage/errors';
import { ServiceGoldenPath } from '@internal/backstage-plugin-golden-paths-common';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import {
  BASE,
  conflictedUpgrade,
  ordersBehind,
  setupGoldenPathsApp,
} from '../../__testUtils__/goldenPathsApp';
import { GoldenPathCard } from './GoldenPathCard';

describe('GoldenPathCard, for the service team', () => {
  const { server, render } = setupGoldenPathsApp();

  it('says what the service misses and what its upgrade branch needs, without the platform button', async () => {
    server.use(
      http.get(`${BASE}/services/component/default/orders`, () =>
        HttpResponse.json({
          ...ordersBehind,
          upgrade: conflictedUpgrade,
        } satisfies ServiceGoldenPath),
      ),
    );
    await render(<GoldenPathCard />, false);

    expect(
      await screen.findByText('Version 2.0.0 is available'),
    ).toBeInTheDocument();
    expect(screen.getByText(/^Made from/).textContent).toBe(
      'Made from Python FastAPI service, version 1.3.0.',
    );
    expect(
      screen.getByRole('link', { name: 'Python FastAPI service' }),
    ).toHaveAttribute(
      'href',
      '/create/templates/default/python-fastapi-service',
    );
    // where the record of how it was made is
    expect(
      screen.getByRole('link', { name: /^\.backstage\/golden-path\.json/ }),
    ).toHaveAttribute(
      'href',
      'https://github.example/acme/orders/tree/main/.backstage/golden-path.json',
    );
    expect(screen.getByText('What changed since 1.3.0:')).toBeInTheDocument();
    expect(screen.getByText('2.0.0 (2026-12-20)')).toBeInTheDocument();
    // the notes are Markdown (rendered once its renderer has loaded)
    expect(await screen.findByText('CI checks licences.')).toBeInTheDocument();
    expect(screen.getByText(/^Upgrade branch/).textContent).toBe(
      'Upgrade branch golden-path/upgrade (1.3.0 → 2.0.0): open',
    );
    const conflicts = screen.getByRole('list', { name: 'Conflicts' });
    expect(within(conflicts).getByRole('listitem').textContent).toBe(
      'Dockerfile: changed by the template and by your team: resolve the marked lines',
    );
    expect(screen.getByText(/^Check it out/).textContent).toBe(
      'Check it out: git fetch origin && git checkout golden-path/upgrade',
    );
    expect(
      screen.queryByRole('button', { name: /upgrade branch/ }),
    ).not.toBeInTheDocument();
  });

  it('leads to the pull request on GitHub, and says when it was merged', async () => {
    const pullRequest = {
      number: 12,
      url: 'https://github.example/acme/orders/pull/12',
    };
    server.use(
      http.get(`${BASE}/services/component/default/orders`, () =>
        HttpResponse.json({
          ...ordersBehind,
          upgrade: { ...conflictedUpgrade, pullRequest, review: 'merged' },
        } satisfies ServiceGoldenPath),
      ),
    );
    await render(<GoldenPathCard />, false);
    // an external link: its name also says it opens a new window
    const link = await screen.findByRole('link', { name: /^Pull request #12/ });
    expect(link).toHaveAttribute('href', pullRequest.url);
    expect(screen.getByText(/: merged$/).textContent).toMatch(
      /^Pull request #12.* golden-path\/upgrade \(1\.3\.0 → 2\.0\.0\): merged$/,
    );
    // merged: nothing left to resolve or check out
    expect(
      screen.queryByRole('list', { name: 'Conflicts' }),
    ).not.toBeInTheDocument();
    expect(screen.queryByText(/^Check it out/)).not.toBeInTheDocument();
  });

  it('says when the service is on the latest version', async () => {
    server.use(
      http.get(`${BASE}/services/component/default/orders`, () =>
        HttpResponse.json({
          ...ordersBehind,
          version: '2.0.0',
          missedChanges: [],
        } satisfies ServiceGoldenPath),
      ),
    );
    await render(<GoldenPathCard />, false);
    expect(
      await screen.findByText(
        "Up to date: 2.0.0 is the golden path's latest version.",
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/is available/)).not.toBeInTheDocument();
    // The day-2 migration template, opened with this service filled in.
    const migration = screen.getByRole('link', {
      name: 'Add a database migration',
    });
    const url = new URL(migration.getAttribute('href')!, 'http://portal');
    expect(url.pathname).toBe('/create/templates/default/db-migration');
    expect(JSON.parse(url.searchParams.get('formData')!)).toEqual({
      component: 'component:default/orders',
    });
  });

  it('offers no database migration for a stack without a migration tool', async () => {
    server.use(
      http.get(`${BASE}/services/component/default/orders`, () =>
        HttpResponse.json({
          ...ordersBehind,
          templateRef: 'template:default/frontend-app',
          templateTitle: 'Frontend app',
        } satisfies ServiceGoldenPath),
      ),
    );
    await render(<GoldenPathCard />, false);
    expect(
      await screen.findByText('Version 2.0.0 is available'),
    ).toBeInTheDocument();
    expect(screen.getByText(/^Made from/).textContent).toBe(
      'Made from Frontend app, version 1.3.0.',
    );
    expect(
      screen.queryByRole('link', { name: 'Add a database migration' }),
    ).not.toBeInTheDocument();
  });

  it('shows the backend error in words', async () => {
    server.use(
      http.get(`${BASE}/services/component/default/orders`, () =>
        HttpResponse.json(
          {
            error: { name: 'Error', message: 'database is restarting' },
            response: { statusCode: 503 },
          } satisfies ErrorResponseBody,
          { status: 503 },
        ),
      ),
    );
    await render(<GoldenPathCard />, false);
    expect(
      await screen.findByText(/database is restarting/),
    ).toBeInTheDocument();
  });
});
