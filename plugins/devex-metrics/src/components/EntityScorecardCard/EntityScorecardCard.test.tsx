import { Entity } from '@backstage/catalog-model';
import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  Scorecard,
  ScorecardHistory,
} from '@internal/backstage-plugin-devex-metrics-common';
import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  devexMetricsApiRef,
  DevexMetricsClient,
} from '../../api/DevexMetricsApi';
import { EntityScorecardCard } from './EntityScorecardCard';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payment-service', namespace: 'default' },
  spec: {},
};

const scorecard = {
  entityRef: 'component:default/payment-service',
  owner: 'group:default/team-payments',
  level: 'silver',
  passed: 7,
  total: 8,
  checks: [
    {
      id: 'owner-is-group',
      title: 'Owned by a team (Group)',
      passed: true,
    },
    {
      id: 'golden-path',
      title: 'Created from a golden path',
      passed: false,
    },
    {
      id: 'on-call',
      title: 'On-call (PagerDuty)',
      passed: false,
      reason: 'PagerDuty is not configured',
    },
  ],
} satisfies Scorecard;

function historyOf(
  days: { day: string; level: string | null }[],
): ScorecardHistory {
  return {
    kind: 'entity',
    entityRef: 'component:default/payment-service',
    levels: ['bronze', 'silver', 'gold'],
    days: days.map(d => ({ ...d, passed: 5, total: 8 })),
  };
}

