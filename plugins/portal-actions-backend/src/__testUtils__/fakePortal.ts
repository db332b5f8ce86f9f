/*
 * The plugins the portal actions call, as small real backend plugins with the
 * same routes and answers as ours (pagerduty, cost-tracker, devex-metrics,
 * crossplane, scaffolder), for startTestBackend. Each records who called it,
 * so tests can check that every call was made as the calling user.
 */
import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import {
  actionsRegistryServiceMock,
  MockActionsRegistry,
} from '@backstage/backend-test-utils/alpha';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import express from 'express';
import Router from 'express-promise-router';

export interface RecordedCall {
  plugin: string;
  method: string;
  path: string;
  /** The user the called plugin saw, or the service subject. */
  caller: string;
}

const rel = (type: string, targetRef: string) => ({ type, targetRef });

/** A small org: payments and fraud teams, payment-service and its neighbours. */
export const fixtureEntities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'payment-service',
      namespace: 'default',
      title: 'Payment Service',
      description: 'Authorises and captures customer payments',
      tags: ['java', 'payments'],
      links: [
        {
          url: 'https://grafana.example/d/pay',
          title: 'Dashboard',
          type: 'dashboard',
        },
        {
          url: '/docs/default/component/payment-service/runbook/',
          title: 'Runbook',
          type: 'runbook',
        },
      ],
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/team-payments',
      system: 'payments',
    },
    relations: [
      rel('ownedBy', 'group:default/team-payments'),
      rel('partOf', 'system:default/payments'),
      rel('dependsOn', 'component:default/ledger-service'),
      rel('dependsOn', 'resource:default/postgres-payments'),
      rel('dependencyOf', 'component:default/support-console'),
      rel('providesApi', 'api:default/payments-api'),
    ],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'ledger-service',
      namespace: 'default',
      title: 'Ledger Service',
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-payments' },
    relations: [rel('ownedBy', 'group:default/team-payments')],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'support-console',
      namespace: 'default',
      title: 'Support Console',
    },
    spec: { type: 'website', lifecycle: 'production', owner: 'team-checkout' },
    relations: [
      rel('ownedBy', 'group:default/team-checkout'),
      rel('dependsOn', 'component:default/payment-service'),
    ],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'checkout-web',
      namespace: 'default',
      title: 'Checkout Web',
    },
    spec: { type: 'website', lifecycle: 'production', owner: 'team-checkout' },
    relations: [
      rel('ownedBy', 'group:default/team-checkout'),
      rel('consumesApi', 'api:default/payments-api'),
    ],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: {
      name: 'payments-api',
      namespace: 'default',
      title: 'Payments API',
    },
    spec: { type: 'openapi', lifecycle: 'production', owner: 'team-payments' },
    relations: [
      rel('ownedBy', 'group:default/team-payments'),
      rel('apiProvidedBy', 'component:default/payment-service'),
      rel('apiConsumedBy', 'component:default/checkout-web'),
    ],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'postgres-payments',
      namespace: 'default',
      title: 'Payments database',
    },
    spec: { type: 'database', owner: 'team-payments' },
    relations: [
      rel('ownedBy', 'group:default/team-payments'),
      rel('dependencyOf', 'component:default/payment-service'),
    ],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'payments', namespace: 'default', title: 'Payments' },
    spec: { owner: 'team-payments' },
    relations: [rel('ownedBy', 'group:default/team-payments')],
  },
  ...[
    ['team-payments', 'Payments team'],
    ['team-fraud', 'Fraud & Risk team'],
    ['team-checkout', 'Checkout team'],
  ].map(([name, title]) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default', title },
    spec: { type: 'team', children: [] },
  })),
  {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: {
      name: 'python-fastapi-service',
      namespace: 'default',
      title: 'Python FastAPI service',
      description: 'A FastAPI service with a Helm chart and CI',
      tags: ['golden-path', 'python'],
      annotations: {
        'acme.io/template-version': '1.2.0',
        // a template read from disk, as templates/all.yaml is
        'backstage.io/managed-by-location': `file:${__dirname}/fixtures/python.template.yaml`,
      },
    },
    spec: {
      type: 'service',
      owner: 'group:default/platform',
      parameters: [
        {
          title: 'Service',
          required: ['name', 'owner'],
          properties: {
            name: { title: 'Name', type: 'string', 'ui:autofocus': true },
            owner: {
              title: 'Owner',
              type: 'string',
              'ui:field': 'OwnerPicker',
            },
          },
        },
        {
          title: 'Infrastructure',
          properties: { needPostgres: { type: 'boolean', default: false } },
        },
      ],
      steps: [
        {
          id: 'fetch',
          name: 'Fetch',
          action: 'fetch:template',
          input: { url: './skeleton' },
        },
        { id: 'publish', name: 'Publish', action: 'publish:local-git' },
      ],
    },
  },
];

