import { mockServices } from '@backstage/backend-test-utils';
import type { AuditorEvent } from '@backstage/backend-defaults/auditor';
import type { AuditEventRecord } from '@internal/backstage-plugin-audit-common';
import knexFactory from 'knex';
import { AuditStore } from '../database/AuditStore';
import { AuditRecordNotStoredError, AuditTrail } from './AuditTrailService';
import { Redactor } from './redact';
import { AuditPublisher, TrailAuditorService } from './TrailAuditorService';
import { findFreePort, testDatabases } from '@internal/test-fakes';

jest.setTimeout(60_000);

const event = (
  n: number,
  overrides: Partial<AuditorEvent> = {},
): AuditorEvent =>
  ({
    plugin: 'catalog',
    eventId: 'entity-mutate',
    severityLevel: 'medium',
    actor: { actorId: 'user:default/ada' },
    meta: { queryType: 'refresh', entityRef: `component:default/c${n}` },
    status: 'succeeded',
    ...overrides,
  } as AuditorEvent);

async function waitUntil(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise(r => setTimeout(r, 5));
  }
}

/** Follows a promise's state without awaiting it. */
function track<T>(promise: Promise<T>) {
  const state: { settled: boolean; error?: unknown } = { settled: false };
  promise.then(
    () => {
      state.settled = true;
    },
    error => {
      state.settled = true;
      state.error = error;
    },
  );
  return state;
}

