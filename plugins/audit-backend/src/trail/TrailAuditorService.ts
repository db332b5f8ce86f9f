import { randomUUID } from 'node:crypto';
import {
  AuditorService,
  AuditorServiceCreateEventOptions,
  AuditorServiceEvent,
  AuthService,
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { AuditorEvent } from '@backstage/backend-defaults/auditor';
import { ForwardedError } from '@backstage/errors';
import type { Request } from 'express';
import { AuditTrailService } from './AuditTrailService';

type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type SeverityLogLevels = Record<AuditorEvent['severityLevel'], LogLevel>;

/**
 * Writes an auditor event the way Backstage's default auditor does (a log
 * line `<plugin>.<eventId>` on the plugin logger with `isAuditEvent: true`),
 * but redacted, and stores it in the audit trail: `publish` resolves once
 * the record is committed to the audit database.
 */
export class AuditPublisher {
  readonly #auditLogger: LoggerService;

  constructor(
    private readonly options: {
      logger: LoggerService;
      trail: AuditTrailService;
      levels: SeverityLogLevels;
    },
  ) {
    this.#auditLogger = options.logger.child({ isAuditEvent: true });
  }

  async publish(
    event: AuditorEvent,
    extra: { correlationId?: string; entityRefs?: string[] } = {},
  ) {
    const { trail, levels } = this.options;
    // only waits during the first seconds after startup
    await trail.ready();
    const safe = trail.redactEvent(event);
    const message = `${safe.plugin}.${safe.eventId}`;
    const level = levels[safe.severityLevel] ?? 'info';
    try {
      const auditLogger = this.#auditLogger;
      if (safe.status === 'failed') {
        const { error, ...rest } = safe;
        auditLogger.child(rest as any)[level](message, error);
      } else {
        auditLogger[level](message, safe as any);
      }
    } catch {
      // a log transport failing must not fail the audited action
    }
    // Resolves once the record is committed; rejects (503) when it could
    // not be, which fails the caller's action instead of losing the record.
    await trail.record({ event, ...extra });
  }
}

/** Looks up the entities an event is about from ids in its meta. */
export type EntityResolver = (
  pluginId: string,
  options: AuditorServiceCreateEventOptions,
) => Promise<string[]>;

/**
 * The auditor service with Backstage's default behaviour (same actor
 * resolution, same log lines) whose events are also stored by the audit
 * plugin. Each `createEvent` gets a correlation id shared by its
 * `initiated` and `succeeded`/`failed` records, and the actor and entities
 * are resolved once, before the action runs (an entity being deleted is
 * still there); upstream resolves the actor again for each record.
 *
 * `createEvent`, `success` and `fail` resolve only once their record is
 * committed to the audit database (plugins await them before answering), and
 * reject with an `AuditRecordNotStoredError` (503) when it could not be.
 */
export class TrailAuditorService implements AuditorService {
  constructor(
    private readonly deps: {
      pluginId: string;
      auth: AuthService;
      httpAuth: HttpAuthService;
      publisher: AuditPublisher;
      resolveEntities?: EntityResolver;
    },
  ) {}

  async createEvent(
    options: AuditorServiceCreateEventOptions,
  ): Promise<AuditorServiceEvent> {
    const correlationId = randomUUID();
    const actorId = await this.#actorId(options.request);
    let entityRefs: string[] = [];
    if (this.deps.resolveEntities) {
      try {
        entityRefs = await this.deps.resolveEntities(
          this.deps.pluginId,
          options,
        );
      } catch {
        entityRefs = [];
      }
    }
    const extra = { correlationId, entityRefs, actorId };
    await this.#log({ ...options, status: 'initiated' }, extra);
    return {
      success: async params => {
        await this.#log(
          {
            ...options,
            meta: { ...options.meta, ...params?.meta },
            status: 'succeeded',
          },
          extra,
        );
      },
      fail: async params => {
        await this.#log(
          {
            ...options,
            meta: { ...options.meta, ...params?.meta },
            status: 'failed',
            error: params.error,
          },
          extra,
        );
      },
    };
  }

  async #log(
    options: AuditorServiceCreateEventOptions &
      (
        | { status: 'initiated' | 'succeeded' }
        | { status: 'failed'; error: Error }
      ),
    extra: {
      correlationId: string;
      entityRefs: string[];
      actorId: string | undefined;
    },
  ) {
    const { eventId, severityLevel = 'low', request, meta, ...rest } = options;
    const { actorId, ...captured } = extra;
    const event = {
      plugin: this.deps.pluginId,
      eventId,
      severityLevel,
      actor: {
        actorId,
        ip: request?.ip,
        hostname: request?.hostname,
        userAgent: request?.get('user-agent'),
      },
      request: request
        ? { url: request.originalUrl, method: request.method }
        : undefined,
      meta: Object.keys(meta ?? {}).length === 0 ? undefined : meta,
      ...rest,
    } as AuditorEvent;
    await this.deps.publisher.publish(event, captured);
  }

  async #actorId(request?: Request<any, any, any, any, any>) {
    const { auth, httpAuth } = this.deps;
    let credentials: BackstageCredentials =
      await auth.getOwnServiceCredentials();
    if (request) {
      try {
        credentials = await httpAuth.credentials(request);
      } catch (error) {
        throw new ForwardedError('Could not resolve credentials', error);
      }
    }
    if (auth.isPrincipal(credentials, 'user')) {
      return credentials.principal.userEntityRef;
    }
    if (auth.isPrincipal(credentials, 'service')) {
      return credentials.principal.subject;
    }
    return undefined;
  }
}
