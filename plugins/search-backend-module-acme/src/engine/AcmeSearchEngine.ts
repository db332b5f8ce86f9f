import { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import {
  QueryRequestOptions,
  QueryTranslator,
  SearchEngine,
} from '@backstage/plugin-search-backend-node';
import {
  IndexableResultSet,
  SearchQuery,
} from '@backstage/plugin-search-common';
import { IndexStatusStore } from '../status/IndexStatusStore';
import { IndexRunPlans, SkippedRunIndexer } from './indexRuns';
import { rerank } from './ranking';
import { TrackingIndexer } from './TrackingIndexer';

function decodePage(pageCursor?: string): number {
  if (!pageCursor) {
    return 0;
  }
  const page = Number(Buffer.from(pageCursor, 'base64').toString('utf-8'));
  return Number.isInteger(page) && page >= 0 ? page : 0;
}

function encodePage(page: number): string {
  return Buffer.from(`${page}`, 'utf-8').toString('base64');
}

const emptyResultSet: IndexableResultSet = {
  results: [],
  numberOfResults: 0,
};

/**
 * The search engine the portal registers: Lunr or PostgreSQL underneath,
 * with three additions.
 *
 * - Every index run is recorded in the {@link IndexStatusStore} (started,
 *   documents, ended, error), which `GET /api/search/index-status` reports.
 *   A run its collator skipped ({@link SkipUnchangedCollatorFactory}) keeps
 *   the engine's index untouched.
 * - A query for a type whose index does not exist yet answers no results
 *   instead of Lunr's `MissingIndexError` (an HTTP 500); the status says
 *   the index is still being built.
 * - The best `rerankWindow` results are ordered by how exactly their own
 *   title or name matches the term ({@link rerank}); results further down
 *   keep the engine's order, so paging stays consistent.
 */
export class AcmeSearchEngine implements SearchEngine {
  constructor(
    private readonly options: {
      engine: SearchEngine;
      store: IndexStatusStore;
      logger: LoggerService;
      rerankWindow: number;
      /**
       * Whether a run starting now makes the type ready once it completes
       * (its prerequisites are met).
       */
      countsAsReady: (type: string) => Promise<boolean>;
      /** Plans of runs whose collator may skip them (SkipUnchangedCollatorFactory). */
      plans?: IndexRunPlans;
    },
  ) {}

  setTranslator(translator: QueryTranslator): void {
    this.options.engine.setTranslator(translator);
  }

  async getIndexer(type: string) {
    const { engine, store, logger } = this.options;
    const startedAt = new Date();
    const ready = await this.options.countsAsReady(type);
    const plan = this.options.plans?.take(type);
    await store.runStarted(type, startedAt);
    if (plan?.skip) {
      return new SkippedRunIndexer(() =>
        store.runSucceeded(type, {
          startedAt,
          endedAt: new Date(),
          documents: 0,
          ready,
        }),
      );
    }
    const indexer = new TrackingIndexer(
      await engine.getIndexer(type),
      async documents => {
        await store.runSucceeded(type, {
          startedAt,
          endedAt: new Date(),
          documents,
          ready,
          sourceStamp: plan?.sourceStamp,
        });
        if (documents > 0) {
          plan?.onIndexed?.();
        }
      },
    );
    indexer.once('error', error => {
      store
        .runFailed(type, { endedAt: new Date(), error: stringifyError(error) })
        .catch(e =>
          logger.warn(`Could not record the failed ${type} index run: ${e}`),
        );
    });
    return indexer;
  }

  async query(
    query: SearchQuery,
    options?: QueryRequestOptions,
  ): Promise<IndexableResultSet> {
    const { rerankWindow } = this.options;
    const pageSize = query.pageLimit || 25;
    const page = decodePage(query.pageCursor);
    const offset = page * pageSize;

    if (!query.term.trim() || offset >= rerankWindow) {
      return this.engineQuery(query, options);
    }

    // The top of the list, ordered again; the rest in the engine's order.
    const fetched = Math.max(rerankWindow, offset + pageSize);
    const resultSet = await this.engineQuery(
      { ...query, pageCursor: undefined, pageLimit: fetched },
      options,
    );
    const ordered = [
      ...rerank(query.term, resultSet.results.slice(0, rerankWindow)),
      ...resultSet.results.slice(rerankWindow),
    ];
    const hasNextPage =
      ordered.length > offset + pageSize ||
      resultSet.nextPageCursor !== undefined;
    return {
      ...resultSet,
      results: ordered
        .slice(offset, offset + pageSize)
        .map((result, index) => ({ ...result, rank: offset + index + 1 })),
      nextPageCursor: hasNextPage ? encodePage(page + 1) : undefined,
      previousPageCursor: page > 0 ? encodePage(page - 1) : undefined,
    };
  }

  private async engineQuery(
    query: SearchQuery,
    options?: QueryRequestOptions,
  ): Promise<IndexableResultSet> {
    try {
      return await this.options.engine.query(query, options);
    } catch (error) {
      if ((error as Error)?.name === 'MissingIndexError') {
        // No index of the requested types yet: nothing to find, and the
        // index status says it is still being built.
        return emptyResultSet;
      }
      throw error;
    }
  }
}