function deferred() {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('AuditTrail', () => {
  it('resolves a record only once a writer attached later has stored it, redacted', async () => {
    const trail = new AuditTrail({
      logger: mockServices.logger.mock(),
      redactor: new Redactor(['configured-secret']),
    });
    const recorded = trail.record({
      event: event(1, {
        meta: {
          queryType: 'refresh',
          entityRef: 'component:default/c1',
          password: 'p',
          note: 'has configured-secret',
        },
      }),
    });
    const state = track(recorded);
    await waitUntil(() => trail.stats().waiting === 1);
    expect(state.settled).toBe(false);
    const written: AuditEventRecord[] = [];
    trail.setWriter(async records => {
      written.push(...records);
    });
    await recorded;
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({
      action: 'catalog.entity-mutate.refresh',
      outcome: 'allowed',
      entityRefs: ['component:default/c1'],
      meta: { password: '[REDACTED]', note: 'has [REDACTED]' },
    });
  });

  it('stores denials of any severity but skips low-severity events', async () => {
    const trail = new AuditTrail({
      logger: mockServices.logger.mock(),
      redactor: new Redactor(),
    });
    const written: AuditEventRecord[] = [];
    trail.setWriter(async records => {
      written.push(...records);
    });
    const notAllowed = Object.assign(new Error('no'), {
      name: 'NotAllowedError',
    });
    await trail.record({
      event: event(1, { severityLevel: 'low', eventId: 'entity-fetch' }),
    });
    await trail.record({
      event: event(2, {
        severityLevel: 'low',
        status: 'failed',
        error: notAllowed,
      } as any),
    });
    expect(written.map(r => `${r.meta?.entityRef} ${r.outcome}`)).toEqual([
      'component:default/c2 denied',
    ]);
  });

  it('group-commits concurrent events: one write in flight, the rest share the next', async () => {
    const trail = new AuditTrail({
      logger: mockServices.logger.mock(),
      redactor: new Redactor(),
      concurrentWrites: 1,
    });
    const batches: number[] = [];
    const gates: Array<ReturnType<typeof deferred>> = [];
    trail.setWriter(async records => {
      batches.push(records.length);
      const gate = deferred();
      gates.push(gate);
      await gate.promise;
    });
    const first = track(trail.record({ event: event(0) }));
    await waitUntil(() => gates.length === 1);
    const rest = Array.from({ length: 20 }, (_, i) =>
      trail.record({ event: event(i + 1) }),
    );
    const restStates = rest.map(track);
    await waitUntil(() => trail.stats().waiting === 20);
    expect(first.settled).toBe(false);
    gates[0].resolve();
    await waitUntil(() => gates.length === 2);
    expect(first).toEqual({ settled: true });
    // none of the 20 is acknowledged before its shared write committed
    expect(restStates.some(s => s.settled)).toBe(false);
    gates[1].resolve();
    await Promise.all(rest);
    expect(batches).toEqual([1, 20]);
    expect(trail.stats()).toMatchObject({ stored: 21, commits: 2 });
  });

  it('retries a failing write within the timeout, then succeeds', async () => {
    const logger = mockServices.logger.mock();
    const trail = new AuditTrail({
      logger,
      redactor: new Redactor(),
      retryDelaysMs: { initial: 5, max: 20 },
      storeTimeoutMs: 5_000,
    });
    let attempts = 0;
    trail.setWriter(async () => {
      attempts++;
      if (attempts < 3) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
    });
    await trail.record({ event: event(1) });
    expect(attempts).toBe(3);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('retrying in'),
    );
  });

  it('fails the callers of a write that hangs at the deadline, and keeps nothing', async () => {
    const trail = new AuditTrail({
      logger: mockServices.logger.mock(),
      redactor: new Redactor(),
      storeTimeoutMs: 200,
      concurrentWrites: 1,
    });
    const hang = deferred();
    trail.setWriter(() => hang.promise);
    const first = trail.record({ event: event(1) });
    await waitUntil(() => trail.stats().writing === 1);
    // waits for a slot the hung write holds: failed at its own deadline
    const second = trail.record({ event: event(2) });
    await expect(first).rejects.toThrow(/did not accept it in time/);
    await expect(second).rejects.toThrow(/no database write could be started/);
    expect(trail.stats()).toMatchObject({ waiting: 0, failed: 2, stored: 0 });
    hang.resolve();
    await trail.flush();
  });

  it('fails events when the audit plugin never attaches a writer', async () => {
    const trail = new AuditTrail({
      logger: mockServices.logger.mock(),
      redactor: new Redactor(),
      startupTimeoutMs: 100,
    });
    await expect(trail.record({ event: event(1) })).rejects.toThrow(
      /the audit plugin did not start within 100 ms/,
    );
  });

  it('redacts events for log lines, including error messages and stacks', () => {
    const trail = new AuditTrail({
      logger: mockServices.logger.mock(),
      redactor: new Redactor(['configured-secret']),
    });
    const error = new Error('failed with configured-secret');
    const safe = trail.redactEvent({
      ...event(1),
      request: { method: 'GET', url: '/x?token=abc' },
      status: 'failed',
      error,
    } as AuditorEvent);
    expect(safe.request?.url).toBe('/x?token=%5BREDACTED%5D');
    expect((safe as { error: Error }).error.message).toBe(
      'failed with [REDACTED]',
    );
    expect((safe as { error: Error }).error.stack).not.toContain(
      'configured-secret',
    );
  });
});

