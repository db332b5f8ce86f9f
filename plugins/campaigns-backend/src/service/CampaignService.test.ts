import { mockServices, TestDatabaseId } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { Scorecard } from '@internal/backstage-plugin-devex-metrics-common';
import {
  checkoutGold,
  component,
  group,
  scorecard,
} from '../__testUtils__/fixtures';
import { CampaignStore } from '../database/CampaignStore';
import { CampaignService } from './CampaignService';
import { DEFAULT_SCORECARD_LEVELS } from '@internal/backstage-plugin-devex-metrics-common';
import { testDatabases } from '@internal/test-fakes';

jest.setTimeout(60_000);

const CHECKOUT = 'group:default/team-checkout';
const STOREFRONT = 'group:default/team-storefront';
const system = 'system:default/checkout';

/** Five production services of Checkout (two teams) and two out of scope. */
const entities = [
  component('cart-service', { owner: CHECKOUT, system }, { title: 'Cart' }),
  component('order-service', { owner: CHECKOUT, system }, { title: 'Orders' }),
  component(
    'checkout-web',
    { owner: CHECKOUT, system, type: 'website' },
    { title: 'Checkout web' },
  ),
  component(
    'basket-api',
    { owner: STOREFRONT, system },
    { title: 'Basket API' },
  ),
  component('receipts', { owner: STOREFRONT, system }, { title: 'Receipts' }),
  component('support-console', {
    owner: CHECKOUT,
    system,
    lifecycle: 'experimental',
  }),
  component('payment-service', {
    owner: 'group:default/team-payments',
    system: 'system:default/payments',
  }),
  group('team-checkout', 'Checkout'),
  group('team-storefront', 'Storefront'),
];

function scorecards(overrides: Record<string, string[]> = {}): Scorecard[] {
  const failing: Record<string, string[]> = {
    'cart-service': [],
    'order-service': [],
    'checkout-web': ['on-call', 'dashboard'],
    'basket-api': ['techdocs', 'on-call'],
    receipts: [],
    'support-console': ['runbook'],
    'payment-service': ['ci'],
    ...overrides,
  };
  return Object.entries(failing).map(([name, f]) => {
    const owner = entities.find(e => e.metadata.name === name)!.spec!
      .owner as string;
    return scorecard(`component:default/${name}`, owner, f);
  });
}

