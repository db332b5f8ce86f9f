import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { createConfigSecretEnumerator } from '@backstage/backend-defaults/rootConfig';
import type { AuditorEvent } from '@backstage/backend-defaults/auditor';
import type { AuditEventRecord } from '@internal/backstage-plugin-audit-common';
import { Redactor } from './redact';
import { CapturedEvent, outcomeOf, toRecord } from './toRecord';

/** Stores a batch of records; throws when they were not stored. */
export type AuditRecordWriter = (records: AuditEventRecord[]) => Promise<void>;

const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
type Severity = (typeof SEVERITIES)[number];

/**
 * The process-wide collector of audit events (root scope): every plugin's
 * auditor hands its events here, already redacted; the audit plugin attaches
 * the writer that stores them in its database.
 *
 * Events wait in a bounded in-memory queue until stored. While the writer
 * fails (database down) the batch is retried with backoff (1 s doubling to
 * 60 s); when more than `audit.queue.maxEvents` events are waiting, the
 * oldest are dropped and counted in an error log line (at most one a
 * minute). Events still queued
 * when the process dies are lost from the store (they are in the audit log
 * lines the auditor also writes).
 *
 * @public
 */
export interface AuditTrailService {
  /**
   * Resolves once the configured secret values are known (a few seconds
   * after startup); redact only after that.
   */
  ready(): Promise<void>;
  /** The event with secrets removed, for log lines. */
  redactEvent(event: AuditorEvent): AuditorEvent;
  /** Queues an event for storage (if it passes the severity filter); never throws. */
  capture(captured: CapturedEvent): void;
  /** Installs the writer; queued events are written at once. */
  setWriter(writer: AuditRecordWriter): void;
  /** Writes what is queued now; resolves when done or when the writer fails. */
  flush(): Promise<void>;
  /** Queue figures, for tests and diagnostics. */
  stats(): { queued: number; dropped: number; stored: number };
}

export interface AuditTrailOptions {
  logger: LoggerService;
  redactor: Redactor;
  /**
   * Resolves when the redactor knows the configured secret values; events
   * are turned into records (and stored) only after that.
   */
  redactorReady?: Promise<void>;
  /** Events below this severity are only logged, not stored (denials always are). */
  minSeverity?: Severity;
  maxQueued?: number;
  batchSize?: number;
  retryDelaysMs?: { initial: number; max: number };
}

/** The in-memory implementation of {@link AuditTrailService}. */
export class AuditTrail implements AuditTrailService {
  readonly #logger: LoggerService;
  readonly #redactor: Redactor;
  readonly #minSeverity: number;
  readonly #maxQueued: number;
  readonly #batchSize: number;
  readonly #retry: { initial: number; max: number };
  readonly #redactorReady: Promise<void>;
  #queue: CapturedEvent[] = [];
  #writer: AuditRecordWriter | undefined;
  #flushing: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #delayMs: number;
  #dropped = 0;
  #droppedReported = 0;
  #droppedReportedAt = 0;
  #stored = 0;

  constructor(options: AuditTrailOptions) {
    this.#logger = options.logger;
    this.#redactor = options.redactor;
    this.#minSeverity = SEVERITIES.indexOf(options.minSeverity ?? 'medium');
    this.#maxQueued = options.maxQueued ?? 10_000;
    this.#batchSize = options.batchSize ?? 200;
    this.#retry = options.retryDelaysMs ?? { initial: 1_000, max: 60_000 };
    this.#delayMs = this.#retry.initial;
    this.#redactorReady = options.redactorReady ?? Promise.resolve();
  }

  ready(): Promise<void> {
    return this.#redactorReady;
  }

  redactEvent(event: AuditorEvent): AuditorEvent {
    const redacted: AuditorEvent = {
      ...event,
      actor: this.#redactor.redactValue(event.actor),
      meta: event.meta ? this.#redactor.redactValue(event.meta) : undefined,
      request: event.request
        ? {
            method: event.request.method,
            url: this.#redactor.redactUrl(event.request.url),
          }
        : undefined,
    };
    if (event.status === 'failed') {
      const original = event.error as Error | undefined;
      const error = new Error(
        this.#redactor.redactString(original?.message ?? String(original)),
      );
      error.name = original?.name ?? 'Error';
      error.stack = original?.stack
        ? this.#redactor.redactString(original.stack)
        : undefined;
      return { ...redacted, status: 'failed', error };
    }
    return redacted;
  }

