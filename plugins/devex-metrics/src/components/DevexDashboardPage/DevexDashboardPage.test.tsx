import { ErrorResponseBody } from '@backstage/errors';
import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import {
  entityPresentationApiRef,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  DevexDashboard,
  DevexDailyMetrics,
  DevexHistory,
  SurveyStatus,
} from '@internal/backstage-plugin-devex-metrics-common';
import { fireEvent, screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  devexMetricsApiRef,
  DevexMetricsClient,
} from '../../api/DevexMetricsApi';
import { DevexDashboardPage } from './DevexDashboardPage';

const BASE = 'http://backend.test/api/devex-metrics';

const TITLES: Record<string, string> = {
  'group:default/team-a': 'Payments',
  'group:default/team-payments-and-settlements': 'Payments and Settlements',
  'template:default/go-service': 'Go Service',
};

/** Titles as the catalog's entity presentation API gives them. */
const presentation = {
  forEntity(ref: string) {
    const snapshot = { entityRef: ref, primaryTitle: TITLES[ref] ?? ref };
    return { snapshot, promise: Promise.resolve(snapshot) };
  },
};

const dashboard = {
  latest: {
    computedAt: '2026-11-24T10:00:00.000Z',
    catalog: {
      servicesInCatalog: 8,
      repositoriesDiscovered: 10,
      repositoriesSource: 'url Locations and project slugs',
      coveragePercent: 80,
      withOwnerPercent: 100,
      withTechDocsPercent: 87.5,
      withRunbookPercent: 75,
      status: 'warning',
    },
    goldenPath: {
      fromTemplate: 1,
      adoptionPercent: 12.5,
      executions: [
        {
          template: 'template:default/go-service',
          completed: 3,
          failed: 2,
          cancelled: 0,
          other: 0,
        },
      ],
      status: 'unhealthy',
    },
    timeToFirstDeploy: {
      medianSeconds: 21600,
      deployed: 1,
      pending: 0,
      services: [
        {
          entityRef: 'component:default/svc',
          createdAt: '2026-11-01T00:00:00Z',
          firstDeployAt: '2026-11-01T06:00:00Z',
          seconds: 21600,
        },
      ],
      status: 'healthy',
    },
    survey: {
      period: '2026-Q4',
      responses: 2,
      promoters: 1,
      passives: 1,
      detractors: 0,
      nps: 50,
      status: 'healthy',
    },
    levels: ['bronze', 'silver', 'gold'],
    teams: [
      {
        owner: 'group:default/team-a',
        services: 8,
        levels: { none: 0, bronze: 1, silver: 7, gold: 0 },
        scorePercent: 87.5,
      },
      {
        owner: 'group:default/team-payments-and-settlements',
        services: 2,
        levels: { none: 0, bronze: 0, silver: 0, gold: 2 },
        scorePercent: 100,
      },
    ],
    overall: 'unhealthy',
  },
  history: [
    {
      computedAt: '2026-11-23T10:00:00.000Z',
      catalogCoveragePercent: 70,
      adoptionPercent: 10,
      nps: 40,
    },
    {
      computedAt: '2026-11-24T10:00:00.000Z',
      catalogCoveragePercent: 80,
      adoptionPercent: 12.5,
      nps: 50,
    },
  ],
  npsTrend: [
    {
      period: '2026-Q4',
      responses: 2,
      promoters: 1,
      passives: 1,
      detractors: 0,
      nps: 50,
      status: 'healthy',
    },
  ],
  scorecards: [],
  thresholds: {
    catalogCoveragePercent: 80,
    goldenPathAdoptionPercent: 60,
    nps: 40,
    timeToFirstDeployHours: 24,
    unhealthyAdoptionPercent: 20,
    unhealthyNps: 0,
    unhealthyTimeToFirstDeployHours: 168,
  },
  comments: [
    {
      score: 9,
      comment: 'Templates saved me a week',
      answeredAt: '2026-11-24T09:00:00Z',
    },
  ],
} satisfies DevexDashboard;

function day(
  date: string,
  values: Partial<DevexDailyMetrics>,
): DevexDailyMetrics {
  return {
    day: date,
    catalogCoveragePercent: null,
    servicesInCatalog: 8,
    adoptionPercent: null,
    fromTemplate: 1,
    templateRuns: { total: 5, completed: 3, failed: 2, cancelled: 0, other: 0 },
    nps: null,
    surveyResponses: 2,
    timeToFirstDeployMedianSeconds: 21600,
    levels: { none: 0, bronze: 1, silver: 7, gold: 0 },
    ...values,
  };
}

