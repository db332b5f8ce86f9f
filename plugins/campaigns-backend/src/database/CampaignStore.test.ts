import { TestDatabaseId } from '@backstage/backend-test-utils';
import { checkoutGold } from '../__testUtils__/fixtures';
import { CampaignStore } from './CampaignStore';
import { testDatabases } from '@internal/test-fakes';

jest.setTimeout(60_000);

describe('CampaignStore', () => {
  const databases = testDatabases(['POSTGRES_15', 'SQLITE_3']);

  async function createStore(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    return CampaignStore.create({
      database: { getClient: async () => knex, migrations: { skip: false } },
    });
  }

  it.each(databases.eachSupportedId())(
    'creates, lists and updates campaigns, %p',
    async databaseId => {
      const store = await createStore(databaseId);
      const created = await store.create(
        checkoutGold,
        'user:default/pat',
        new Date('2026-11-20T10:00:00Z'),
      );
      expect(created).toEqual({
        ...checkoutGold,
        id: expect.any(String),
        createdBy: 'user:default/pat',
        createdAt: '2026-11-20T10:00:00.000Z',
        updatedBy: 'user:default/pat',
        updatedAt: '2026-11-20T10:00:00.000Z',
      });
      const sooner = await store.create(
        { ...checkoutGold, title: 'Runbooks', deadline: '2026-12-24' },
        'user:default/pat',
        new Date('2026-11-21T10:00:00Z'),
      );
      expect((await store.list()).map(c => c.title)).toEqual([
        'Runbooks',
        'Checkout at gold',
      ]);

      const updated = await store.update(
        created.id,
        { ...checkoutGold, target: { type: 'check', check: 'runbook' } },
        'user:default/sam',
        new Date('2026-11-22T08:00:00Z'),
      );
      expect(updated).toMatchObject({
        target: { type: 'check', check: 'runbook' },
        createdBy: 'user:default/pat',
        updatedBy: 'user:default/sam',
        updatedAt: '2026-11-22T08:00:00.000Z',
      });
      expect(await store.get(sooner.id)).toMatchObject({ title: 'Runbooks' });
      expect(
        await store.update(
          'nope',
          checkoutGold,
          'user:default/sam',
          new Date(),
        ),
      ).toBeUndefined();
      expect(await store.get('nope')).toBeUndefined();
    },
  );

  it.each(databases.eachSupportedId())(
    'seeds a campaign with a fixed id once and keeps later edits, %p',
    async databaseId => {
      const store = await createStore(databaseId);
      const now = new Date('2026-11-20T10:00:00Z');
      expect(
        await store.createIfAbsent(
          'example',
          checkoutGold,
          'plugin:campaigns',
          now,
        ),
      ).toBe(true);
      await store.update(
        'example',
        { ...checkoutGold, title: 'Edited' },
        'user:default/pat',
        now,
      );
      expect(
        await store.createIfAbsent(
          'example',
          checkoutGold,
          'plugin:campaigns',
          now,
        ),
      ).toBe(false);
      expect((await store.get('example'))?.title).toBe('Edited');
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps one burn-up point per day, the latest run of the day, %p',
    async databaseId => {
      const store = await createStore(databaseId);
      const { id } = await store.create(
        checkoutGold,
        'user:default/pat',
        new Date(),
      );
      const at = (s: string) => new Date(s);
      await store.recordProgress({
        campaignId: id,
        day: '2026-12-02',
        inScope: 5,
        atTarget: 2,
        recordedAt: at('2026-12-02T01:00:00Z'),
      });
      await store.recordProgress({
        campaignId: id,
        day: '2026-12-01',
        inScope: 5,
        atTarget: 1,
        recordedAt: at('2026-12-01T01:00:00Z'),
      });
      await store.recordProgress({
        campaignId: id,
        day: '2026-12-02',
        inScope: 6,
        atTarget: 3,
        recordedAt: at('2026-12-02T09:00:00Z'),
      });
      expect(await store.history(id)).toEqual([
        { day: '2026-12-01', inScope: 5, atTarget: 1, percent: 20 },
        { day: '2026-12-02', inScope: 6, atTarget: 3, percent: 50 },
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'lets a notification be claimed once per campaign, owner and kind, %p',
    async databaseId => {
      const store = await createStore(databaseId);
      const { id } = await store.create(
        checkoutGold,
        'user:default/pat',
        new Date(),
      );
      const now = new Date('2026-12-01T01:00:00Z');
      const team = 'group:default/team-checkout';
      const claims = await Promise.all([
        store.claimNotification(id, team, 'start', now),
        store.claimNotification(id, team, 'start', now),
      ]);
      expect(claims.sort()).toEqual([false, true]);
      expect(await store.claimNotification(id, team, 'reminder', now)).toBe(
        true,
      );
      await store.releaseNotification(id, team, 'reminder');
      expect(await store.sentNotifications(id)).toEqual([
        { ownerRef: team, kind: 'start', sentAt: now },
      ]);
      expect(await store.claimNotification(id, team, 'reminder', now)).toBe(
        true,
      );
    },
  );
});