describe('TrailAuditorService on PostgreSQL', () => {
  const databases = testDatabases(['POSTGRES_15']);

  async function setup(options: { storeTimeoutMs?: number } = {}) {
    const knex = await databases.init('POSTGRES_15');
    const store = await AuditStore.create({
      getClient: async () => knex,
      migrations: { skip: false },
    });
    const port = await findFreePort();
    const deadKnex = knexFactory({
      client: 'pg',
      connection: `postgresql://postgres@127.0.0.1:${port}/audit`,
      pool: { min: 0, max: 2 },
      acquireConnectionTimeout: 2_000,
      log: { warn() {}, error() {}, debug() {}, deprecate() {} },
    });
    const deadStore = new AuditStore(deadKnex);
    const database = { down: false };
    const logger = mockServices.logger.mock();
    const trail = new AuditTrail({
      logger,
      redactor: new Redactor(),
      storeTimeoutMs: options.storeTimeoutMs,
    });
    trail.setWriter(records =>
      (database.down ? deadStore : store).insert(records),
    );
    const auditor = new TrailAuditorService({
      pluginId: 'catalog',
      auth: mockServices.auth(),
      httpAuth: mockServices.httpAuth(),
      publisher: new AuditPublisher({
        logger,
        trail,
        levels: {
          low: 'debug',
          medium: 'info',
          high: 'info',
          critical: 'info',
        },
      }),
    });
    const rows = async () =>
      (await knex('audit_events').select('record')).map(
        row => JSON.parse(row.record) as AuditEventRecord,
      );
    return { knex, deadKnex, trail, auditor, database, logger, rows };
  }

  it('success() does not resolve while the INSERT is blocked in the database', async () => {
    const { knex, deadKnex, auditor, rows } = await setup();
    try {
      const auditorEvent = await auditor.createEvent({
        eventId: 'entity-mutate',
        severityLevel: 'medium',
        meta: { actionType: 'delete', entityRef: 'component:default/a' },
      });
      expect((await rows()).map(r => r.status)).toEqual(['initiated']);

      // Another transaction locks the table: the audit INSERT waits on it.
      const locker = await knex.transaction();
      try {
        await locker.raw('LOCK TABLE audit_events IN EXCLUSIVE MODE');
        const success = auditorEvent.success();
        const state = track(success);
        await waitUntil(async () => {
          const { rows: waiting } = await knex.raw(
            `SELECT count(*)::int AS n FROM pg_stat_activity
              WHERE wait_event_type = 'Lock' AND query ILIKE 'insert into "audit_events"%'`,
          );
          return waiting[0].n > 0;
        });
        expect(state.settled).toBe(false);
        await locker.commit();
        await success;
      } finally {
        if (!locker.isCompleted()) await locker.rollback();
      }
      expect((await rows()).map(r => r.status).sort()).toEqual([
        'initiated',
        'succeeded',
      ]);
    } finally {
      await deadKnex.destroy();
    }
  });

  it('rejects success(), fail() and createEvent() clearly while the database stays down', async () => {
    const { deadKnex, auditor, database, logger, trail, rows } = await setup({
      storeTimeoutMs: 800,
    });
    try {
      const auditorEvent = await auditor.createEvent({
        eventId: 'entity-mutate',
        severityLevel: 'medium',
        meta: { actionType: 'refresh', entityRef: 'component:default/a' },
      });
      database.down = true;
      const started = Date.now();
      const success = auditorEvent.success();
      await expect(success).rejects.toThrow(AuditRecordNotStoredError);
      await expect(success).rejects.toMatchObject({
        name: 'ServiceUnavailableError',
        message: expect.stringMatching(
          /^Audit record not stored: the audit database did not accept it in time \(\d+ attempts, audit.store.timeout 800 ms\); the audited action is not confirmed/,
        ),
      });
      // retried for the timeout, not for ever
      expect(Date.now() - started).toBeGreaterThanOrEqual(600);
      expect(Date.now() - started).toBeLessThan(5_000);
      await expect(
        auditorEvent.fail({ error: new Error('refresh broke') }),
      ).rejects.toThrow(/Audit record not stored/);
      await expect(
        auditor.createEvent({
          eventId: 'entity-mutate',
          severityLevel: 'high',
        }),
      ).rejects.toThrow(/Audit record not stored/);
      expect(logger.error).toHaveBeenCalledWith(
        expect.stringMatching(/ECONNREFUSED/),
      );
      expect(trail.stats()).toMatchObject({ waiting: 0, failed: 3 });

      // back up: recorded again, and nothing from the outage slipped in
      database.down = false;
      const later = await auditor.createEvent({
        eventId: 'entity-mutate',
        severityLevel: 'medium',
      });
      await later.success();
      expect((await rows()).map(r => r.status).sort()).toEqual([
        'initiated',
        'initiated',
        'succeeded',
      ]);
    } finally {
      await deadKnex.destroy();
    }
  });
});
