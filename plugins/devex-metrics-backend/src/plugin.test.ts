import {
  BackendFeature,
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { metricsServiceFactory } from '@backstage/backend-defaults/alpha';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import eventsPlugin from '@backstage/plugin-events-backend';
import {
  EventParams,
  eventsServiceFactory,
  eventsServiceRef,
} from '@backstage/plugin-events-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { DevexDashboard } from '@internal/backstage-plugin-devex-metrics-common';
import { metrics } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { fakeScaffolderPlugin } from './__testUtils__/fakeScaffolder';
import { fakePagerDutyPlugin, parsePrometheusText } from '@internal/test-fakes';
import { seedCatalog, seededTasks } from './__testUtils__/seed';
import { devexMetricsPlugin } from './plugin';

const WEBHOOK_SECRET = 'gh-webhook-secret-for-tests';
const SHARED_SECRET = 'ci-shared-secret-for-tests';
const PLATFORM_USER = 'user:default/platform-lead';

// The real OpenTelemetry pipeline: what the backend's metrics service emits
// is read back as Prometheus text through the exporter's own handler.
const exporter = new PrometheusExporter({ preventServerStart: true });
metrics.setGlobalMeterProvider(new MeterProvider({ readers: [exporter] }));
let metricsServer: http.Server;
async function scrape(): Promise<string> {
  const { port } = metricsServer.address() as AddressInfo;
  const res = await fetch(`http://127.0.0.1:${port}/metrics`);
  return res.text();
}

/** devex.metrics.read for the platform user only, as the Acme policy would. */
const permissionsFactory = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory: () => ({
    async authorize(requests, { credentials }) {
      const p = credentials.principal as {
        type: string;
        userEntityRef?: string;
      };
      const allowed = p.type === 'service' || p.userEntityRef === PLATFORM_USER;
      return requests.map(() => ({
        result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
      }));
    },
    async authorizeConditional(requests) {
      return requests.map(() => ({ result: AuthorizeResult.DENY }));
    },
  }),
});

/**
 * Every event published on the `github` topic (what the events backend
 * accepted at its ingress), to show that a refused delivery reaches no one.
 */
function githubTopicSpy() {
  const received: EventParams[] = [];
  const plugin = createBackendPlugin({
    pluginId: 'github-topic-spy',
    register(env) {
      env.registerInit({
        deps: { events: eventsServiceRef },
        async init({ events }) {
          await events.subscribe({
            id: 'spy',
            topics: ['github'],
            onEvent: async event => {
              received.push(event);
            },
          });
        },
      });
    },
  });
  return { plugin, received };
}

/**
 * The two modules of `@backstage/plugin-events-backend-module-github` (the
 * webhook ingress with its signature check, and the router to
 * `github.<event>` topics). Its default export is a feature loader that
 * loads them with a dynamic import(), which Jest cannot run without
 * --experimental-vm-modules, so they are required from its dist here.
 */
function githubEventsModules(): BackendFeature[] {
  const dist = path.dirname(
    require.resolve('@backstage/plugin-events-backend-module-github'),
  );
  return [
    'service/eventsModuleGithubWebhook.cjs.js',
    'service/eventsModuleGithubEventRouter.cjs.js',
  ].map(file => require(path.join(dist, file)).default);
}

