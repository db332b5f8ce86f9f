import {
  AuthService,
  DiscoveryService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  DEFAULT_NAMESPACE,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ResponseError, stringifyError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { IndexStatusStore } from '../status/IndexStatusStore';

/** Id of the upstream TechDocs collator's task (IndexBuilder: `search_index_<type>`). */
export const TECHDOCS_INDEX_TASK_ID = 'search_index_techdocs';

type EntityTriplet = { namespace: string; kind: string; name: string };

/** The last `finish` or `error` event of the TechDocs sync event stream. */
export function parseSyncEvents(
  body: string,
): { updated: boolean } | { error: string } | undefined {
  let outcome: { updated: boolean } | { error: string } | undefined;
  for (const block of body.split(/\n\n/)) {
    const event = /^event: (.*)$/m.exec(block)?.[1];
    const data = /^data: (.*)$/m.exec(block)?.[1];
    if (event === 'finish') {
      const parsed = data ? JSON.parse(data) : {};
      outcome = { updated: Boolean(parsed?.updated) };
    } else if (event === 'error') {
      outcome = { error: data ? String(JSON.parse(data)) : 'unknown error' };
    }
  }
  return outcome;
}

/**
 * Builds, one at a time, the TechDocs of every entity that has
 * `backstage.io/techdocs-ref` and whose docs were never generated, through
 * the TechDocs backend's own `GET /sync/:namespace/:kind/:name` (what the
 * docs reader calls on a first view). Docs already generated are skipped:
 * TechDocs rebuilds those itself when someone reads them. After a pass that
 * built something (and after the first pass) the TechDocs collator is run,
 * so the new pages are searchable at once.
 */
export class TechDocsPrebuilder {
  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      discovery: DiscoveryService;
      scheduler: SchedulerService;
      logger: LoggerService;
      store: IndexStatusStore;
      waitForCatalog: () => Promise<void>;
    },
  ) {}

  async run(signal?: AbortSignal): Promise<void> {
    const { store, logger } = this.options;
    await this.options.waitForCatalog();
    const firstPass = !(await store.getPrebuild())?.firstPassCompletedAt;
    await store.prebuildStarted(new Date());

    const entities = await this.#entitiesWithDocs();
    const progress = {
      entities: entities.length,
      built: 0,
      skipped: 0,
      failed: 0,
      lastError: undefined as string | undefined,
    };
    await store.prebuildProgress(progress);

    for (const entity of entities) {
      if (signal?.aborted) {
        logger.info('TechDocs prebuild stopped before the end of its pass');
        return;
      }
      const ref = stringifyEntityRef(entity);
      try {
        if (await this.#hasDocs(entity)) {
          progress.skipped += 1;
        } else {
          logger.info(`Building TechDocs of ${ref} for search`);
          const updated = await this.#sync(entity, signal);
          progress[updated ? 'built' : 'skipped'] += 1;
        }
      } catch (error) {
        if (signal?.aborted) {
          return;
        }
        progress.failed += 1;
        progress.lastError = `${ref}: ${stringifyError(error)}`;
        logger.warn(`Could not build the TechDocs of ${progress.lastError}`);
      }
      await store.prebuildProgress(progress);
    }

    await store.prebuildPassCompleted(new Date());
    logger.info(
      `TechDocs prebuild pass done: ${progress.built} built, ${progress.skipped} already there, ${progress.failed} failed of ${progress.entities}`,
    );
    if (firstPass || progress.built > 0) {
      await this.#reindexTechDocs();
    }
  }

  async #entitiesWithDocs(): Promise<EntityTriplet[]> {
    const { catalog, auth } = this.options;
    const entities: EntityTriplet[] = [];
    let cursor: string | undefined;
    do {
      const response = await catalog.queryEntities(
        cursor
          ? { cursor, limit: 500 }
          : {
              filter: {
                'metadata.annotations.backstage.io/techdocs-ref':
                  CATALOG_FILTER_EXISTS,
              },
              fields: ['kind', 'metadata.namespace', 'metadata.name'],
              limit: 500,
              totalItems: 'exclude',
            },
        { credentials: await auth.getOwnServiceCredentials() },
      );
      for (const entity of response.items) {
        entities.push({
          kind: entity.kind,
          namespace: entity.metadata.namespace ?? DEFAULT_NAMESPACE,
          name: entity.metadata.name,
        });
      }
      cursor = response.pageInfo.nextCursor;
    } while (cursor);
    return entities;
  }

  async #request(path: string, signal?: AbortSignal) {
    const { auth, discovery } = this.options;
    const baseUrl = await discovery.getBaseUrl('techdocs');
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'techdocs',
    });
    return fetch(`${baseUrl}${path}`, {
      headers: { Authorization: `Bearer ${token}` },
      signal,
    });
  }

  /** Paths as the TechDocs reader and collator use them: lower case. */
  #path(entity: EntityTriplet) {
    return [entity.namespace, entity.kind, entity.name]
      .map(part => encodeURIComponent(part.toLocaleLowerCase('en-US')))
      .join('/');
  }

  async #hasDocs(entity: EntityTriplet): Promise<boolean> {
    const res = await this.#request(`/metadata/techdocs/${this.#path(entity)}`);
    if (res.status === 404) {
      await res.body?.cancel();
      return false;
    }
    if (!res.ok) {
      throw await ResponseError.fromResponse(res);
    }
    await res.body?.cancel();
    return true;
  }

  async #sync(entity: EntityTriplet, signal?: AbortSignal): Promise<boolean> {
    const res = await this.#request(`/sync/${this.#path(entity)}`, signal);
    if (!res.ok) {
      throw await ResponseError.fromResponse(res);
    }
    const outcome = parseSyncEvents(await res.text());
    if (!outcome) {
      throw new Error('TechDocs sync ended without a result');
    }
    if ('error' in outcome) {
      throw new Error(outcome.error);
    }
    return outcome.updated;
  }

  async #reindexTechDocs() {
    try {
      await this.options.scheduler.triggerTask(TECHDOCS_INDEX_TASK_ID);
    } catch (error) {
      // Running already, or no TechDocs collator installed: its next
      // scheduled run picks the docs up.
      this.options.logger.info(
        `TechDocs index not triggered after the prebuild: ${stringifyError(
          error,
        )}`,
      );
    }
  }
}
