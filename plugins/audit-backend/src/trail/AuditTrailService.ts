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
import { readDurationFromConfig } from '@backstage/config';
import { ServiceUnavailableError } from '@backstage/errors';
import { durationToMilliseconds } from '@backstage/types';
import { Redactor, trackConfigSecrets } from './redact';
import { CapturedEvent, outcomeOf, toRecord } from './toRecord';

/** Stores a batch of records; throws when they were not stored. */
export type AuditRecordWriter = (records: AuditEventRecord[]) => Promise<void>;

const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
type Severity = (typeof SEVERITIES)[number];

/**
 * Thrown (HTTP 503) by the auditor's `createEvent`, `success` and `fail` when
 * the event's record could not be committed to the audit database in time:
 * the action must not be reported as done.
 *
 * @public
 */
export class AuditRecordNotStoredError extends ServiceUnavailableError {}

/**
 * The process-wide collector of audit events (root scope): every plugin's
 * auditor hands its events here, already redacted; the audit plugin attaches
 * the writer that stores them in its database.
 *
 * Acknowledged means durable: {@link AuditTrailService.record} resolves only
 * once the event's row is committed. Concurrent events share a transaction
 * (group commit: while a write is in flight, new events gather into the next
 * one; a few writes may run at once). While the database fails, a batch is
 * retried with backoff (50 ms doubling to 1 s) until `audit.store.timeout`
 * (default 5 s) has passed since its oldest event was recorded; then every
 * caller of that batch gets an {@link AuditRecordNotStoredError} and nothing
 * is kept in memory. Nothing is ever dropped silently.
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
  /**
   * Stores an event (if it passes the severity filter). Resolves when its
   * record is committed to the database; rejects with
   * {@link AuditRecordNotStoredError} when that did not happen in time.
   */
  record(captured: CapturedEvent): Promise<void>;
  /** Installs the writer; events already waiting are written at once. */
  setWriter(writer: AuditRecordWriter): void;
  /** Resolves when no event is waiting or being written. */
  flush(): Promise<void>;
  /** Figures, for tests and diagnostics. */
  stats(): {
    /** Waiting for a write slot. */
    waiting: number;
    /** In writes that have not finished. */
    writing: number;
    stored: number;
    /** Callers told their event was not stored. */
    failed: number;
    /** Transactions that committed. */
    commits: number;
  };
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
  /**
   * How long an event may wait for its commit while the database fails
   * (default 5000 ms), counted from when it was recorded or, for events
   * recorded before the audit plugin started, from then.
   */
  storeTimeoutMs?: number;
  /** How long events wait for the audit plugin to start (default 120000 ms). */
  startupTimeoutMs?: number;
  /** Records per transaction at most (default 500). */
  batchSize?: number;
  /** Transactions in flight at once (default 2). */
  concurrentWrites?: number;
  retryDelaysMs?: { initial: number; max: number };
}

type Waiting = {
  record: AuditEventRecord;
  /** When its caller is told it was not stored. */
  deadline: number;
  resolve(): void;
  reject(error: Error): void;
};

function sleep(ms: number) {
  return new Promise<void>(done => setTimeout(done, ms));
}

/** The group-commit implementation of {@link AuditTrailService}. */
export class AuditTrail implements AuditTrailService {
  readonly #logger: LoggerService;
  readonly #redactor: Redactor;
  readonly #minSeverity: number;
  readonly #storeTimeoutMs: number;
  readonly #startupTimeoutMs: number;
  readonly #batchSize: number;
  readonly #concurrentWrites: number;
  readonly #retry: { initial: number; max: number };
  readonly #redactorReady: Promise<void>;
  #waiting: Waiting[] = [];
  #writing = 0;
  #writer: AuditRecordWriter | undefined;
  #expiryTimer: NodeJS.Timeout | undefined;
  #expiryAt: number | undefined;
  #idle: Array<() => void> = [];
  #stored = 0;
  #failed = 0;
  #commits = 0;

