import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type { AuditEventRecord } from '@internal/backstage-plugin-audit-common';
import { createHash } from 'node:crypto';
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/** Somewhere audit records are forwarded to as JSON lines. */
export interface AuditSink {
  /** For log lines: where records go (no credentials). */
  readonly description: string;
  /** Delivers the records; throws when they were not accepted. */
  send(records: AuditEventRecord[]): Promise<void>;
}

/**
 * The idempotency key of a batch: a hash of its record ids in order. A
 * retried POST of the same batch carries the same key; each record's own key
 * is its `id`.
 */
export function batchIdempotencyKey(records: AuditEventRecord[]): string {
  const hash = createHash('sha256');
  for (const record of records) {
    hash.update(record.id).update('\n');
  }
  return hash.digest('base64url');
}

/** One JSON object per line, each line ending in `\n`. */
export function toJsonLines(records: AuditEventRecord[]): string {
  return records.map(record => `${JSON.stringify(record)}\n`).join('');
}

/** Appends JSON lines to a file (created with its directory if missing). */
export class FileSink implements AuditSink {
  readonly description: string;

  constructor(private readonly path: string) {
    this.description = `file ${path}`;
  }

  async send(records: AuditEventRecord[]): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    // One write per batch: lines of a batch are never interleaved with
    // another writer's lines.
    await appendFile(this.path, toJsonLines(records), 'utf8');
  }
}

export interface HttpSinkOptions {
  url: string;
  headers?: Record<string, string>;
  /** Per request. */
  timeoutMs?: number;
  /** Attempts per batch before giving up until the next run. */
  maxAttempts?: number;
  /** Delay before the 2nd attempt; doubles each time. */
  initialBackoffMs?: number;
  logger: LoggerService;
}

function sleep(ms: number) {
  return new Promise(done => setTimeout(done, ms));
}

/** An HTTP status worth retrying: server errors, 408 and 429. */
function isRetryable(status: number) {
  return status >= 500 || status === 408 || status === 429;
}

/**
 * POSTs each batch as `application/x-ndjson` to a SIEM's HTTP collector.
 * Delivery is at least once: every line carries its record's `id` (a UUID
 * fixed when the event was recorded), which the SIEM de-duplicates on; the
 * `Idempotency-Key` header identifies the batch (the same on every retry of
 * it), for collectors that drop repeated requests.
 * Network errors, timeouts, 5xx, 408 and 429 are retried with exponential
 * backoff; other answers fail the batch at once (a 4xx will not heal by
 * itself). A failed batch stays pending in the database and is sent again on
 * the next run, so a SIEM outage delays records but loses none.
 */
export class HttpSink implements AuditSink {
  readonly description: string;
  readonly #options: Required<Omit<HttpSinkOptions, 'headers'>> & {
    headers: Record<string, string>;
  };

  constructor(options: HttpSinkOptions) {
    const url = new URL(options.url);
    this.description = `${url.origin}${url.pathname}`;
    this.#options = {
      url: options.url,
      logger: options.logger,
      headers: options.headers ?? {},
      timeoutMs: options.timeoutMs ?? 10_000,
      maxAttempts: options.maxAttempts ?? 4,
      initialBackoffMs: options.initialBackoffMs ?? 1_000,
    };
  }

  async send(records: AuditEventRecord[]): Promise<void> {
    const { url, headers, timeoutMs, maxAttempts, initialBackoffMs, logger } =
      this.#options;
    const body = toJsonLines(records);
    const idempotencyKey = batchIdempotencyKey(records);
    let delay = initialBackoffMs;
    for (let attempt = 1; ; attempt++) {
      let problem: string;
      let retryable: boolean;
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: {
            ...headers,
            'content-type': 'application/x-ndjson',
            'idempotency-key': idempotencyKey,
          },
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        if (response.ok) {
          await response.arrayBuffer().catch(() => undefined);
          return;
        }
        const text = (await response.text().catch(() => '')).slice(0, 200);
        problem = `HTTP ${response.status} ${response.statusText}${
          text ? `: ${text}` : ''
        }`;
        retryable = isRetryable(response.status);
      } catch (error) {
        problem = `${(error as Error).name}: ${(error as Error).message}`;
        retryable = true;
      }
      if (!retryable || attempt >= maxAttempts) {
        throw new Error(
          `audit sink ${this.description} did not accept ${
            records.length
          } records after ${attempt} attempt${
            attempt === 1 ? '' : 's'
          }: ${problem}`,
        );
      }
      logger.warn(
        `audit sink ${this.description}: attempt ${attempt} of ${maxAttempts} failed (${problem}); retrying in ${delay} ms`,
      );
      await sleep(delay);
      delay *= 2;
    }
  }
}

/**
 * The sink from `audit.sink`: `file` (a path, relative to the working
 * directory) or `http` (url, optional headers); undefined when neither is set.
 */
export function readSinkFromConfig(
  config: Config,
  logger: LoggerService,
): AuditSink | undefined {
  const sink = config.getOptionalConfig('audit.sink');
  if (!sink) {
    return undefined;
  }
  const file = sink.getOptionalConfig('file');
  const http = sink.getOptionalConfig('http');
  if (file && http) {
    throw new InputError('audit.sink: configure either file or http, not both');
  }
  if (file) {
    return new FileSink(resolve(file.getString('path')));
  }
  if (http) {
    const url = http.getOptionalString('url');
    if (!url) {
      // e.g. `url: ${AUDIT_SIEM_URL}` with the variable unset
      logger.warn(
        'audit.sink.http has no url: audit records are stored but not forwarded',
      );
      return undefined;
    }
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new InputError(`audit.sink.http.url is not a URL: '${url}'`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new InputError(
        `audit.sink.http.url must be http(s), got '${parsed.protocol}'`,
      );
    }
    const headersConfig = http.getOptionalConfig('headers');
    const headers: Record<string, string> = {};
    for (const key of headersConfig?.keys() ?? []) {
      headers[key] = headersConfig!.getString(key);
    }
    return new HttpSink({
      url,
      headers,
      timeoutMs: http.getOptionalNumber('timeoutMs'),
      maxAttempts: http.getOptionalNumber('maxAttempts'),
      logger,
    });
  }
  return undefined;
}