describe('EntityScorecardCard', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const render = () =>
    renderInTestApp(
      <EntityProvider entity={entity}>
        <EntityScorecardCard />
      </EntityProvider>,
      {
        apis: [
          [
            devexMetricsApiRef,
            new DevexMetricsClient({
              discoveryApi: {
                getBaseUrl: async id => `http://backend.test/api/${id}`,
              },
              fetchApi: { fetch: (input, init) => fetch(input, init) },
            }),
          ],
        ],
      },
    );

  it('shows how the level moved, with a chart of the recorded days', async () => {
    const asked: string[] = [];
    server.use(
      http.get('http://backend.test/api/devex-metrics/scorecard', () =>
        HttpResponse.json(scorecard),
      ),
      http.get(
        'http://backend.test/api/devex-metrics/scorecards/history',
        ({ request }) => {
          asked.push(new URL(request.url).searchParams.get('entityRef')!);
          return HttpResponse.json(
            historyOf([
              { day: '2026-11-20', level: null },
              { day: '2026-11-21', level: 'bronze' },
              { day: '2026-11-22', level: 'bronze' },
              { day: '2026-11-24', level: 'silver' },
            ]),
          );
        },
      ),
    );
    await render();
    expect(
      await screen.findByText('Trend: ↑ bronze → silver since Nov 24, 2026'),
    ).toBeInTheDocument();
    const chart = screen.getByRole('figure', {
      name: 'Readiness level per day: Nov 20, 2026 no level, Nov 21, 2026 bronze, Nov 22, 2026 bronze, Nov 24, 2026 silver',
    });
    // the y axis names the levels, not numbers
    expect(chart).toHaveTextContent('gold');
    expect(chart).toHaveTextContent('no level');
    expect(chart).toHaveTextContent('Nov 20');
    expect(asked).toEqual(['component:default/payment-service']);
  });

  it('says since when the level holds after a drop', async () => {
    server.use(
      http.get('http://backend.test/api/devex-metrics/scorecard', () =>
        HttpResponse.json({
          ...scorecard,
          level: 'bronze',
        } satisfies Scorecard),
      ),
      http.get('http://backend.test/api/devex-metrics/scorecards/history', () =>
        HttpResponse.json(
          historyOf([
            { day: '2026-11-23', level: 'gold' },
            { day: '2026-11-24', level: 'bronze' },
          ]),
        ),
      ),
    );
    await render();
    expect(
      await screen.findByText('Trend: ↓ gold → bronze since Nov 24, 2026'),
    ).toBeInTheDocument();
  });

  it('with one recorded day, says the level holds since then', async () => {
    server.use(
      http.get('http://backend.test/api/devex-metrics/scorecard', () =>
        HttpResponse.json(scorecard),
      ),
      http.get('http://backend.test/api/devex-metrics/scorecards/history', () =>
        HttpResponse.json(historyOf([{ day: '2026-11-24', level: 'silver' }])),
      ),
    );
    await render();
    expect(
      await screen.findByText('Trend: → silver since Nov 24, 2026'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Recorded daily from Nov 24, 2026.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('figure')).not.toBeInTheDocument();
  });

  it('shows a check that does not apply apart, with why, outside the count', async () => {
    server.use(
      http.get('http://backend.test/api/devex-metrics/scorecard', () =>
        HttpResponse.json({
          ...scorecard,
          level: 'bronze',
          passed: 2,
          total: 3,
          checks: [
            {
              id: 'owner-is-group',
              title: 'Owned by a team (Group)',
              passed: true,
            },
            { id: 'lifecycle', title: 'Lifecycle set', passed: true },
            {
              id: 'golden-path',
              title: 'Created from a golden path',
              passed: false,
              reason:
                'Not created from a golden path (no backstage.io/source-template annotation)',
            },
            {
              id: 'golden-path-version',
              title: 'On a supported golden-path version',
              passed: true,
              notApplicable: true,
              reason:
                'Not created from a golden path (no backstage.io/source-template annotation), so there is no golden-path version to keep up to date',
            },
          ],
        } satisfies Scorecard),
      ),
      http.get('http://backend.test/api/devex-metrics/scorecards/history', () =>
        HttpResponse.json(historyOf([])),
      ),
    );
    await render();
    expect(
      await screen.findByText('2 of 3 checks pass, 1 does not apply'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('On a supported golden-path version (not applicable)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Not created from a golden path (no backstage.io/source-template annotation), so there is no golden-path version to keep up to date',
      ),
    ).toBeInTheDocument();
    expect(screen.getAllByTitle('passed')).toHaveLength(2);
    expect(screen.getAllByTitle('missing')).toHaveLength(1);
    expect(screen.getAllByTitle('not applicable')).toHaveLength(1);
  });

  it('shows the level and every check of the entity', async () => {
    const asked: string[] = [];
    server.use(
      http.get(
        'http://backend.test/api/devex-metrics/scorecard',
        ({ request }) => {
          asked.push(new URL(request.url).searchParams.get('entityRef')!);
          return HttpResponse.json({
            entityRef: 'component:default/payment-service',
            owner: 'group:default/team-payments',
            level: 'silver',
            passed: 7,
            total: 8,
            checks: [
              {
                id: 'owner-is-group',
                title: 'Owned by a team (Group)',
                passed: true,
              },
              {
                id: 'golden-path',
                title: 'Created from a golden path',
                passed: false,
              },
              {
                id: 'on-call',
                title: 'On-call (PagerDuty)',
                passed: false,
                reason: 'PagerDuty is not configured',
              },
            ],
          } satisfies Scorecard);
        },
      ),
      http.get('http://backend.test/api/devex-metrics/scorecards/history', () =>
        HttpResponse.json(historyOf([])),
      ),
    );
    await renderInTestApp(
      <EntityProvider entity={entity}>
        <EntityScorecardCard />
      </EntityProvider>,
      {
        apis: [
          [
            devexMetricsApiRef,
            new DevexMetricsClient({
              discoveryApi: {
                getBaseUrl: async id => `http://backend.test/api/${id}`,
              },
              fetchApi: { fetch: (input, init) => fetch(input, init) },
            }),
          ],
        ],
      },
    );
    expect(await screen.findByText('silver')).toBeInTheDocument();
    expect(screen.getByText('7 of 8 checks pass')).toBeInTheDocument();
    expect(screen.getByText('Owned by a team (Group)')).toBeInTheDocument();
    expect(screen.getAllByTitle('missing')).toHaveLength(2);
    // a failed check says why
    expect(screen.getByText('PagerDuty is not configured')).toBeInTheDocument();
    expect(asked).toEqual(['component:default/payment-service']);
  });
});