function sign(body: string, secret = WEBHOOK_SECRET) {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

function deploymentStatus(repo: string, state: string, at: string) {
  return JSON.stringify({
    action: 'created',
    deployment_status: {
      id: 1,
      state,
      environment: 'production',
      created_at: at,
    },
    deployment: { id: 7, environment: 'production', ref: 'main' },
    repository: { full_name: repo },
    sender: { login: 'ci-bot' },
  });
}

describe('devex-metrics backend', () => {
  let server: http.Server;
  let seed: ReturnType<typeof seedCatalog>;
  const scaffolder = fakeScaffolderPlugin(seededTasks);
  const githubTopic = githubTopicSpy();
  // svc-a's pagerduty.com/service-id resolves; nobody else has a service.
  const pagerDuty = fakePagerDutyPlugin({
    'component:default/svc-a': { id: 'PD1', name: 'svc-a' },
  });
  const user = (ref: string) => mockCredentials.user.header(ref);
  const auditEvent = { success: jest.fn(), fail: jest.fn() };
  const auditor = mockServices.auditor.mock({
    createEvent: jest.fn(async () => auditEvent),
  });
  const deploymentAudits = () =>
    auditor.createEvent.mock.calls.filter(
      ([event]) => event.eventId === 'deployment',
    );

  beforeAll(async () => {
    metricsServer = http
      .createServer((req, res) => exporter.getMetricsRequestHandler(req, res))
      .listen(0, '127.0.0.1');
    seed = seedCatalog();
    const backend = await startTestBackend({
      features: [
        devexMetricsPlugin,
        // GitHub webhooks arrive as in packages/backend: the events backend's
        // ingress, its GitHub module's signature check and topic router, and
        // the real events service shared by all plugins
        eventsPlugin,
        ...githubEventsModules(),
        eventsServiceFactory,
        githubTopic.plugin,
        scaffolder.plugin,
        pagerDuty.plugin,
        catalogServiceMock.factory({ entities: seed.entities }),
        auditor.factory,
        metricsServiceFactory,
        permissionsFactory,
        mockServices.rootConfig.factory({
          data: {
            events: {
              modules: { github: { webhookSecret: WEBHOOK_SECRET } },
              // in-process delivery: the database event bus long-polls,
              // which holds the test backend's shutdown open
              useEventBus: 'never',
            },
            devexMetrics: {
              // the test triggers computations itself
              schedule: {
                frequency: { hours: 24 },
                timeout: { minutes: 5 },
                initialDelay: { hours: 24 },
              },
              deployments: { sharedSecret: SHARED_SECRET },
            },
          },
        }),
      ],
    });
    server = backend.server;
  });

  afterAll(() => metricsServer.close());

  const api = () => request(server);

  it('rejects a GitHub delivery with a wrong or missing signature and records nothing', async () => {
    const body = deploymentStatus(
      'acme/svc-a',
      'success',
      '2026-11-01T16:00:00Z',
    );
    const wrong = await api()
      .post('/api/events/http/github')
      .set('content-type', 'application/json')
      .set('x-github-event', 'deployment_status')
      .set('x-hub-signature-256', sign(body, 'not-the-secret'))
      .send(body);
    expect(wrong.status).toBe(403);
    expect(wrong.body).toEqual({ message: 'invalid signature' });

    const tampered = await api()
      .post('/api/events/http/github')
      .set('content-type', 'application/json')
      .set('x-github-event', 'deployment_status')
      .set('x-hub-signature-256', sign(body))
      .send(body.replace('acme/svc-a', 'acme/svc-c'));
    expect(tampered.status).toBe(403);

    // the events backend's GitHub module refuses a missing signature as a
    // wrong one
    const missing = await api()
      .post('/api/events/http/github')
      .set('content-type', 'application/json')
      .set('x-github-event', 'deployment_status')
      .send(body);
    expect(missing.status).toBe(403);
    expect(githubTopic.received).toEqual([]);
    expect(deploymentAudits()).toEqual([]);

    // the old endpoint of this plugin is gone
    const oldEndpoint = await api()
      .post('/api/devex-metrics/events/github')
      .set('content-type', 'application/json')
      .set('x-github-event', 'deployment_status')
      .set('x-hub-signature-256', sign(body))
      .send(body);
    expect(oldEndpoint.status).toBe(404);
    expect(deploymentAudits()).toEqual([]);

    const dashboard = await api()
      .post('/api/devex-metrics/refresh')
      .set('authorization', user(PLATFORM_USER));
    expect(dashboard.status).toBe(200);
    expect(dashboard.body.timeToFirstDeploy.deployed).toBe(0);
  });

  it('records signed GitHub deployment_status deliveries from the events ingress once per delivery id', async () => {
    const failed = deploymentStatus(
      'acme/svc-a',
      'failure',
      '2026-11-01T12:00:00Z',
    );
    const ok = deploymentStatus(
      'acme/svc-a',
      'success',
      '2026-11-01T16:00:00Z',
    );
    for (const [body, delivery] of [
      [failed, 'd-1'],
      [ok, 'd-2'],
    ]) {
      // the events service hands the event to its subscribers before the
      // ingress answers, so it is stored by now
      const res = await api()
        .post('/api/events/http/github')
        .set('content-type', 'application/json')
        .set('x-github-event', 'deployment_status')
        .set('x-github-delivery', delivery)
        .set('x-hub-signature-256', sign(body))
        .send(body);
      expect(res.status).toBe(202);
    }
    const again = await api()
      .post('/api/events/http/github')
      .set('content-type', 'application/json')
      .set('x-github-event', 'deployment_status')
      .set('x-github-delivery', 'd-2')
      .set('x-hub-signature-256', sign(ok))
      .send(ok);
    expect(again.status).toBe(202);
    expect(githubTopic.received).toHaveLength(3);
    // Each delivery is in the audit trail (plugins/audit-backend stores it).
    expect(deploymentAudits().map(([event]) => event.meta)).toEqual([
      expect.objectContaining({
        source: 'github',
        deliveryId: 'github:d-1',
        repository: 'acme/svc-a',
        status: 'failure',
      }),
      expect.objectContaining({
        source: 'github',
        deliveryId: 'github:d-2',
        status: 'success',
      }),
      expect.objectContaining({ source: 'github', deliveryId: 'github:d-2' }),
    ]);
    expect(auditEvent.success).toHaveBeenLastCalledWith({
      meta: { recorded: false },
    });
  });

  it('takes generic deployments with the shared secret or a service token, refuses the rest', async () => {
    const body = {
      entityRef: 'svc-b',
      environment: 'production',
      status: 'success',
      deployedAt: '2026-11-04T00:00:00Z',
      id: 'jenkins-42',
    };
    const noAuth = await api()
      .post('/api/devex-metrics/events/deployments')
      .send(body);
    expect(noAuth.status).toBe(401);
    const badSecret = await api()
      .post('/api/devex-metrics/events/deployments')
      .set('x-devex-token', 'guess')
      .send(body);
    expect(badSecret.status).toBe(403);
    const asUser = await api()
      .post('/api/devex-metrics/events/deployments')
      .set('authorization', user('user:default/alice'))
      .send(body);
    expect(asUser.status).toBe(403);
    const invalid = await api()
      .post('/api/devex-metrics/events/deployments')
      .set('x-devex-token', SHARED_SECRET)
      .send({ environment: 'production', status: 'done' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toMatch(/status: Invalid enum value/);
    const noTarget = await api()
      .post('/api/devex-metrics/events/deployments')
      .set('x-devex-token', SHARED_SECRET)
      .send({ environment: 'production', status: 'success' });
    expect(noTarget.status).toBe(400);
    expect(noTarget.body.error.message).toMatch(/entityRef or repository/);
    const badRef = await api()
      .post('/api/devex-metrics/events/deployments')
      .set('x-devex-token', SHARED_SECRET)
      .send({ ...body, entityRef: 'component:' });
    expect(badRef.status).toBe(400);

    const ok = await api()
      .post('/api/devex-metrics/events/deployments')
      .set('x-devex-token', SHARED_SECRET)
      .send(body);
    expect(ok.status).toBe(201);
    const viaService = await api()
      .post('/api/devex-metrics/events/deployments')
      .set('authorization', mockCredentials.service.header())
      .send({ ...body, id: 'jenkins-43', deployedAt: '2026-11-05T00:00:00Z' });
    expect(viaService.status).toBe(201);
  });

  it('takes one survey answer per user per period and refuses duplicates', async () => {
    for (const [ref, score] of [
      ['user:default/alice', 10],
      ['user:default/bob', 9],
      ['user:default/carol', 7],
      ['user:default/dave', 3],
    ] as const) {
      const res = await api()
        .post('/api/devex-metrics/survey')
        .set('authorization', user(ref))
        .send({ score, comment: `answer of ${ref}` });
      expect(res.status).toBe(201);
    }
    const again = await api()
      .post('/api/devex-metrics/survey')
      .set('authorization', user('user:default/alice'))
      .send({ score: 0 });
    expect(again.status).toBe(409);
    expect(again.body.error.name).toBe('ConflictError');

    const outOfRange = await api()
      .post('/api/devex-metrics/survey')
      .set('authorization', user('user:default/erin'))
      .send({ score: 11 });
    expect(outOfRange.status).toBe(400);
    const anonymous = await api()
      .post('/api/devex-metrics/survey')
      .set('authorization', mockCredentials.none.header())
      .send({ score: 5 });
    expect(anonymous.status).toBe(401);

    const status = await api()
      .get('/api/devex-metrics/survey')
      .set('authorization', user('user:default/alice'));
    expect(status.body.answered).toBe(true);
    const erin = await api()
      .get('/api/devex-metrics/survey')
      .set('authorization', user('user:default/erin'));
    expect(erin.body.answered).toBe(false);
  });

  it('computes the figures of the seeded catalog, tasks, deployments and survey', async () => {
    // the survey answers count on the dashboard before the next computation
    const before = await api()
      .get('/api/devex-metrics/dashboard')
      .set('authorization', user(PLATFORM_USER));
    expect(before.body.latest.survey).toMatchObject({ responses: 4, nps: 25 });

    const denied = await api()
      .get('/api/devex-metrics/dashboard')
      .set('authorization', user('user:default/alice'));
    expect(denied.status).toBe(403);

    const refreshed = await api()
      .post('/api/devex-metrics/refresh')
      .set('authorization', user(PLATFORM_USER));
    expect(refreshed.status).toBe(200);
    const res = await api()
      .get('/api/devex-metrics/dashboard')
      .set('authorization', user(PLATFORM_USER));
    expect(res.status).toBe(200);
    const d = res.body as DevexDashboard;
    const s = d.latest!;

    // 5 components; repos: svc-a..d + legacy-1, legacy-2 (svc-e has none)
    expect(s.catalog).toMatchObject({
      servicesInCatalog: 5,
      repositoriesDiscovered: 6,
      coveragePercent: 66.7,
      withOwnerPercent: 80,
      withTechDocsPercent: 40,
      withRunbookPercent: 40,
      status: 'warning',
    });
    // 3 of 5 from templates = 60 %: not above the 60 % target
    expect(s.goldenPath.fromTemplate).toBe(3);
    expect(s.goldenPath.adoptionPercent).toBe(60);
    expect(s.goldenPath.status).toBe('warning');
    expect(s.goldenPath.executions).toEqual([
      {
        template: 'template:default/frontend-app',
        completed: 0,
        failed: 0,
        cancelled: 0,
        other: 0,
      },
      {
        template: 'template:default/go-service',
        completed: 1,
        failed: 0,
        cancelled: 1,
        other: 0,
      },
      {
        template: 'template:default/python-fastapi-service',
        completed: 0,
        failed: 1,
        cancelled: 0,
        other: 0,
      },
      {
        template: 'template:default/typescript-node-service',
        completed: 2,
        failed: 1,
        cancelled: 0,
        other: 1,
      },
    ]);
    // svc-a: 6 h (the earlier failure does not count); svc-b: 2 days; svc-e pending
    expect(s.timeToFirstDeploy.services).toEqual([
      expect.objectContaining({
        entityRef: 'component:default/svc-a',
        seconds: 21600,
      }),
      expect.objectContaining({
        entityRef: 'component:default/svc-b',
        seconds: 172800,
      }),
      expect.objectContaining({
        entityRef: 'component:default/svc-e',
        seconds: null,
      }),
    ]);
    expect(s.timeToFirstDeploy).toMatchObject({
      medianSeconds: 97200,
      deployed: 2,
      pending: 1,
      status: 'warning',
    });
    // 2 promoters, 1 passive, 1 detractor of 4: NPS 25
    expect(s.survey).toMatchObject({
      responses: 4,
      promoters: 2,
      passives: 1,
      detractors: 1,
      nps: 25,
      status: 'warning',
    });
    expect(d.npsTrend.map(p => p.nps)).toEqual([25]);
    expect(d.comments).toHaveLength(4);
    expect(s.overall).toBe('warning');

    const levels = Object.fromEntries(
      d.scorecards.map(c => [c.entityRef, c.level]),
    );
    expect(levels).toEqual({
      'component:default/svc-a': 'gold',
      'component:default/svc-b': 'bronze',
      'component:default/svc-c': null,
      'component:default/svc-d': 'silver',
      'component:default/svc-e': 'bronze',
    });
    expect(s.teams).toEqual([
      // 9 + 5 + 3 of 9 checks each (svc-a, svc-b, svc-e); the others have
      // 8 that apply (not from a golden path: no golden-path version)
      {
        owner: 'group:default/team-a',
        services: 3,
        levels: { none: 0, bronze: 2, silver: 0, gold: 1 },
        scorePercent: 63,
      },
      {
        owner: 'group:default/team-d',
        services: 1,
        levels: { none: 0, bronze: 0, silver: 1, gold: 0 },
        scorePercent: 62.5,
      },
      {
        owner: 'user:default/bob',
        services: 1,
        levels: { none: 1, bronze: 0, silver: 0, gold: 0 },
        scorePercent: 25,
      },
    ]);
    expect(d.history.length).toBeGreaterThanOrEqual(2);

    // the scaffolder was asked with this plugin's own service identity
    expect(scaffolder.requests.at(-1)!.principal).toBe('plugin:devex-metrics');
  });

  it('exports the figures as Prometheus metrics', async () => {
    const refreshed = await api()
      .post('/api/devex-metrics/refresh')
      .set('authorization', user(PLATFORM_USER));
    expect(refreshed.status).toBe(200);
    const text = await scrape();
    const families = parsePrometheusText(text);
    const value = (name: string, labels: Record<string, string> = {}) =>
      families
        .get(name)
        ?.metrics.find(m =>
          Object.entries(labels).every(([k, v]) => m.labels?.[k] === v),
        )?.value;
    expect(value('services_in_catalog_total')).toBe('5');
    expect(value('golden_path_usage_total')).toBe('3');
    expect(families.get('template_executions_total')?.type).toBe('COUNTER');
    expect(
      value('template_executions_total', {
        template: 'template:default/typescript-node-service',
        outcome: 'failed',
      }),
    ).toBe('1');
    expect(
      value('template_executions_total', {
        template: 'template:default/frontend-app',
        outcome: 'completed',
      }),
    ).toBe('0');
    expect(value('devex_nps')).toBe('25');
    expect(value('devex_time_to_first_deploy_median_seconds')).toBe('97200');
    expect(value('devex_first_deploy_pending_total')).toBe('1');
    expect(value('devex_catalog_coverage_ratio')).toBe('0.667');
    const histogram = families.get('time_to_first_deploy_seconds');
    expect(histogram?.type).toBe('HISTOGRAM');
    // each first deploy is recorded once, however often metrics are computed
    // (the parser keeps the buckets; _count/_sum come before them in
    // OpenTelemetry's output and are checked on the text)
    expect(histogram?.metrics[0].buckets).toMatchObject({
      '14400': '0',
      '43200': '1',
      '86400': '1',
      '172800': '2',
      '+Inf': '2',
    });
    expect(text).toMatch(/^time_to_first_deploy_seconds_count\{[^}]*\} 2$/m);
    expect(text).toMatch(/^time_to_first_deploy_seconds_sum\{[^}]*\} 194400$/m);
  });

  it('serves the scorecard of one entity to any signed-in user', async () => {
    const res = await api()
      .get('/api/devex-metrics/scorecard')
      .query({ entityRef: 'component:default/svc-d' })
      .set('authorization', user('user:default/alice'));
    expect(res.status).toBe(200);
    expect(res.body.level).toBe('silver');
    expect(
      res.body.checks.find((c: { id: string }) => c.id === 'runbook').passed,
    ).toBe(true);
    const missing = await api()
      .get('/api/devex-metrics/scorecard')
      .query({ entityRef: 'component:default/nope' })
      .set('authorization', user('user:default/alice'));
    expect(missing.status).toBe(404);
  });

  it('says why each failed check failed', async () => {
    const res = await api()
      .get('/api/devex-metrics/scorecard')
      .query({ entityRef: 'component:default/svc-e' })
      .set('authorization', user('user:default/alice'));
    expect(res.status).toBe(200);
    const reasons = Object.fromEntries(
      res.body.checks.map((c: { id: string; reason?: string }) => [
        c.id,
        c.reason,
      ]),
    );
    expect(reasons).toEqual({
      'owner-is-group': undefined,
      lifecycle: undefined,
      techdocs: 'No TechDocs (backstage.io/techdocs-ref annotation)',
      runbook:
        'No runbook: no link of type "runbook" and no docs/runbook.md in its TechDocs',
      ci: 'No CI annotation and no source location to look for .github/workflows',
      'on-call':
        'Neither component:default/svc-e nor its owner names a PagerDuty service',
      dashboard:
        'No dashboard: add a link of type "dashboard" to an http(s) URL or a grafana/dashboard-selector annotation',
      'golden-path': undefined,
      'golden-path-version':
        'On TypeScript Node.js service 1.3.0; supported: 2.x (latest 2.1.0). Open the golden path card for the upgrade.',
    });
    // asked with this plugin's own service identity
    expect(pagerDuty.state.requests.at(-1)).toEqual({
      entityRef: 'component:default/svc-e',
      principal: 'plugin:devex-metrics',
    });
  });

  it('leaves the golden-path version out of the score of a hand-made service, saying why', async () => {
    const res = await api()
      .get('/api/devex-metrics/scorecard')
      .query({ entityRef: 'component:default/svc-d' })
      .set('authorization', user('user:default/alice'));
    expect(res.status).toBe(200);
    expect(
      res.body.checks.find(
        (c: { id: string }) => c.id === 'golden-path-version',
      ),
    ).toEqual({
      id: 'golden-path-version',
      title: 'On a supported golden-path version',
      passed: true,
      notApplicable: true,
      reason:
        'Not created from a golden path (no backstage.io/source-template annotation), so there is no golden-path version to keep up to date',
    });
    // 9 checks, 8 apply: techdocs, runbook, ci, owner and lifecycle pass
    expect(res.body).toMatchObject({ level: 'silver', passed: 5, total: 8 });

    // svc-a is on 2.0.0 of its template's 2.1.0: the same major passes
    const gold = await api()
      .get('/api/devex-metrics/scorecard')
      .query({ entityRef: 'component:default/svc-a' })
      .set('authorization', user('user:default/alice'));
    expect(gold.body).toMatchObject({ level: 'gold', passed: 9, total: 9 });
  });

  it('fails on-call when PagerDuty is not configured, and gold needs it', async () => {
    pagerDuty.state.configured = false;
    try {
      const res = await api()
        .get('/api/devex-metrics/scorecard')
        .query({ entityRef: 'component:default/svc-a' })
        .set('authorization', user('user:default/alice'));
      expect(res.body.level).toBe('silver');
      expect(
        res.body.checks.find((c: { id: string }) => c.id === 'on-call'),
      ).toEqual({
        id: 'on-call',
        title: 'On-call (PagerDuty)',
        passed: false,
        reason: 'PagerDuty is not configured',
      });
    } finally {
      pagerDuty.state.configured = true;
    }
  });
});

describe('devex-metrics backend without the pagerduty plugin', () => {
  it('fails the on-call check with a reason instead of failing the scorecard', async () => {
    const seed = seedCatalog();
    const { server } = await startTestBackend({
      features: [
        devexMetricsPlugin,
        fakeScaffolderPlugin([]).plugin,
        catalogServiceMock.factory({ entities: seed.entities }),
        metricsServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            devexMetrics: {
              schedule: {
                frequency: { hours: 24 },
                timeout: { minutes: 5 },
                initialDelay: { hours: 24 },
              },
            },
          },
        }),
      ],
    });
    const res = await request(server)
      .get('/api/devex-metrics/scorecard')
      .query({ entityRef: 'component:default/svc-a' })
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(res.body.level).toBe('silver');
    const onCall = res.body.checks.find(
      (c: { id: string }) => c.id === 'on-call',
    );
    expect(onCall.passed).toBe(false);
    expect(onCall.reason).toMatch(
      /^PagerDuty could not be asked \(the pagerduty plugin answered 404: /,
    );
  });
});