/** What the backend recorded per day (GET /history). */
const history = {
  levels: ['bronze', 'silver', 'gold'],
  days: [
    day('2026-11-23', {
      catalogCoveragePercent: 70,
      adoptionPercent: 10,
      nps: 40,
    }),
    day('2026-11-24', {
      catalogCoveragePercent: 80,
      adoptionPercent: 12.5,
      nps: 50,
    }),
  ],
  teams: {
    'group:default/team-a': [
      {
        day: '2026-11-22',
        level: 'bronze',
        services: 8,
        levels: { none: 0, bronze: 8, silver: 0, gold: 0 },
        scorePercent: 50,
      },
      {
        day: '2026-11-23',
        level: 'bronze',
        services: 8,
        levels: { none: 0, bronze: 8, silver: 0, gold: 0 },
        scorePercent: 50,
      },
      {
        day: '2026-11-24',
        level: 'silver',
        services: 8,
        levels: { none: 0, bronze: 1, silver: 7, gold: 0 },
        scorePercent: 87.5,
      },
    ],
    'group:default/team-payments-and-settlements': [
      {
        day: '2026-11-20',
        level: 'gold',
        services: 2,
        levels: { none: 0, bronze: 0, silver: 0, gold: 2 },
        scorePercent: 100,
      },
      {
        day: '2026-11-24',
        level: 'gold',
        services: 2,
        levels: { none: 0, bronze: 0, silver: 0, gold: 2 },
        scorePercent: 100,
      },
    ],
  },
} satisfies DevexHistory;

