import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { DocumentDecoratorFactory } from '@backstage/plugin-search-common';
import { setTimeout as sleep } from 'node:timers/promises';
import { PassThrough } from 'node:stream';

/** See {@link CatalogSettledGate.decoratorFactory} (named for the logs). */
class CatalogSettledDecoratorFactory implements DocumentDecoratorFactory {
  constructor(
    private readonly gate: { waitUntilSettled(): Promise<void> },
    readonly types: string[],
  ) {}

  async getDecorator() {
    await this.gate.waitUntilSettled();
    return new PassThrough({ objectMode: true });
  }
}

/**
 * Waits, once per process, until the catalog has processed what it was
 * given at start: at least one entity, and the number of entities unchanged
 * for `quietPeriodMs`. Gives up waiting after `maxWaitMs` (an empty or
 * broken catalog must not hold search back for ever).
 *
 * Upstream indexes 3 seconds after start, finds an empty catalog and then
 * waits 10 minutes; the first index after this gate holds the whole org.
 */
export class CatalogSettledGate {
  #settled: Promise<void> | undefined;

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      quietPeriodMs: number;
      maxWaitMs: number;
      pollIntervalMs?: number;
    },
  ) {}

  /** Resolves once the catalog has settled (at once after the first time). */
  waitUntilSettled(): Promise<void> {
    this.#settled ??= this.#poll().catch(error => {
      this.#settled = undefined;
      throw error;
    });
    return this.#settled;
  }

  async #poll() {
    const { catalog, auth, logger, quietPeriodMs, maxWaitMs } = this.options;
    const pollIntervalMs =
      this.options.pollIntervalMs ?? Math.min(1000, quietPeriodMs);
    const deadline = Date.now() + maxWaitMs;
    let lastCount = -1;
    let unchangedSince = Date.now();
    for (;;) {
      const { totalItems } = await catalog.queryEntities(
        { limit: 1, fields: ['kind'] },
        { credentials: await auth.getOwnServiceCredentials() },
      );
      const now = Date.now();
      if (totalItems !== lastCount) {
        lastCount = totalItems;
        unchangedSince = now;
      } else if (totalItems > 0 && now - unchangedSince >= quietPeriodMs) {
        logger.info(
          `Catalog settled at ${totalItems} entities; search indexing may start`,
        );
        return;
      }
      if (now >= deadline) {
        logger.warn(
          `Catalog not settled after ${maxWaitMs} ms (${totalItems} entities); search indexing starts anyway`,
        );
        return;
      }
      await sleep(pollIntervalMs);
    }
  }

  /**
   * A search decorator that changes no document: getting it waits for the
   * gate. The search index builder gets its decorators before the collator
   * reads anything, so the first run of each type starts after the catalog
   * has settled.
   */
  decoratorFactory(types: string[]): DocumentDecoratorFactory {
    return new CatalogSettledDecoratorFactory(this, types);
  }
}
