import { mockServices } from '@backstage/backend-test-utils';
import type { AuditorEvent } from '@backstage/backend-defaults/auditor';
import type { AuditEventRecord } from '@internal/backstage-plugin-audit-common';
import { AuditTrail } from './AuditTrailService';
import { Redactor } from './redact';

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

async function waitUntil(check: () => boolean, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise(r => setTimeout(r, 5));
  }
}

describe('AuditTrail', () => {
  it('writes captured events, redacted, once a writer is attached', async () => {
    const trail = new AuditTrail({
      logger: mockServices.logger.mock(),
      redactor: new Redactor(['configured-secret']),
    });
    trail.capture({
      event: event(1, {
        meta: {
          queryType: 'refresh',
          entityRef: 'component:default/c1',
          password: 'p',
          note: 'has configured-secret',
        },
      }),
    });
    const written: AuditEventRecord[] = [];
    trail.setWriter(async records => {
      written.push(...records);
    });
    await waitUntil(() => written.length === 1);
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
    trail.capture({
      event: event(1, { severityLevel: 'low', eventId: 'entity-fetch' }),
    });
    trail.capture({
      event: event(2, {
        severityLevel: 'low',
        status: 'failed',
        error: notAllowed,
      } as any),
    });
    await trail.flush();
    expect(written.map(r => `${r.meta?.entityRef} ${r.outcome}`)).toEqual([
      'component:default/c2 denied',
    ]);
  });

  it('keeps events while the database is down, retries with backoff, and drops the oldest beyond the bound', async () => {
    const logger = mockServices.logger.mock();
    const trail = new AuditTrail({
      logger,
      redactor: new Redactor(),
      maxQueued: 3,
      retryDelaysMs: { initial: 20, max: 40 },
    });
    let down = true;
    let attempts = 0;
    const written: AuditEventRecord[] = [];
    trail.setWriter(async records => {
      attempts++;
      if (down) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
      written.push(...records);
    });
    for (let n = 1; n <= 5; n++) {
      trail.capture({ event: event(n) });
    }
    await waitUntil(() => attempts >= 2);
    expect(written).toEqual([]);
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringContaining('Could not store'),
    );
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringContaining('dropped 1 oldest unstored audit events'),
    );
    expect(trail.stats()).toMatchObject({ queued: 3, dropped: 2, stored: 0 });

    down = false;
    await waitUntil(() => written.length === 3);
    expect(written.map(r => r.meta?.entityRef)).toEqual([
      'component:default/c3',
      'component:default/c4',
      'component:default/c5',
    ]);
    expect(trail.stats()).toMatchObject({ queued: 0, dropped: 2, stored: 3 });
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
