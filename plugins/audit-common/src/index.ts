/**
 * Types and the permission shared by the audit trail's backend and frontend.
 *
 * @packageDocumentation
 */

import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Reading the stored audit trail (`GET /api/audit/events`). A basic
 * permission: the policy decides per user, e.g. only the platform admins.
 *
 * @public
 */
export const auditEventsReadPermission = createPermission({
  name: 'audit.events.read',
  attributes: { action: 'read' },
});

/**
 * Every permission of the audit plugin.
 *
 * @public
 */
export const auditPermissions = [auditEventsReadPermission];

/**
 * How a recorded action ended.
 *
 * - `allowed`: the action succeeded.
 * - `denied`: refused by a permission decision (NotAllowedError / 403).
 * - `failed`: it failed for another reason (bad input, error while running).
 * - `started`: the action began (the auditor's `initiated` phase); its end
 *   is a separate record with the same `correlationId`.
 *
 * @public
 */
export type AuditOutcome = 'allowed' | 'denied' | 'failed' | 'started';

/**
 * One stored audit record, as returned by the audit API and written to the
 * JSON lines sink.
 *
 * @public
 */
export interface AuditEventRecord {
  /**
   * Unique id of this record (a UUID), fixed when the event is recorded: the
   * idempotency key. Forwarding is at least once and a record sent again is
   * identical, so a SIEM de-duplicates on `id`.
   */
  id: string;
  /** Shared by the `initiated` record and its `succeeded`/`failed` record. */
  correlationId: string;
  /** When the event happened, ISO 8601 (UTC). */
  occurredAt: string;
  /** The plugin that emitted the event, e.g. `catalog`. */
  plugin: string;
  /** The auditor event id, e.g. `entity-mutate`. */
  eventId: string;
  /**
   * `<plugin>.<eventId>` plus the kind of operation when the plugin tells it
   * (`actionType` / `queryType` in the event), e.g.
   * `catalog.entity-mutate.refresh`, `scaffolder.task.execution`.
   */
  action: string;
  severityLevel: 'low' | 'medium' | 'high' | 'critical';
  /** The auditor's phase. */
  status: 'initiated' | 'succeeded' | 'failed';
  outcome: AuditOutcome;
  /** Who did it. */
  actor: {
    /** A user entity ref (`user:default/jane`) or a service (`plugin:catalog`). */
    actorId?: string;
    /** The service that acted on the user's behalf, when `actorId` is the user. */
    via?: string;
    ip?: string;
    hostname?: string;
    userAgent?: string;
  };
  /** Entities (and location targets, `url:...`) the event is about, lower case. */
  entityRefs: string[];
  request?: { method: string; url: string };
  /** The event's details, with secrets replaced by `[REDACTED]`. */
  meta?: { [key: string]: unknown };
  /** Why it failed, for `failed` events (redacted like `meta`). */
  error?: { name: string; message: string };
}

/**
 * A page of audit records, newest first.
 *
 * @public
 */
export interface AuditEventsPage {
  items: AuditEventRecord[];
  /** Pass as `cursor` to get the next (older) page; absent on the last page. */
  nextCursor?: string;
}

/**
 * The query of `GET /api/audit/events`: filters of the audit trail, all
 * optional, combined with AND, and the page.
 *
 * @public
 */
export interface AuditEventFilter {
  /** A user entity ref (`user:default/jane`) or a service (`plugin:catalog`). */
  actor?: string;
  /** An action or a prefix of it, e.g. `catalog` or `scaffolder.task`. */
  action?: string;
  /** An entity ref or a location target (`url:https://...`). */
  entity?: string;
  outcome?: AuditOutcome;
  /** ISO 8601, inclusive. */
  from?: string;
  /** ISO 8601, exclusive. */
  to?: string;
  limit?: number;
  /** From the previous page's `nextCursor`. */
  cursor?: string;
}
