import { randomUUID } from 'node:crypto';
import type { AuditorEvent } from '@backstage/backend-defaults/auditor';
import type {
  AuditEventRecord,
  AuditOutcome,
} from '@internal/backstage-plugin-audit-common';
import { Redactor } from './redact';

/** An auditor event plus what the audit trail adds before storing it. */
export interface CapturedEvent {
  event: AuditorEvent;
  /** When it happened (defaults to now). */
  occurredAt?: Date;
  /** Links an `initiated` event to its `succeeded`/`failed` event. */
  correlationId?: string;
  /** Entities resolved from ids in the event (e.g. an entity uid). */
  entityRefs?: string[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The outcome of an auditor event. Denials are failed events whose error is
 * a NotAllowedError (what `permissions.authorize` DENY turns into in every
 * Backstage plugin, and what our permission service wrapper records).
 */
export function outcomeOf(event: AuditorEvent): AuditOutcome {
  if (event.status === 'initiated') {
    return 'started';
  }
  if (event.status === 'succeeded') {
    return 'allowed';
  }
  const error = event.error as (Error & { statusCode?: number }) | undefined;
  if (error?.name === 'NotAllowedError' || error?.statusCode === 403) {
    return 'denied';
  }
  return 'failed';
}

function normalizeRef(value: string): string {
  return value.trim().toLocaleLowerCase('en-US');
}

/**
 * The entities an event is about, from the fields Backstage plugins put in
 * their auditor meta: `entityRef` (catalog refresh, fetch), `templateRef`
 * (scaffolder), `resourceRef` (permission decisions), `location.target`
 * (catalog register, recorded as `<type>:<target>`).
 */
export function entityRefsOf(meta: unknown): string[] {
  if (!isObject(meta)) {
    return [];
  }
  const refs = new Set<string>();
  for (const key of ['entityRef', 'templateRef', 'resourceRef']) {
    const value = meta[key];
    if (typeof value === 'string' && value.length > 0) {
      refs.add(normalizeRef(value));
    }
  }
  if (Array.isArray(meta.entityRefs)) {
    for (const value of meta.entityRefs) {
      if (typeof value === 'string') {
        refs.add(normalizeRef(value));
      }
    }
  }
  const location = meta.location;
  if (
    isObject(location) &&
    typeof location.type === 'string' &&
    typeof location.target === 'string'
  ) {
    refs.add(`${location.type}:${location.target}`.toLocaleLowerCase('en-US'));
  }
  return [...refs];
}

/**
 * A redacted, storable record of an auditor event. The scaffolder runs tasks
 * as itself (`plugin:scaffolder`) and names the user in `meta.createdBy`:
 * then the user is the actor and the service is recorded as `via`.
 */
export function toRecord(
  captured: CapturedEvent,
  redactor: Redactor,
): AuditEventRecord {
  const { event } = captured;
  const meta = event.meta ? redactor.redactValue(event.meta) : undefined;
  let kind: string | undefined;
  if (isObject(meta) && typeof meta.actionType === 'string') {
    kind = meta.actionType;
  } else if (isObject(meta) && typeof meta.queryType === 'string') {
    kind = meta.queryType;
  }

  const actor: AuditEventRecord['actor'] = {};
  const createdBy = isObject(meta) ? meta.createdBy : undefined;
  if (
    typeof createdBy === 'string' &&
    createdBy.startsWith('user:') &&
    event.actor.actorId !== createdBy
  ) {
    actor.actorId = createdBy;
    if (event.actor.actorId) {
      actor.via = event.actor.actorId;
    }
  } else if (event.actor.actorId) {
    actor.actorId = event.actor.actorId;
  }
  if (event.actor.ip) actor.ip = event.actor.ip;
  if (event.actor.hostname) actor.hostname = event.actor.hostname;
  if (event.actor.userAgent) {
    actor.userAgent = redactor.redactString(event.actor.userAgent);
  }

  const record: AuditEventRecord = {
    id: randomUUID(),
    correlationId: captured.correlationId ?? randomUUID(),
    occurredAt: (captured.occurredAt ?? new Date()).toISOString(),
    plugin: event.plugin,
    eventId: event.eventId,
    action: kind
      ? `${event.plugin}.${event.eventId}.${kind}`
      : `${event.plugin}.${event.eventId}`,
    severityLevel: event.severityLevel,
    status: event.status,
    outcome: outcomeOf(event),
    actor,
    entityRefs: [
      ...new Set([
        ...entityRefsOf(meta),
        ...(captured.entityRefs ?? []).map(normalizeRef),
      ]),
    ],
  };
  if (event.request) {
    record.request = {
      method: event.request.method,
      url: redactor.redactUrl(event.request.url),
    };
  }
  if (isObject(meta)) {
    record.meta = meta;
  }
  if (event.status === 'failed') {
    const error = event.error as Error | undefined;
    record.error = {
      name: error?.name ?? 'Error',
      message: redactor.redactString(error?.message ?? String(error)),
    };
  }
  return record;
}
