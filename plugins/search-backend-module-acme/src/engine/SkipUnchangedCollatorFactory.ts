import { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import { DocumentCollatorFactory } from '@backstage/plugin-search-common';
import { Readable } from 'node:stream';
import { IndexStatusStore } from '../status/IndexStatusStore';
import { IndexRunPlans } from './indexRuns';

/**
 * A collator that reads its whole source only when the source has changed.
 *
 * Each run first reads the source's stamp (for the catalog, one small
 * request: `GET /api/catalog/acme/change-stamp`). When it equals the stamp
 * of the index's last write, that write is younger than `reindexAfterMs` and
 * this process has itself written the index once (its transformer and
 * settings may be new), the run is skipped: no document is read and the
 * engine's index stays as it is. Otherwise the run reads everything as
 * before and, once the index is written, the stamp read before it is
 * stored with it (a change during the run leads to another run).
 *
 * Rereading 20,000 entities every 30 s kept a core a quarter busy and
 * doubled the catalog's tail latency while it ran; an unchanged catalog now
 * costs one request. Any doubt (no stamp, a failed read) means a full run.
 */
export class SkipUnchangedCollatorFactory implements DocumentCollatorFactory {
  readonly type: string;
  readonly visibilityPermission: DocumentCollatorFactory['visibilityPermission'];
  #writtenByThisProcess = false;
  #stampFailing = false;

  constructor(
    private readonly options: {
      inner: DocumentCollatorFactory;
      readSourceStamp: () => Promise<string>;
      store: IndexStatusStore;
      plans: IndexRunPlans;
      reindexAfterMs: number;
      logger: LoggerService;
      now?: () => number;
    },
  ) {
    this.type = options.inner.type;
    this.visibilityPermission = options.inner.visibilityPermission;
  }

  async getCollator(): Promise<Readable> {
    const { inner, store, plans, reindexAfterMs, logger } = this.options;
    const now = this.options.now ?? Date.now;
    const sourceStamp = await this.#readStamp();
    if (sourceStamp !== undefined && this.#writtenByThisProcess) {
      const record = (await store.listIndexes()).find(
        r => r.type === this.type,
      );
      if (
        record?.sourceStamp === sourceStamp &&
        record.lastIndexedAt &&
        now() - record.lastIndexedAt.getTime() < reindexAfterMs
      ) {
        logger.debug(
          `The ${
            this.type
          } source has not changed since ${record.lastIndexedAt.toISOString()}; its index is kept`,
        );
        plans.set(this.type, { skip: true });
        return Readable.from([]);
      }
    }
    plans.set(this.type, {
      skip: false,
      sourceStamp,
      onIndexed: () => {
        this.#writtenByThisProcess = true;
      },
    });
    return inner.getCollator();
  }

  async #readStamp(): Promise<string | undefined> {
    try {
      const stamp = await this.options.readSourceStamp();
      this.#stampFailing = false;
      return stamp;
    } catch (error) {
      if (!this.#stampFailing) {
        // once until it works again: a missing module would warn every run
        this.options.logger.warn(
          `Could not tell whether the ${
            this.type
          } source changed, so each run reads all of it: ${stringifyError(
            error,
          )}`,
        );
      }
      this.#stampFailing = true;
      return undefined;
    }
  }
}
