import { mockServices } from '@backstage/backend-test-utils';
import { UpgradeResponse } from '@internal/backstage-plugin-golden-paths-common';
import { testDatabases } from '@internal/test-fakes';
import { CampaignStore } from '../database/CampaignStore';
import { CampaignRunner } from './CampaignRunner';

jest.setTimeout(60_000);

const databases = testDatabases(['POSTGRES_15', 'SQLITE_3']);

const PYTHON = 'template:default/python-fastapi-service';
const ref = (name: string) => `component:default/${name}`;

/** What the upgrade engine answers for each service. */
function fakeEngine(options: { delayMs?: number } = {}) {
  const calls: Array<{ entityRef: string; parameters: unknown }> = [];
  let running = 0;
  let maxRunning = 0;
  const upgrade = async (
    entityRef: string,
    parameters?: Record<string, unknown>,
  ): Promise<UpgradeResponse> => {
    calls.push({ entityRef, parameters });
    running += 1;
    maxRunning = Math.max(maxRunning, running);
    try {
      await new Promise(r => setTimeout(r, options.delayMs ?? 5));
      if (entityRef === ref('billing')) {
        throw new Error(`${PYTHON} 1.3.0 was never stored by this portal`);
      }
      if (entityRef === ref('payments')) {
        return { status: 'up-to-date', entityRef, version: '2.0.0' };
      }
      return {
        status: 'upgrade',
        entityRef,
        templateRef: PYTHON,
        fromVersion: '1.3.0',
        toVersion: '2.0.0',
        branch: 'golden-path/upgrade',
        commit: 'a'.repeat(40),
        state: entityRef === ref('orders') ? 'conflicts' : 'clean',
        conflicts:
          entityRef === ref('orders')
            ? [{ path: 'Dockerfile', reason: 'both-changed' }]
            : [],
        changedFiles: ['Dockerfile'],
        baseVerified: true,
        review: 'open',
        updatedAt: new Date().toISOString(),
      };
    } finally {
      running -= 1;
    }
  };
  return { upgrade, calls, maxRunning: () => maxRunning };
}

describe.each(databases.eachSupportedId())('CampaignRunner on %s', id => {
  const store = async () => {
    const knex = await databases.init(id);
    return CampaignStore.create({ database: { getClient: async () => knex } });
  };

  it('upgrades every service at most `concurrency` at a time, records a failure with its message and goes on', async () => {
    const s = await store();
    const names = [
      'billing',
      'orders',
      'payments',
      ...Array.from({ length: 9 }, (_, i) => `svc-${i}`),
    ];
    await s.createCampaign({
      id: 'c1',
      templateRef: PYTHON,
      toVersion: '2.0.0',
      parameters: { logLevel: 'debug' },
      createdBy: 'user:default/alice',
      createdAt: new Date(),
      entityRefs: names.map(ref),
    });
    const engine = fakeEngine({ delayMs: 100 });
    const auditor = mockServices.auditor.mock();
    const runner = new CampaignRunner({
      store: s,
      upgrade: engine.upgrade,
      logger: mockServices.logger.mock(),
      auditor,
      concurrency: 3,
    });
    runner.kick();
    await runner.idle();

    expect(engine.maxRunning()).toBe(3);
    expect(engine.calls.map(c => c.entityRef).sort()).toEqual(
      names.map(ref).sort(),
    );
    // the campaign's answers for the new questions reach every upgrade
    expect(engine.calls[0].parameters).toEqual({ logLevel: 'debug' });
    expect(await s.getCampaign('c1')).toMatchObject({
      status: 'completed',
      total: 12,
      done: 12,
      counts: { clean: 9, conflicts: 1, upToDate: 1, failed: 1 },
      failures: [
        {
          entityRef: ref('billing'),
          message: `${PYTHON} 1.3.0 was never stored by this portal`,
        },
      ],
    });
    // every upgrade is an audit event of its own
    expect(auditor.createEvent).toHaveBeenCalledTimes(12);
    expect(auditor.createEvent).toHaveBeenCalledWith({
      eventId: 'golden-path-upgrade',
      severityLevel: 'medium',
      meta: { entityRef: ref('billing'), campaignId: 'c1', attempt: 1 },
    });
  });

  it("resumes a killed replica's service once its claim is stale, and leaves a live replica's alone", async () => {
    const s = await store();
    await s.createCampaign({
      id: 'c1',
      templateRef: PYTHON,
      toVersion: '2.0.0',
      createdBy: 'user:default/alice',
      createdAt: new Date(Date.now() - 300_000),
      entityRefs: ['orders', 'svc-1', 'svc-2', 'svc-3'].map(ref),
    });
    // Replica A claimed orders five minutes ago and was killed; replica C
    // claimed svc-1 just now and is still at work.
    const killed = await s.claimNext({
      now: new Date(Date.now() - 300_000),
      staleBefore: new Date(Date.now() - 360_000),
    });
    const live = await s.claimNext({
      now: new Date(),
      staleBefore: new Date(Date.now() - 360_000),
    });
    expect([killed?.entityRef, live?.entityRef]).toEqual([
      ref('orders'),
      ref('svc-1'),
    ]);

    // Replica B's scheduled task kicks its runner.
    const engine = fakeEngine();
    const runner = new CampaignRunner({
      store: s,
      upgrade: engine.upgrade,
      logger: mockServices.logger.mock(),
      concurrency: 2,
      staleAfterMs: 60_000,
    });
    runner.kick();
    await runner.idle();
    expect(engine.calls.map(c => c.entityRef).sort()).toEqual(
      ['orders', 'svc-2', 'svc-3'].map(ref),
    );
    const items = await s.listItems('c1');
    expect(items.map(i => [i.entityRef, i.status, i.attempts])).toEqual([
      [ref('orders'), 'conflicts', 2],
      [ref('svc-1'), 'running', 1],
      [ref('svc-2'), 'clean', 1],
      [ref('svc-3'), 'clean', 1],
    ]);
    expect(await s.getCampaign('c1')).toMatchObject({
      status: 'running',
      done: 3,
    });

    // Replica C finishes svc-1: the campaign ends.
    await s.finishItem({ claim: live!, status: 'clean', now: new Date() });
    await s.finishSettledCampaigns();
    expect(await s.getCampaign('c1')).toMatchObject({
      status: 'completed',
      done: 4,
      counts: { clean: 3, conflicts: 1, upToDate: 0, failed: 0 },
    });
  });

  it('renews its claims while an upgrade runs, so no other replica takes the service over', async () => {
    const s = await store();
    await s.createCampaign({
      id: 'c1',
      templateRef: PYTHON,
      toVersion: '2.0.0',
      createdBy: 'user:default/alice',
      createdAt: new Date(),
      entityRefs: [ref('orders')],
    });
    const engine = fakeEngine({ delayMs: 1500 });
    const runner = new CampaignRunner({
      store: s,
      upgrade: engine.upgrade,
      logger: mockServices.logger.mock(),
      concurrency: 1,
      heartbeatMs: 100,
      staleAfterMs: 600,
    });
    runner.kick();
    await new Promise(r => setTimeout(r, 1000));
    // past staleAfterMs since the claim, but renewed meanwhile
    expect(
      await s.claimNext({
        now: new Date(),
        staleBefore: new Date(Date.now() - 600),
      }),
    ).toBeUndefined();
    await runner.idle();
    expect(engine.calls).toHaveLength(1);
    expect((await s.getCampaign('c1'))?.status).toBe('completed');
  });
});