/** Tasks the fake scaffolder knows: id → template and values. */
const FAKE_TASK_ID = '5f0c1c4e-1d0a-4c55-9a3e-2c1b0c0ffee1';

function fakePlugin(
  pluginId: string,
  calls: RecordedCall[],
  routes: (router: express.Router) => void,
) {
  return createBackendPlugin({
    pluginId,
    register(env) {
      env.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
          auth: coreServices.auth,
        },
        async init({ httpRouter, httpAuth, auth }) {
          const router = Router();
          router.use(express.json({ limit: '20mb' }));
          router.use(async (req, res, next) => {
            const credentials = await httpAuth.credentials(req);
            let caller = 'none';
            if (auth.isPrincipal(credentials, 'user')) {
              caller = credentials.principal.userEntityRef;
            } else if (auth.isPrincipal(credentials, 'service')) {
              caller = credentials.principal.subject;
            }
            res.locals.caller = caller;
            calls.push({
              plugin: pluginId,
              method: req.method,
              path: req.path,
              caller,
            });
            next();
          });
          routes(router);
          httpRouter.use(router);
        },
      });
    },
  });
}

/** Users the fake scaffolder refuses, as the Acme policy refuses non-members. */
export const NON_MEMBER = 'user:default/olga.outsider';

/**
 * The features for startTestBackend: the portal-actions plugin's
 * dependencies (catalog with {@link fixtureEntities}, an actions registry the
 * test can invoke) and the fake plugins it calls.
 */
