/*
 * What a GitHub ingestion run does when GitHub misbehaves. Upstream providers
 * run once per schedule tick and, on any error, log it and wait for the next
 * tick (hours later); the org provider does not retry 5xx at all. Here a run
 * is retried with exponential backoff (p-retry), each attempt bounded in
 * time, and the catalog connection refuses a "full" replacement that would
 * wipe a provider's entities because GitHub answered with nothing.
 *
 * An attempt that runs out of time is cancelled, not abandoned: its
 * AbortSignal aborts the GitHub requests it has in flight, its connection
 * refuses any further mutation, and the next attempt starts only once it has
 * stopped. So two attempts never read GitHub or write the catalog at once.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  EntityProvider,
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import pRetry from 'p-retry';
import { setTimeout as sleep } from 'node:timers/promises';

export interface RetryPolicy {
  /** Attempts per run, the first included. */
  attempts: number;
  /** Wait before the 2nd attempt; doubles after each failure. */
  initialBackoffMs: number;
  /** An attempt that has not finished by then is cancelled and counts as failed. */
  attemptTimeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  attempts: 4,
  initialBackoffMs: 2_000,
  attemptTimeoutMs: 10 * 60_000,
};

/**
 * Runs `fn` until it succeeds or the attempts are used up (then rethrows the
 * last error), waiting `initialBackoffMs`, then twice as long, ... in between. Each attempt gets a signal that is aborted when the attempt
 * runs out of time or `options.signal` is aborted; the attempt is awaited
 * until it has actually stopped before the next one starts.
 */
export async function runWithRetries(
  fn: (signal: AbortSignal, attempt: number) => Promise<void>,
  policy: RetryPolicy,
  logger: LoggerService,
  options: {
    onAttemptFailed?: (error: Error, attempt: number) => void | Promise<void>;
    /** Aborts the whole run (the scheduler's timeout, shutdown). */
    signal?: AbortSignal;
  } = {},
): Promise<void> {
  await pRetry(
    async attempt => {
      // Aborted without a reason of our own: fetch then rejects with an
      // AbortError, which Octokit rethrows as is instead of retrying it.
      const timeout = new AbortController();
      const timer = setTimeout(() => timeout.abort(), policy.attemptTimeoutMs);
      const signal = options.signal
        ? AbortSignal.any([timeout.signal, options.signal])
        : timeout.signal;
      try {
        await fn(signal, attempt);
      } catch (error) {
        if (!timeout.signal.aborted) throw error;
      } finally {
        clearTimeout(timer);
      }
      // Also when `fn` returned after the deadline: it was cancelled part-way.
      if (timeout.signal.aborted) {
        throw new Error(
          `attempt ${attempt} did not finish within ${policy.attemptTimeoutMs} ms`,
        );
      }
    },
    {
      retries: policy.attempts - 1,
      factor: 2,
      minTimeout: policy.initialBackoffMs,
      signal: options.signal,
      onFailedAttempt: async ({
        error,
        attemptNumber,
        retriesLeft,
        retryDelay,
      }) => {
        await options.onAttemptFailed?.(error, attemptNumber);
        // A rate-limited client that comes back before GitHub said it may
        // is refused again (and a secondary limit can turn into a ban), so
        // the next attempt waits at least as long as GitHub asked.
        const asked = rateLimitWaitMs(error);
        if (retriesLeft > 0 && asked !== undefined && asked > retryDelay) {
          logger.warn(
            `GitHub asked to wait ${Math.ceil(
              asked / 1000,
            )} s before the next request (${error.message}); attempt ${
              attemptNumber + 1
            } waits for it`,
          );
          await sleep(asked - retryDelay, undefined, {
            signal: options.signal,
          });
        }
      },
      // Called only when another attempt follows (not after the last one,
      // nor for a TypeError other than a network error: a bug, not GitHub).
      shouldRetry: ({ error, attemptNumber, retryDelay }) => {
        logger.warn(
          `attempt ${attemptNumber}/${policy.attempts} failed (${error.message}); the catalog keeps its entities; retrying in ${retryDelay} ms`,
        );
        return true;
      },
    },
  );
}

/**
 * How long GitHub asked the client to wait, from the error of a refused
 * request: `retry-after` (secondary rate limit, 403 or 429), else the reset
 * time of an exhausted primary limit (`x-ratelimit-remaining: 0`).
 */
export function rateLimitWaitMs(
  error: unknown,
  now: number = Date.now(),
): number | undefined {
  const { status, response } = error as {
    status?: number;
    response?: { headers?: Record<string, string | number | undefined> };
  };
  if (status !== 403 && status !== 429) return undefined;
  const headers = response?.headers ?? {};
  const retryAfter = Number(headers['retry-after']);
  if (headers['retry-after'] !== undefined && Number.isFinite(retryAfter)) {
    return Math.max(0, retryAfter * 1000);
  }
  const reset = Number(headers['x-ratelimit-reset']);
  if (String(headers['x-ratelimit-remaining']) === '0' && reset > 0) {
    return Math.max(0, reset * 1000 - now);
  }
  return undefined;
}

/**
 * Wraps an upstream provider so that every mutation it applies goes through
 * a guard first (counting entities, refusing wipes, refusing what a cancelled
 * attempt still tries to write).
 */
export class GuardedEntityProvider implements EntityProvider {
  readonly #connected: Promise<EntityProviderConnection>;
  #resolveConnected!: (connection: EntityProviderConnection) => void;
  /** The signal of the attempt in progress, if any. */
  #attempt?: AbortSignal;

  constructor(
    private readonly inner: EntityProvider,
    private readonly onFullMutation: (entityCount: number) => void,
  ) {
    this.#connected = new Promise(resolve => {
      this.#resolveConnected = resolve;
    });
  }

  getProviderName(): string {
    return this.inner.getProviderName();
  }

  /**
   * Resolves once the catalog has connected the provider (a scheduled run can
   * start before that).
   */
  async connected(): Promise<void> {
    await this.#connected;
  }

  /**
   * Runs one attempt. `fn` gets the guarded connection, which refuses every
   * mutation once `signal` is aborted; a "full" mutation the inner provider
   * applies through its own connection meanwhile is refused too.
   */
  async attempt(
    signal: AbortSignal,
    fn: (connection: EntityProviderConnection) => Promise<void>,
  ): Promise<void> {
    const connection = await this.#connected;
    this.#attempt = signal;
    try {
      await fn({
        refresh: options => connection.refresh(options),
        applyMutation: async mutation => {
          signal.throwIfAborted();
          await connection.applyMutation(mutation);
        },
      });
    } finally {
      this.#attempt = undefined;
    }
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    const providerName = this.getProviderName();
    const guarded: EntityProviderConnection = {
      refresh: options => connection.refresh(options),
      applyMutation: async (mutation: EntityProviderMutation) => {
        if (mutation.type === 'full') {
          this.#attempt?.throwIfAborted();
          if (mutation.entities.length === 0) {
            // Upstream would delete every entity of this provider here. An
            // organisation with no repositories (or no members) is far more
            // likely a token that lost access than reality.
            throw new Error(
              `${providerName}: GitHub returned nothing; refusing to replace the provider's entities with an empty set (check the token's access to the organisation)`,
            );
          }
          this.onFullMutation(mutation.entities.length);
        }
        await connection.applyMutation(mutation);
      },
    };
    await this.inner.connect(guarded);
    this.#resolveConnected(guarded);
  }
}
