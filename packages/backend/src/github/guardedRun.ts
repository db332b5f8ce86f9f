/*
 * What a GitHub ingestion run does when GitHub misbehaves. Upstream providers
 * run once per schedule tick and, on any error, log it and wait for the next
 * tick (hours later); the org provider does not retry 5xx at all. Here a run
 * is retried with exponential backoff, each attempt bounded in time, and the
 * catalog connection refuses a "full" replacement that would wipe a
 * provider's entities because GitHub answered with nothing.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  EntityProvider,
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';

export interface RetryPolicy {
  /** Attempts per run, the first included. */
  attempts: number;
  /** Wait before the 2nd attempt; doubles after each failure. */
  initialBackoffMs: number;
  /** An attempt that has not finished by then counts as failed. */
  attemptTimeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  attempts: 4,
  initialBackoffMs: 2_000,
  attemptTimeoutMs: 10 * 60_000,
};

/** Runs `fn` until it succeeds or the attempts are used up (then rethrows). */
export async function runWithRetries(
  fn: () => Promise<void>,
  policy: RetryPolicy,
  logger: LoggerService,
  onAttemptFailed?: (error: Error, attempt: number) => void,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        fn(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                new Error(
                  `attempt ${attempt} did not finish within ${policy.attemptTimeoutMs} ms`,
                ),
              ),
            policy.attemptTimeoutMs,
          );
        }),
      ]);
      return;
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      onAttemptFailed?.(error, attempt);
      if (attempt >= policy.attempts) throw error;
      const waitMs = policy.initialBackoffMs * 2 ** (attempt - 1);
      logger.warn(
        `attempt ${attempt}/${policy.attempts} failed (${error.message}); the catalog keeps its entities; retrying in ${waitMs} ms`,
      );
      await new Promise(r => setTimeout(r, waitMs));
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * Wraps an upstream provider so that every mutation it applies goes through
 * `guard` first (counting entities, refusing wipes).
 */
export class GuardedEntityProvider implements EntityProvider {
  readonly #connected: Promise<EntityProviderConnection>;
  #resolveConnected!: (connection: EntityProviderConnection) => void;

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
   * The guarded connection, once the catalog has connected the provider (a
   * scheduled run can start before that).
   */
  connection(): Promise<EntityProviderConnection> {
    return this.#connected;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    const providerName = this.getProviderName();
    const guarded: EntityProviderConnection = {
      refresh: options => connection.refresh(options),
      applyMutation: async (mutation: EntityProviderMutation) => {
        if (mutation.type === 'full') {
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