export function fakePortal() {
  const calls: RecordedCall[] = [];
  const registry: MockActionsRegistry = actionsRegistryServiceMock();
  const dryRuns: Array<{ files: string[]; values: unknown }> = [];

  const features = [
    catalogServiceMock.factory({ entities: fixtureEntities }),
    createServiceFactory({
      service: actionsRegistryServiceRef,
      deps: {},
      factory: () => registry,
    }),
    mockServices.rootConfig.factory({
      data: {
        app: { baseUrl: 'http://portal.test' },
        permission: {
          acme: {
            templateRunnerGroups: ['group:default/developers'],
            adminGroups: ['group:default/platform-admins'],
          },
        },
      },
    }),
    fakePlugin('pagerduty', calls, router => {
      router.get('/entities/:kind/:namespace/:name/on-call', (req, res) => {
        if (req.params.name !== 'payment-service') {
          res.json({
            configured: true,
            service: null,
            reason:
              'Neither the entity nor its owner names a PagerDuty service',
          });
          return;
        }
        res.json({
          configured: true,
          service: {
            id: 'PPAYSVC',
            name: 'Payment Service',
            htmlUrl: 'https://pd.test/service-directory/PPAYSVC',
            source: 'entity',
            ownerRef: 'group:default/team-payments',
          },
          onCall: [
            {
              user: {
                name: 'Alice Nguyen',
                email: 'alice@acme.test',
                htmlUrl: 'https://pd.test/users/PALICE',
              },
              escalationLevel: 1,
              start: '2026-11-24T08:00:00Z',
              end: '2026-11-25T08:00:00Z',
            },
          ],
          incidents: [],
        });
      });
    }),
    fakePlugin('cost-tracker', calls, router => {
      router.get('/costs/:kind/:namespace/:name', (req, res) => {
        const ref = `${req.params.kind}:${req.params.namespace}/${req.params.name}`;
        res.json({
          entityRef: ref,
          kind: req.params.kind,
          currency: 'USD',
          cost: req.query.cost ?? 'effective',
          from: req.query.from,
          to: req.query.to,
          total: 1234.5,
          byCategory: { compute: 1000, storage: 200, network: 34.5, other: 0 },
          byDay: [],
          previous: {
            from: '2026-09-01',
            to: '2026-09-30',
            total: 1000,
            byCategory: {},
          },
          change: 0.2345,
          members:
            req.params.kind === 'group'
              ? [
                  {
                    entityRef: 'component:default/ledger-service',
                    amount: 234.5,
                  },
                  {
                    entityRef: 'component:default/payment-service',
                    amount: 1000,
                  },
                ]
              : [],
          ...(req.params.kind === 'group'
            ? { byOwner: [{ owner: ref, amount: 1234.5, entityRefs: [] }] }
            : {}),
        });
      });
    }),
    fakePlugin('devex-metrics', calls, router => {
      router.get('/scorecard', (req, res) => {
        res.json({
          entityRef: req.query.entityRef,
          owner: 'group:default/team-payments',
          level: 'bronze',
          passed: 3,
          total: 4,
          checks: [
            { id: 'owner', title: 'Has an owner', passed: true },
            { id: 'docs', title: 'TechDocs', passed: true },
            { id: 'runbook', title: 'Runbook', passed: true },
            {
              id: 'oncall',
              title: 'On-call',
              passed: false,
              reason: 'PagerDuty is not configured',
            },
          ],
        });
      });
      router.get('/dashboard', (_req, res) => {
        if (res.locals.caller === NON_MEMBER) {
          throw new NotAllowedError(
            'The DevEx dashboard needs the devex.metrics.read permission',
          );
        }
        const status = 'healthy';
        res.json({
          latest: {
            computedAt: '2026-11-24T06:00:00Z',
            catalog: {
              servicesInCatalog: 12,
              repositoriesDiscovered: 12,
              repositoriesSource: 'github',
              coveragePercent: 100,
              withOwnerPercent: 100,
              withTechDocsPercent: 90,
              withRunbookPercent: 80,
              status,
            },
            goldenPath: {
              fromTemplate: 6,
              adoptionPercent: 50,
              executions: [
                {
                  template: 'template:default/python-fastapi-service',
                  completed: 4,
                  failed: 1,
                  cancelled: 0,
                  other: 0,
                },
              ],
              status: 'warning',
            },
            timeToFirstDeploy: {
              medianSeconds: 5400,
              deployed: 4,
              pending: 2,
              services: [],
              status,
            },
            survey: {
              period: '2026-Q4',
              responses: 10,
              promoters: 5,
              passives: 3,
              detractors: 2,
              nps: 30,
              status,
            },
            levels: ['bronze', 'silver', 'gold'],
            teams: [
              {
                owner: 'group:default/team-payments',
                services: 2,
                levels: { bronze: 2 },
                scorePercent: 75,
              },
            ],
            overall: 'warning',
          },
          history: [],
          npsTrend: [],
          scorecards: [],
          thresholds: {},
          comments: [
            {
              score: 2,
              comment: 'private words',
              answeredAt: '2026-11-20T10:00:00Z',
            },
          ],
        });
      });
    }),
    fakePlugin('crossplane', calls, router => {
      router.get('/claims', (_req, res) => {
        res.json({
          items: [
            {
              cluster: 'production',
              apiVersion: 'platform.acme.io/v1alpha1',
              kind: 'PostgreSQLDatabase',
              namespace: 'team-payments',
              name: 'payment-service-db',
              ready: true,
              synced: true,
              conditions: [{ type: 'Ready', status: 'True' }],
              connectionSecretName: 'payment-service-db-conn',
            },
          ],
          errors: [],
          committed: [],
        });
      });
    }),
    fakePlugin('scaffolder', calls, router => {
      router.post('/v2/tasks', (req, res) => {
        if (res.locals.caller === NON_MEMBER) {
          throw new NotAllowedError();
        }
        if (
          req.body.templateRef !== 'template:default/python-fastapi-service'
        ) {
          throw new NotFoundError(`Template ${req.body.templateRef} not found`);
        }
        if (!/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(req.body.values?.name ?? '')) {
          res.status(400).json({
            errors: [
              {
                property: 'instance.name',
                message:
                  'does not match pattern "^[a-z]([-a-z0-9]*[a-z0-9])?$"',
              },
            ],
          });
          return;
        }
        res.status(201).json({ id: FAKE_TASK_ID });
      });
      router.get('/v2/tasks/:taskId', (req, res) => {
        if (req.params.taskId !== FAKE_TASK_ID)
          throw new NotFoundError('no task');
        res.json({
          id: FAKE_TASK_ID,
          status: 'completed',
          createdAt: '2026-11-24T10:00:00Z',
          createdBy: 'user:default/alice.nguyen',
          spec: {
            steps: [
              { id: 'fetch', name: 'Fetch' },
              { id: 'publish', name: 'Publish' },
            ],
            templateInfo: {
              entityRef: 'template:default/python-fastapi-service',
            },
          },
        });
      });
      router.get('/v2/tasks/:taskId/events', (_req, res) => {
        const at = '2026-11-24T10:00:01Z';
        res.json([
          {
            id: 1,
            type: 'log',
            createdAt: at,
            body: {
              message: 'Beginning step Fetch',
              stepId: 'fetch',
              status: 'processing',
            },
          },
          {
            id: 2,
            type: 'log',
            createdAt: at,
            body: {
              message: 'Finished step Fetch',
              stepId: 'fetch',
              status: 'completed',
            },
          },
          {
            id: 3,
            type: 'log',
            createdAt: at,
            body: {
              message: 'Finished step Publish',
              stepId: 'publish',
              status: 'completed',
            },
          },
          {
            id: 4,
            type: 'completion',
            createdAt: at,
            body: {
              message: 'Run completed with status: completed',
              output: {
                links: [
                  {
                    title: 'Open in catalog',
                    entityRef: 'component:default/fraud-rules',
                  },
                ],
                text: [
                  {
                    title: 'Clone the repository',
                    content: 'git clone /repos/fraud-rules',
                  },
                ],
              },
            },
          },
        ]);
      });
      router.post('/v2/dry-run', (req, res) => {
        dryRuns.push({
          files: req.body.directoryContents.map(
            (f: { path: string }) => f.path,
          ),
          values: req.body.values,
        });
        res.json({
          log: [
            {
              body: {
                message: 'Beginning step Fetch',
                stepId: 'fetch',
                status: 'processing',
              },
            },
            {
              body: {
                message: 'Finished step Fetch',
                stepId: 'fetch',
                status: 'completed',
              },
            },
            {
              body: {
                message: 'Skipping publish: dry run',
                stepId: 'publish',
                status: 'skipped',
              },
            },
          ],
          directoryContents: [{ path: 'README.md' }, { path: 'app/main.py' }],
          output: {},
          steps: [
            { id: 'fetch', name: 'Fetch', action: 'fetch:template' },
            { id: 'publish', name: 'Publish', action: 'publish:local-git' },
          ],
        });
      });
    }),
  ];
  return { features, calls, registry, dryRuns };
}
