import { testDatabases } from '@internal/test-fakes';
import { CampaignStore, NewUpgradeCampaign } from './CampaignStore';

jest.setTimeout(60_000);

const databases = testDatabases(['POSTGRES_15', 'SQLITE_3']);

const PYTHON = 'template:default/python-fastapi-service';
const T0 = new Date('2026-12-21T09:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

const campaign = (
  id: string,
  entityRefs: string[],
  overrides: Partial<NewUpgradeCampaign> = {},
): NewUpgradeCampaign => ({
  id,
  templateRef: PYTHON,
  toVersion: '2.0.0',
  createdBy: 'user:default/alice',
  createdAt: T0,
  entityRefs,
  ...overrides,
});

const services = (n: number) =>
  Array.from(
    { length: n },
    (_, i) => `component:default/svc-${String(i).padStart(3, '0')}`,
  );

describe.each(databases.eachSupportedId())('CampaignStore on %s', id => {
  /** A store on a new database, and another replica's store on the same. */
  const store = async () => {
    const knex = await databases.init(id);
    const s = await CampaignStore.create({
      database: { getClient: async () => knex },
    });
    const replica = () =>
      CampaignStore.create({ database: { getClient: async () => knex } });
    return Object.assign(s, { replica });
  };

  it('stores a campaign with one pending item per service, one running campaign per golden path', async () => {
    const s = await store();
    const created = await s.createCampaign(
      campaign('c1', services(250), {
        belowVersion: '1.3.0',
        parameters: { logLevel: 'debug' },
      }),
    );
    expect(created).toEqual({
      id: 'c1',
      templateRef: PYTHON,
      belowVersion: '1.3.0',
      toVersion: '2.0.0',
      parameters: { logLevel: 'debug' },
      createdBy: 'user:default/alice',
      createdAt: T0.toISOString(),
      status: 'running',
      total: 250,
      done: 0,
      counts: { clean: 0, conflicts: 0, upToDate: 0, failed: 0 },
      failures: [],
    });
    const items = await s.listItems('c1');
    expect(items).toHaveLength(250);
    expect(items[0]).toEqual({
      entityRef: 'component:default/svc-000',
      status: 'pending',
      updatedAt: T0.toISOString(),
      attempts: 0,
    });

    // a second campaign of the same golden path waits for the first
    expect(
      await s.createCampaign(campaign('c2', services(1), { createdAt: at(1) })),
    ).toBeUndefined();
    expect(await s.getCampaign('c2')).toBeUndefined();
    // another golden path's is fine
    await s.createCampaign(
      campaign('go', ['component:default/inventory'], {
        templateRef: 'template:default/go-service',
        createdAt: at(2),
      }),
    );
    expect((await s.listCampaigns()).map(c => c.id)).toEqual(['go', 'c1']);
    expect(
      (await s.listCampaigns({ templateRef: PYTHON })).map(c => c.id),
    ).toEqual(['c1']);
    expect((await s.runningCampaign(PYTHON))?.id).toBe('c1');
  });

  it('gives each service to one claimant only, even when claimed at once', async () => {
    const s = await store();
    await s.createCampaign(campaign('c1', services(6)));
    // Two replicas, six slots each: together they claim every service once.
    const [replicaA, replicaB] = [s, await s.replica()];
    const claims = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        (i % 2 ? replicaA : replicaB).claimNext({
          now: at(1),
          staleBefore: at(-60),
        }),
      ),
    );
    const claimed = claims.flatMap(c => (c ? [c.entityRef] : []));
    expect(claimed.sort()).toEqual(services(6));
    expect(claims.filter(c => c === undefined)).toHaveLength(6);
    expect(claims.find(c => c)?.attempt).toBe(1);
  });

  it('hands a stale claim over, and only the current claim records an outcome', async () => {
    const s = await store();
    await s.createCampaign(
      campaign('c1', ['component:default/orders'], {
        parameters: { logLevel: 'info' },
      }),
    );
    const first = await s.claimNext({ now: at(0), staleBefore: at(-60) });
    expect(first).toMatchObject({
      entityRef: 'component:default/orders',
      attempt: 1,
      parameters: { logLevel: 'info' },
    });
    // renewed at 30 s: not stale at 80 s
    await s.renewClaims([first!.claimId], at(30));
    expect(
      await s.claimNext({ now: at(80), staleBefore: at(20) }),
    ).toBeUndefined();
    // no renewal since 30 s: its replica stopped; at 100 s another takes it
    const second = await s.claimNext({ now: at(100), staleBefore: at(40) });
    expect(second).toMatchObject({
      entityRef: 'component:default/orders',
      attempt: 2,
    });
    expect(
      await s.finishItem({ claim: first!, status: 'clean', now: at(101) }),
    ).toBe(false);
    expect(
      await s.finishItem({ claim: second!, status: 'conflicts', now: at(110) }),
    ).toBe(true);
    expect(await s.listItems('c1')).toEqual([
      {
        entityRef: 'component:default/orders',
        status: 'conflicts',
        startedAt: at(100).toISOString(),
        updatedAt: at(110).toISOString(),
        attempts: 2,
      },
    ]);
  });

  it('ends a campaign once every service has its outcome: completed, or failed when none could be upgraded', async () => {
    const s = await store();
    await s.createCampaign(campaign('c1', services(4)));
    const outcomes = ['clean', 'conflicts', 'up-to-date', 'failed'] as const;
    for (const status of outcomes) {
      const claim = await s.claimNext({ now: at(1), staleBefore: at(-60) });
      expect(await s.finishSettledCampaigns({ now: at(2) })).toEqual([]);
      await s.finishItem({
        claim: claim!,
        status,
        message:
          status === 'failed'
            ? 'template:default/python-fastapi-service 1.3.0 was never stored'
            : undefined,
        now: at(2),
      });
    }
    const [ended] = await s.finishSettledCampaigns({ now: at(3) });
    expect(ended).toMatchObject({
      id: 'c1',
      status: 'completed',
      finishedAt: at(3).toISOString(),
      total: 4,
      done: 4,
      counts: { clean: 1, conflicts: 1, upToDate: 1, failed: 1 },
      failures: [
        {
          entityRef: 'component:default/svc-003',
          message:
            'template:default/python-fastapi-service 1.3.0 was never stored',
        },
      ],
    });
    // ended once; nothing left to claim; the golden path is free again
    expect(await s.finishSettledCampaigns({ now: at(4) })).toEqual([]);
    expect(
      await s.claimNext({ now: at(5), staleBefore: at(4) }),
    ).toBeUndefined();
    await s.createCampaign(
      campaign('c2', ['component:default/svc-003'], { createdAt: at(5) }),
    );
    const claim = await s.claimNext({ now: at(6), staleBefore: at(-60) });
    await s.finishItem({
      claim: claim!,
      status: 'failed',
      message: 'still never stored',
      now: at(7),
    });
    const [failed] = await s.finishSettledCampaigns({ now: at(8) });
    expect(failed).toMatchObject({ id: 'c2', status: 'failed', done: 1 });
  });
});
