import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  notificationService,
  NotificationSendOptions,
} from '@backstage/plugin-notifications-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  CampaignDetails,
  CampaignSummary,
  dayOf,
} from '@internal/backstage-plugin-campaigns-common';
import Router from 'express-promise-router';
import request from 'supertest';
import { component, group, scorecard } from './__testUtils__/fixtures';
import { campaignsPlugin } from './plugin';

const CHECKOUT = 'group:default/team-checkout';
const system = 'system:default/checkout';
const PLATFORM_USER = 'user:default/platform-pat';
const DEVELOPER = 'user:default/dev-dana';

const entities = [
  component('cart-service', { owner: CHECKOUT, system }, { title: 'Cart' }),
  component('order-service', { owner: CHECKOUT, system }, { title: 'Orders' }),
  component(
    'checkout-web',
    { owner: CHECKOUT, system },
    { title: 'Checkout web' },
  ),
  component('basket-api', { owner: CHECKOUT, system }, { title: 'Basket API' }),
  component('receipts', { owner: CHECKOUT, system }, { title: 'Receipts' }),
  group('team-checkout', 'Checkout'),
];

/** The devex-metrics plugin as the campaigns plugin sees it: GET /dashboard. */
const fakeDevexMetrics = createBackendPlugin({
  pluginId: 'devex-metrics',
  register(env) {
    env.registerInit({
      deps: { httpRouter: coreServices.httpRouter },
      async init({ httpRouter }) {
        const router = Router();
        router.get('/dashboard', (_req, res) => {
          res.json({
            scorecards: [
              scorecard('component:default/cart-service', CHECKOUT),
              scorecard('component:default/order-service', CHECKOUT),
              scorecard('component:default/receipts', CHECKOUT),
              scorecard('component:default/checkout-web', CHECKOUT, [
                'dashboard',
              ]),
              scorecard('component:default/basket-api', CHECKOUT, ['runbook']),
            ],
          });
        });
        httpRouter.use(router);
      },
    });
  },
});

/** Retries an assertion until it holds (10 s at most). */
async function eventually(assertion: () => void) {
  const until = Date.now() + 10_000;
  for (;;) {
    try {
      assertion();
      return;
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise(resolve => setTimeout(resolve, 20));
    }
  }
}