  capture(captured: CapturedEvent): void {
    try {
      const severity = SEVERITIES.indexOf(captured.event.severityLevel);
      if (
        severity < this.#minSeverity &&
        outcomeOf(captured.event) !== 'denied'
      ) {
        return;
      }
      this.#queue.push({
        ...captured,
        occurredAt: captured.occurredAt ?? new Date(),
      });
      this.#trim();
      this.#schedule(0);
    } catch (error) {
      this.#logger.error(`Audit event could not be recorded: ${error}`);
    }
  }

  setWriter(writer: AuditRecordWriter): void {
    this.#writer = writer;
    this.#schedule(0);
  }

  stats() {
    return {
      queued: this.#queue.length,
      dropped: this.#dropped,
      stored: this.#stored,
    };
  }

  async flush(): Promise<void> {
    while (this.#flushing) {
      await this.#flushing;
    }
    if (!this.#writer || this.#queue.length === 0) {
      return;
    }
    this.#flushing = this.#drain(this.#writer).finally(() => {
      this.#flushing = undefined;
    });
    await this.#flushing;
  }

  async #drain(writer: AuditRecordWriter) {
    await this.#redactorReady;
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.#batchSize);
      try {
        await writer(batch.map(captured => toRecord(captured, this.#redactor)));
        this.#stored += batch.length;
        this.#delayMs = this.#retry.initial;
      } catch (error) {
        this.#queue.unshift(...batch);
        this.#trim();
        this.#logger.error(
          `Could not store ${batch.length} audit events, retrying in ${
            this.#delayMs
          } ms (${this.#queue.length} queued, at most ${
            this.#maxQueued
          }; the oldest are dropped beyond that): ${error}`,
        );
        this.#schedule(this.#delayMs);
        this.#delayMs = Math.min(this.#delayMs * 2, this.#retry.max);
        return;
      }
    }
  }

  #trim() {
    const excess = this.#queue.length - this.#maxQueued;
    if (excess > 0) {
      this.#queue.splice(0, excess);
      this.#dropped += excess;
    }
    // One error line per minute at most while events are being dropped.
    const now = Date.now();
    if (
      this.#dropped > this.#droppedReported &&
      now - this.#droppedReportedAt >= 60_000
    ) {
      this.#droppedReportedAt = now;
      this.#logger.error(
        `Audit queue full (${
          this.#maxQueued
        } events, audit.queue.maxEvents): dropped ${
          this.#dropped - this.#droppedReported
        } oldest unstored audit events (${this.#dropped} since start)`,
      );
      this.#droppedReported = this.#dropped;
    }
  }

  #schedule(delayMs: number) {
    if (this.#timer || !this.#writer) {
      return;
    }
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.flush().catch(error =>
        this.#logger.error(`Audit flush failed: ${error}`),
      );
    }, delayMs);
    this.#timer.unref?.();
  }
}

function readMinSeverity(config: RootConfigService): Severity {
  const value = config.getOptionalString('audit.minSeverity') ?? 'medium';
  if (!(SEVERITIES as readonly string[]).includes(value)) {
    throw new Error(
      `audit.minSeverity must be one of ${SEVERITIES.join(
        ', ',
      )}, got '${value}'`,
    );
  }
  return value as Severity;
}

function readMaxQueued(config: RootConfigService): number {
  const value = config.getOptionalNumber('audit.queue.maxEvents') ?? 10_000;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new Error(
      `audit.queue.maxEvents must be a positive integer, got ${value}`,
    );
  }
  return value;
}

/**
 * The audit trail collector, one per backend process.
 *
 * @public
 */
export const auditTrailServiceRef = createServiceRef<AuditTrailService>({
  id: 'acme.audit.trail',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        rootLogger: coreServices.rootLogger,
      },
      async factory({ config, rootLogger }) {
        const logger = rootLogger.child({ service: 'audit-trail' });
        // The same enumeration the root logger uses to redact config secrets
        // (every value declared `@visibility secret` in a config schema). It
        // reads every package's config schema (seconds), so it runs in the
        // background: records are stored once it is done; log lines are
        // redacted by the root logger meanwhile.
        const redactor = new Redactor();
        const redactorReady = createConfigSecretEnumerator({ logger })
          .then(enumerate => {
            redactor.setSecretValues(enumerate(config));
            config.subscribe?.(() =>
              redactor.setSecretValues(enumerate(config)),
            );
          })
          .catch(error =>
            logger.error(
              `Could not list the config secrets to redact from audit records (secret-looking keys are still redacted): ${error}`,
            ),
          );
        return new AuditTrail({
          logger,
          redactor,
          redactorReady,
          minSeverity: readMinSeverity(config),
          maxQueued: readMaxQueued(config),
        });
      },
    }),
});