  constructor(options: AuditTrailOptions) {
    this.#logger = options.logger;
    this.#redactor = options.redactor;
    this.#minSeverity = SEVERITIES.indexOf(options.minSeverity ?? 'medium');
    this.#storeTimeoutMs = options.storeTimeoutMs ?? 5_000;
    this.#startupTimeoutMs = options.startupTimeoutMs ?? 120_000;
    this.#batchSize = options.batchSize ?? 500;
    this.#concurrentWrites = options.concurrentWrites ?? 2;
    this.#retry = options.retryDelaysMs ?? { initial: 50, max: 1_000 };
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

  async record(captured: CapturedEvent): Promise<void> {
    const severity = SEVERITIES.indexOf(captured.event.severityLevel);
    if (
      severity < this.#minSeverity &&
      outcomeOf(captured.event) !== 'denied'
    ) {
      return;
    }
    const occurredAt = captured.occurredAt ?? new Date();
    await this.#redactorReady;
    // The id is fixed here: a retried write of the same record is
    // recognised by the store and not stored twice.
    const record = toRecord({ ...captured, occurredAt }, this.#redactor);
    await new Promise<void>((resolve, reject) => {
      this.#waiting.push({
        record,
        deadline:
          Date.now() +
          (this.#writer ? this.#storeTimeoutMs : this.#startupTimeoutMs),
        resolve,
        reject,
      });
      this.#pump();
    });
  }

  setWriter(writer: AuditRecordWriter): void {
    this.#writer = writer;
    const deadline = Date.now() + this.#storeTimeoutMs;
    for (const waiting of this.#waiting) {
      waiting.deadline = deadline;
    }
    this.#pump();
  }

  stats() {
    return {
      waiting: this.#waiting.length,
      writing: this.#writing,
      stored: this.#stored,
      failed: this.#failed,
      commits: this.#commits,
    };
  }

  async flush(): Promise<void> {
    if (this.#waiting.length === 0 && this.#writing === 0) {
      return;
    }
    await new Promise<void>(resolve => this.#idle.push(resolve));
  }

  /** Starts writes while there are events waiting and free slots. */
  #pump() {
    const writer = this.#writer;
    while (
      writer &&
      this.#waiting.length > 0 &&
      this.#writing < this.#concurrentWrites
    ) {
      const batch = this.#waiting.splice(0, this.#batchSize);
      this.#writing++;
      void this.#write(writer, batch).finally(() => {
        this.#writing--;
        this.#pump();
      });
    }
    this.#armExpiry();
    if (this.#waiting.length === 0 && this.#writing === 0) {
      const idle = this.#idle;
      this.#idle = [];
      idle.forEach(resolve => resolve());
    }
  }

  /**
   * Writes one batch, retrying with backoff until its earliest deadline;
   * settles every caller of the batch. Resolves when the write attempt has
   * finished (the slot is free again), even if the callers were already told
   * it failed.
   */
  async #write(writer: AuditRecordWriter, batch: Waiting[]) {
    const records = batch.map(w => w.record);
    // the batch was taken from the front: its first event is due first
    const deadline = batch[0].deadline;
    let attempts = 0;
    let settled = false;
    const fail = (cause: unknown) => {
      if (settled) {
        return;
      }
      settled = true;
      this.#failed += batch.length;
      const error = new AuditRecordNotStoredError(
        `Audit record not stored: the audit database did not accept it in time (${attempts} attempt${
          attempts === 1 ? '' : 's'
        }, audit.store.timeout ${
          this.#storeTimeoutMs
        } ms); the audited action is not confirmed`,
        cause,
      );
      batch.forEach(w => w.reject(error));
      this.#logger.error(
        `${batch.length} audit event${
          batch.length === 1 ? '' : 's'
        } not stored; their actions were failed: ${cause}`,
      );
    };
    // A write that hangs (no connection to be had) fails its callers at the
    // deadline; the slot is held until the attempt itself ends.
    const timer = setTimeout(
      () => fail(new Error('timed out waiting for the database')),
      Math.max(0, deadline - Date.now()),
    );
    let delay = this.#retry.initial;
    try {
      for (;;) {
        attempts++;
        try {
          await writer(records);
        } catch (error) {
          if (settled || Date.now() + delay >= deadline) {
            fail(error);
            return;
          }
          this.#logger.warn(
            `Could not store ${batch.length} audit events (attempt ${attempts}), retrying in ${delay} ms: ${error}`,
          );
          await sleep(delay);
          delay = Math.min(delay * 2, this.#retry.max);
          continue;
        }
        this.#commits++;
        this.#stored += batch.length;
        if (settled) {
          this.#logger.warn(
            `${batch.length} audit events were stored after their callers had been told they were not`,
          );
        } else {
          settled = true;
          batch.forEach(w => w.resolve());
        }
        return;
      }
    } catch (error) {
      fail(error);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Fails waiting events whose deadline passed (no write slot came free in
   * time). Deadlines grow along the list, so only its head is looked at.
   */
  #armExpiry() {
    const next = this.#waiting[0]?.deadline;
    if (next === this.#expiryAt) {
      return;
    }
    clearTimeout(this.#expiryTimer);
    this.#expiryAt = next;
    if (next === undefined) {
      return;
    }
    this.#expiryTimer = setTimeout(() => {
      this.#expiryAt = undefined;
      const now = Date.now();
      let count = 0;
      while (
        count < this.#waiting.length &&
        this.#waiting[count].deadline <= now
      ) {
        count++;
      }
      const expired = this.#waiting.splice(0, count);
      if (expired.length > 0) {
        this.#failed += expired.length;
        const reason = this.#writer
          ? `no database write could be started within ${
              this.#storeTimeoutMs
            } ms (audit.store.timeout)`
          : `the audit plugin did not start within ${
              this.#startupTimeoutMs
            } ms`;
        const error = new AuditRecordNotStoredError(
          `Audit record not stored: ${reason}; the audited action is not confirmed`,
        );
        expired.forEach(w => w.reject(error));
        this.#logger.error(
          `${expired.length} audit events not stored (${reason}); their actions were failed`,
        );
      }
      this.#pump();
    }, Math.max(0, next - Date.now()));
    this.#expiryTimer.unref?.();
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

function readStoreTimeoutMs(config: RootConfigService): number {
  if (!config.has('audit.store.timeout')) {
    return 5_000;
  }
  const ms = durationToMilliseconds(
    readDurationFromConfig(config, { key: 'audit.store.timeout' }),
  );
  if (!(ms > 0)) {
    throw new Error(`audit.store.timeout must be a positive duration`);
  }
  return ms;
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
        const redactorReady = trackConfigSecrets({
          config,
          redactor,
          loadEnumerator: () => createConfigSecretEnumerator({ logger }),
          logger,
        }).catch(error =>
          logger.error(
            `Could not list the config secrets to redact from audit records (secret-looking keys are still redacted): ${error}`,
          ),
        );
        return new AuditTrail({
          logger,
          redactor,
          redactorReady,
          minSeverity: readMinSeverity(config),
          storeTimeoutMs: readStoreTimeoutMs(config),
        });
      },
    }),
});