describe('DevexDashboardPage', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const render = (props: { reloadMs?: number } = {}) =>
    renderInTestApp(<DevexDashboardPage {...props} />, {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      apis: [
        [entityPresentationApiRef, presentation],
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
    });

  it('shows the figures with their health, the charts, teams and comments', async () => {
    const asked: string[] = [];
    server.use(
      http.get(`${BASE}/dashboard`, () => HttpResponse.json(dashboard)),
      http.get(`${BASE}/history`, ({ request }) => {
        asked.push(new URL(request.url).search);
        return HttpResponse.json(history);
      }),
      http.get(`${BASE}/survey`, () =>
        HttpResponse.json({
          period: '2026-Q4',
          answered: true,
        } satisfies SurveyStatus),
      ),
    );
    await render();
    expect(await screen.findByText('Platform health')).toBeInTheDocument();
    expect(screen.getByText('12.5%')).toBeInTheDocument();
    expect(screen.getByText('6 h')).toBeInTheDocument();
    expect(
      screen.getByText(/1 of 8 from templates; target > 60%, unhealthy < 20%/),
    ).toBeInTheDocument();

    // adoption over time: dates, a percent axis, a legend and the target
    const adoption = screen.getByRole('figure', {
      name: /^Catalog coverage and golden-path adoption over time, Nov 23, 2026 to Nov 24, 2026: 2 days; latest Catalog coverage 80%, Golden-path adoption 12.5%$/,
    });
    expect(within(adoption).getByText('Nov 23')).toBeInTheDocument();
    expect(within(adoption).getByText('Nov 24')).toBeInTheDocument();
    expect(within(adoption).getByText('% of services')).toBeInTheDocument();
    expect(within(adoption).getByText('100%')).toBeInTheDocument();
    expect(within(adoption).getByText('Catalog coverage')).toBeInTheDocument();
    expect(
      within(adoption).getByText('adoption target 60%'),
    ).toBeInTheDocument();

    // template usage by the template's title, with a legend
    const templates = screen.getByRole('figure', {
      name: /^Template runs by outcome/,
    });
    expect(
      await within(templates).findByText('Go Service'),
    ).toBeInTheDocument();
    expect(within(templates).getByText('Completed')).toBeInTheDocument();
    expect(within(templates).getByText('Failed')).toBeInTheDocument();
    expect(within(templates).getByText('runs')).toBeInTheDocument();

    const nps = screen.getByRole('figure', { name: /^DevEx NPS over time/ });
    expect(
      within(nps).getByText('NPS', { selector: 'tspan' }),
    ).toBeInTheDocument();

    expect(
      screen.getByRole('figure', { name: /4-12 h 1/ }),
    ).toBeInTheDocument();

    // teams by name, linked to their pages
    expect(screen.getByRole('link', { name: 'Payments' })).toHaveAttribute(
      'href',
      '/catalog/default/group/team-a',
    );
    expect(
      screen.getByRole('columnheader', { name: 'Checks passed' }),
    ).toBeInTheDocument();
    // each team's trend, from the recorded days
    expect(screen.getByRole('columnheader', { name: 'Trend' })).toBeVisible();
    const payments = screen
      .getByRole('link', { name: 'Payments' })
      .closest('tr')!;
    expect(payments).toHaveTextContent('↑ bronze → silver since Nov 24, 2026');
    const settlements = (
      await screen.findByRole('link', { name: 'Payments and Settlements' })
    ).closest('tr')!;
    expect(settlements).toHaveTextContent('→ gold since Nov 20, 2026');
    expect(asked).toEqual(['?days=90']);
    expect(document.body).not.toHaveTextContent(
      /group:default|template:default/,
    );
    expect(screen.getByText(/Templates saved me a week/)).toBeInTheDocument();
    expect(
      screen.getByText(/your answer for 2026-Q4 is recorded/),
    ).toBeInTheDocument();
  });

  it('with one snapshot and no template run yet, says where history starts and that no template ran', async () => {
    const latest = dashboard.latest;
    server.use(
      http.get(`${BASE}/dashboard`, () =>
        HttpResponse.json({
          ...dashboard,
          latest: {
            ...latest,
            goldenPath: {
              ...latest.goldenPath,
              executions: [
                {
                  template: 'template:default/go-service',
                  completed: 0,
                  failed: 0,
                  cancelled: 0,
                  other: 0,
                },
              ],
            },
          },
          history: [dashboard.history[1]],
        } satisfies DevexDashboard),
      ),
      http.get(`${BASE}/history`, () =>
        HttpResponse.json({
          ...history,
          days: [history.days[1]],
          teams: {},
        } satisfies DevexHistory),
      ),
      http.get(`${BASE}/survey`, () =>
        HttpResponse.json({
          period: '2026-Q4',
          answered: true,
        } satisfies SurveyStatus),
      ),
    );
    await render();
    const adoption = await screen.findByRole('figure', {
      name: /^Catalog coverage and golden-path adoption over time, Nov 24, 2026 to Nov 24, 2026: 1 day/,
    });
    expect(
      within(adoption).getByText(
        'History starts Nov 24, 2026; one value so far.',
      ),
    ).toBeInTheDocument();
    // the single point carries its value
    expect(
      within(adoption).getByText('80%', { selector: 'text *' }),
    ).toBeInTheDocument();
    expect(within(adoption).getByText('12.5%')).toBeInTheDocument();
    expect(
      await screen.findByText(
        'No template runs yet: Go Service is ready to use.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('figure', { name: /^Template runs by outcome/ }),
    ).not.toBeInTheDocument();
  });

  it('tells users without the permission what they miss and still offers the survey', async () => {
    const answers: unknown[] = [];
    server.use(
      http.get(`${BASE}/dashboard`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotAllowedError',
              message: 'needs devex.metrics.read',
            },
            request: { method: 'GET', url: '/api/devex-metrics/dashboard' },
            response: { statusCode: 403 },
          } satisfies ErrorResponseBody,
          { status: 403 },
        ),
      ),
      http.get(`${BASE}/history`, () =>
        HttpResponse.json(
          {
            error: { name: 'NotAllowedError', message: 'no' },
            request: { method: 'GET', url: '/api/devex-metrics/history' },
            response: { statusCode: 403 },
          } satisfies ErrorResponseBody,
          { status: 403 },
        ),
      ),
      http.get(`${BASE}/survey`, () =>
        HttpResponse.json({
          period: '2026-Q4',
          answered: false,
        } satisfies SurveyStatus),
      ),
      http.post(`${BASE}/survey`, async ({ request }) => {
        answers.push(await request.json());
        return HttpResponse.json(
          {
            error: {
              name: 'ConflictError',
              message: 'You already answered the DevEx survey for 2026-Q4',
            },
            request: { method: 'POST', url: '/api/devex-metrics/survey' },
            response: { statusCode: 409 },
          } satisfies ErrorResponseBody,
          { status: 409 },
        );
      }),
    );
    await render();
    expect(
      await screen.findByText(/The DevEx dashboard is for the platform team/),
    ).toBeInTheDocument();
    const group = await screen.findByRole('group');
    fireEvent.click(within(group).getByRole('button', { name: 'Score 8' }));
    fireEvent.change(
      screen.getByLabelText('What should the platform team improve?'),
      {
        target: { value: 'faster CI' },
      },
    );
    fireEvent.click(screen.getByRole('button', { name: 'Send answer' }));
    expect(
      await screen.findByText(/already answered the DevEx survey/),
    ).toBeInTheDocument();
    expect(answers).toEqual([{ score: 8, comment: 'faster CI' }]);
  });

  it('follows new figures without a click while it is open', async () => {
    let fromTemplate = 1;
    let recomputes = 0;
    server.use(
      http.post(`${BASE}/refresh`, () => {
        recomputes += 1;
        return HttpResponse.json(dashboard.latest);
      }),
      http.get(`${BASE}/dashboard`, () =>
        HttpResponse.json({
          ...dashboard,
          latest: {
            ...dashboard.latest,
            goldenPath: {
              ...dashboard.latest.goldenPath,
              fromTemplate,
              adoptionPercent: (fromTemplate / 8) * 100,
            },
          },
        } satisfies DevexDashboard),
      ),
      http.get(`${BASE}/history`, () => HttpResponse.json(history)),
      http.get(`${BASE}/survey`, () =>
        HttpResponse.json({
          period: '2026-Q4',
          answered: true,
        } satisfies SurveyStatus),
      ),
    );
    await render({ reloadMs: 200 });
    expect(
      await screen.findByText(/^1 of 8 from templates/),
    ).toBeInTheDocument();
    // someone ran a golden path; the backend recomputed on its own
    fromTemplate = 2;
    expect(
      await screen.findByText(/^2 of 8 from templates/, undefined, {
        timeout: 5000,
      }),
    ).toBeInTheDocument();
    expect(screen.getByText('25%', { selector: 'p' })).toBeInTheDocument();
    expect(recomputes).toBe(0);
  });
});