describe('campaigns plugin', () => {
  const sent: NotificationSendOptions[] = [];

  async function start() {
    sent.length = 0;
    const { server } = await startTestBackend({
      features: [
        campaignsPlugin,
        fakeDevexMetrics,
        catalogServiceMock.factory({ entities }),
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => ({
            send: async (options: NotificationSendOptions) => {
              sent.push(options);
            },
          }),
        }),
        // the platform team may create and edit, nobody else
        mockServices.permissions.mock({
          authorize: async (requests, { credentials }) =>
            requests.map(() => ({
              result:
                (credentials.principal as { userEntityRef?: string })
                  .userEntityRef === PLATFORM_USER
                  ? AuthorizeResult.ALLOW
                  : AuthorizeResult.DENY,
            })),
        }).factory,
      ],
    });
    return server;
  }

  const as = (user: string) => mockCredentials.user.header(user);
  const today = dayOf(new Date());
  const input = {
    title: 'Checkout at gold',
    description: 'Every production service of Checkout at gold.',
    scope: { kind: 'Component', system: 'checkout', lifecycle: 'production' },
    target: { type: 'level', level: 'gold' },
    startDate: today,
    deadline: '2099-01-31',
  };

  it('lets only the platform team create and edit, and says why to others', async () => {
    const server = await start();

    const denied = await request(server)
      .post('/api/campaigns/campaigns')
      .set('Authorization', as(DEVELOPER))
      .send(input);
    expect(denied.status).toBe(403);
    expect(denied.body.error).toMatchObject({
      name: 'NotAllowedError',
      message:
        'Creating a campaign is for the platform team: it needs the campaigns.campaign.create permission, which user:default/dev-dana does not have',
    });

    const created = await request(server)
      .post('/api/campaigns/campaigns')
      .set('Authorization', as(PLATFORM_USER))
      .send(input);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      title: 'Checkout at gold',
      // stored as full refs
      scope: {
        kind: 'Component',
        system: 'system:default/checkout',
        lifecycle: 'production',
      },
      createdBy: PLATFORM_USER,
    });

    const editDenied = await request(server)
      .put(`/api/campaigns/campaigns/${created.body.id}`)
      .set('Authorization', as(DEVELOPER))
      .send({ ...input, title: 'Mine now' });
    expect(editDenied.status).toBe(403);
    expect(editDenied.body.error.message).toContain(
      'campaigns.campaign.update',
    );

    const edited = await request(server)
      .put(`/api/campaigns/campaigns/${created.body.id}`)
      .set('Authorization', as(PLATFORM_USER))
      .send({ ...input, deadline: '2099-02-28' });
    expect(edited.status).toBe(200);
    expect(edited.body.deadline).toBe('2099-02-28');

    const missing = await request(server)
      .put('/api/campaigns/campaigns/nope')
      .set('Authorization', as(PLATFORM_USER))
      .send(input);
    expect(missing.status).toBe(404);
  });

  it('refuses bad input naming the field', async () => {
    const server = await start();
    const response = await request(server)
      .post('/api/campaigns/campaigns')
      .set('Authorization', as(PLATFORM_USER))
      .send({
        ...input,
        target: { type: 'level', level: 'platinum' },
        deadline: '2020-01-01',
      });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toBe(
      'target.level: must be one of the scorecard levels: bronze, silver, gold; deadline: must not be before the start date',
    );
  });

  it('shows everyone signed in the progress from the DevEx scorecards', async () => {
    const server = await start();
    const { body: campaign } = await request(server)
      .post('/api/campaigns/campaigns')
      .set('Authorization', as(PLATFORM_USER))
      .send(input)
      .expect(201);

    // creating it runs the scheduled task: the owner hears about it at once
    await eventually(() =>
      expect(sent.map(s => s.payload.title)).toContain(
        'Campaign started: Checkout at gold',
      ),
    );
    expect(sent[0].recipients).toEqual({ type: 'entity', entityRef: CHECKOUT });

    const list = await request(server)
      .get('/api/campaigns/campaigns')
      .set('Authorization', as(DEVELOPER))
      .expect(200);
    const summary: CampaignSummary = list.body.items[0];
    expect(summary).toMatchObject({
      status: 'active',
      inScope: 5,
      atTarget: 3,
      percent: 60,
    });

    const { body: details }: { body: CampaignDetails } = await request(server)
      .get(`/api/campaigns/campaigns/${campaign.id}`)
      .set('Authorization', as(DEVELOPER))
      .expect(200);
    expect(details.history).toEqual([
      { day: today, inScope: 5, atTarget: 3, percent: 60 },
    ]);
    expect(details.progress.owners).toEqual([
      {
        owner: { ref: CHECKOUT, title: 'Checkout' },
        inScope: 5,
        atTarget: 3,
        todo: [
          {
            entity: {
              ref: 'component:default/basket-api',
              title: 'Basket API',
            },
            level: 'bronze',
            scored: true,
            failingChecks: [
              { id: 'runbook', title: 'Runbook', reason: 'Runbook is missing' },
            ],
          },
          {
            entity: {
              ref: 'component:default/checkout-web',
              title: 'Checkout web',
            },
            level: 'silver',
            scored: true,
            failingChecks: [
              {
                id: 'dashboard',
                title: 'Dashboard',
                reason: 'Dashboard is missing',
              },
            ],
          },
        ],
      },
    ]);

    const targets = await request(server)
      .get('/api/campaigns/targets')
      .set('Authorization', as(DEVELOPER))
      .expect(200);
    expect(targets.body.levels).toEqual(['bronze', 'silver', 'gold']);
    expect(targets.body.checks).toContainEqual({
      id: 'runbook',
      title: 'Runbook',
    });

    await request(server)
      .get('/api/campaigns/campaigns')
      .set('Authorization', mockCredentials.none.header())
      .expect(401);
    await request(server)
      .get('/api/campaigns/campaigns/nope')
      .set('Authorization', as(DEVELOPER))
      .expect(404);
  });
});