describe('CampaignService', () => {
  const databases = testDatabases(['POSTGRES_15', 'SQLITE_3']);

  async function setup(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    const store = await CampaignStore.create({
      database: { getClient: async () => knex, migrations: { skip: false } },
    });
    const cards = { current: scorecards() };
    const sent: NotificationSendOptions[] = [];
    const send = jest.fn(async (options: NotificationSendOptions) => {
      sent.push(options);
    });
    const service = new CampaignService({
      auth: mockServices.auth(),
      catalog: catalogServiceMock({ entities }),
      logger: mockServices.logger.mock(),
      notifications: { send },
      scorecards: { getScorecards: async () => cards.current },
      store,
      levels: DEFAULT_SCORECARD_LEVELS,
    });
    return { store, service, cards, sent, send };
  }

  it.each(databases.eachSupportedId())(
    "computes progress and each owner team's to-do list by title, %p",
    async databaseId => {
      const { store, service } = await setup(databaseId);
      const campaign = await store.create(
        checkoutGold,
        'user:default/pat',
        new Date(),
      );
      const progress = await service.progress(
        campaign,
        new Date('2026-12-05T00:00:00Z'),
      );

      expect(progress).toMatchObject({ inScope: 5, atTarget: 3, percent: 60 });
      expect(
        progress.owners.map(o => ({
          owner: o.owner?.title,
          inScope: o.inScope,
          atTarget: o.atTarget,
          todo: o.todo.map(t => [
            t.entity.title,
            t.level,
            t.failingChecks.map(c => c.title),
          ]),
        })),
      ).toEqual([
        {
          owner: 'Checkout',
          inScope: 3,
          atTarget: 2,
          todo: [
            ['Checkout web', 'silver', ['On-call (PagerDuty)', 'Dashboard']],
          ],
        },
        {
          owner: 'Storefront',
          inScope: 2,
          atTarget: 1,
          todo: [['Basket API', 'bronze', ['TechDocs', 'On-call (PagerDuty)']]],
        },
      ]);

      // a silver target asks only for the checks up to silver
      const silver = await service.progress(
        { ...campaign, target: { type: 'level', level: 'silver' } },
        new Date('2026-12-05T00:00:00Z'),
      );
      expect(silver).toMatchObject({ inScope: 5, atTarget: 4 });
      expect(silver.owners[0].todo[0]).toMatchObject({
        entity: { title: 'Basket API' },
        failingChecks: [
          { id: 'techdocs', title: 'TechDocs', reason: 'TechDocs is missing' },
        ],
      });

      // one check as the target
      const dashboards = await service.progress(
        { ...campaign, target: { type: 'check', check: 'dashboard' } },
        new Date('2026-12-05T00:00:00Z'),
      );
      expect(dashboards).toMatchObject({
        inScope: 5,
        atTarget: 4,
        percent: 80,
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'draws the burn-up from the recorded days with today live, %p',
    async databaseId => {
      const { store, service } = await setup(databaseId);
      const campaign = await store.create(
        checkoutGold,
        'user:default/pat',
        new Date(),
      );
      const seeded = [
        ['2026-11-30', 5, 0], // before the start: not on the chart
        ['2026-12-01', 5, 1],
        ['2026-12-02', 5, 2],
        ['2026-12-03', 4, 2],
        ['2026-12-05', 5, 1], // today's earlier run: replaced by the live figure
      ] as const;
      for (const [day, inScope, atTarget] of seeded) {
        await store.recordProgress({
          campaignId: campaign.id,
          day,
          inScope,
          atTarget,
          recordedAt: new Date(`${day}T01:00:00Z`),
        });
      }
      const details = await service.details(
        campaign.id,
        new Date('2026-12-05T15:00:00Z'),
      );
      expect(details.status).toBe('active');
      expect(details.history).toEqual([
        { day: '2026-12-01', inScope: 5, atTarget: 1, percent: 20 },
        { day: '2026-12-02', inScope: 5, atTarget: 2, percent: 40 },
        { day: '2026-12-03', inScope: 4, atTarget: 2, percent: 50 },
        { day: '2026-12-05', inScope: 5, atTarget: 3, percent: 60 },
      ]);

      // a scheduled run records the day's figure
      await service.tick(new Date('2026-12-06T01:00:00Z'));
      expect((await store.history(campaign.id)).at(-1)).toEqual({
        day: '2026-12-06',
        inScope: 5,
        atTarget: 3,
        percent: 60,
      });

      // after the deadline the chart ends with the last recorded day
      const ended = await service.details(
        campaign.id,
        new Date('2027-02-10T00:00:00Z'),
      );
      expect(ended.status).toBe('ended');
      expect(ended.history.at(-1)?.day).toBe('2026-12-06');
    },
  );

  it.each(databases.eachSupportedId())(
    'notifies each owner with work left once at the start and once a week before the deadline, %p',
    async databaseId => {
      const { store, service, cards, sent, send } = await setup(databaseId);
      const campaign = await store.create(
        checkoutGold,
        'user:default/pat',
        new Date(),
      );
      const messages = () =>
        sent.map(s => [
          (s.recipients as { entityRef: string }).entityRef,
          s.payload.title,
        ]);

      await service.tick(new Date('2026-11-30T23:00:00Z')); // not started
      expect(send).not.toHaveBeenCalled();

      await service.tick(new Date('2026-12-01T00:30:00Z'));
      expect(messages()).toEqual([
        [CHECKOUT, 'Campaign started: Checkout at gold'],
        [STOREFRONT, 'Campaign started: Checkout at gold'],
      ]);
      expect(sent[0].payload).toMatchObject({
        description:
          'Checkout: 1 of your 3 services is not at gold yet (Checkout web). Deadline 2027-01-31.',
        link: `/campaigns/${campaign.id}`,
        topic: 'campaigns',
      });

      await service.tick(new Date('2026-12-01T01:30:00Z'));
      await service.tick(new Date('2027-01-23T23:59:00Z'));
      expect(send).toHaveBeenCalledTimes(2);

      // Storefront is done by then: only Checkout is reminded
      cards.current = scorecards({ 'basket-api': [] });
      await service.tick(new Date('2027-01-24T00:30:00Z'));
      await service.tick(new Date('2027-01-24T01:30:00Z'));
      await service.tick(new Date('2027-01-30T01:30:00Z'));
      expect(messages().slice(2)).toEqual([
        [CHECKOUT, 'One week left: Checkout at gold'],
      ]);
      expect(sent[2].payload).toMatchObject({
        severity: 'high',
        description:
          'Checkout: 1 of your 3 services is still not at gold (Checkout web). Deadline 2027-01-31.',
      });
      expect(
        (await store.sentNotifications(campaign.id)).map(n => [
          n.ownerRef,
          n.kind,
        ]),
      ).toEqual([
        [CHECKOUT, 'start'],
        [STOREFRONT, 'start'],
        [CHECKOUT, 'reminder'],
      ]);

      await service.tick(new Date('2027-02-01T00:30:00Z')); // ended
      expect(send).toHaveBeenCalledTimes(3);
    },
  );

  it.each(databases.eachSupportedId())(
    'retries a notification that could not be sent, and does not remind owners told inside the last week, %p',
    async databaseId => {
      const { store, service, sent, send } = await setup(databaseId);
      const late = await store.create(
        { ...checkoutGold, startDate: '2027-01-27' },
        'user:default/pat',
        new Date(),
      );
      send.mockRejectedValueOnce(new Error('notifications backend is down'));
      await service.tick(new Date('2027-01-27T00:30:00Z'));
      expect(
        sent.map(s => (s.recipients as { entityRef: string }).entityRef),
      ).toEqual([STOREFRONT]);

      await service.tick(new Date('2027-01-27T01:30:00Z'));
      await service.tick(new Date('2027-01-28T01:30:00Z'));
      expect(
        sent.map(s => [
          (s.recipients as { entityRef: string }).entityRef,
          s.payload.title,
        ]),
      ).toEqual([
        [STOREFRONT, 'Campaign started: Checkout at gold'],
        [CHECKOUT, 'Campaign started: Checkout at gold'],
      ]);
      expect((await store.sentNotifications(late.id)).map(n => n.kind)).toEqual(
        ['start', 'start'],
      );
    },
  );
});
