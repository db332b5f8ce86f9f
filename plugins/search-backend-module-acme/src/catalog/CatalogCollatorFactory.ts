import { AuthService } from '@backstage/backend-plugin-api';
import { EntityFilterQuery } from '@backstage/catalog-client';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { CatalogService } from '@backstage/plugin-catalog-node';
import type { CatalogCollatorEntityTransformer } from '@backstage/plugin-search-backend-module-catalog';
import { DocumentCollatorFactory } from '@backstage/plugin-search-common';
import { Readable } from 'node:stream';

/**
 * The catalog's search documents, as `@backstage/plugin-search-backend-module-catalog`
 * collates them and from the same `search.collators.catalog` keys
 * (`locationTemplate`, `filter`, `batchSize`): that module's factory is not
 * exported, and the portal registers its catalog collator itself so that a
 * run can be skipped when the catalog has not changed
 * ({@link SkipUnchangedCollatorFactory}).
 */
export class CatalogCollatorFactory implements DocumentCollatorFactory {
  readonly type = 'software-catalog';
  readonly visibilityPermission = catalogEntityReadPermission;

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      entityTransformer: CatalogCollatorEntityTransformer;
      locationTemplate: string;
      filter?: EntityFilterQuery;
      batchSize: number;
    },
  ) {}

  static fromConfig(
    config: Config,
    deps: {
      catalog: CatalogService;
      auth: AuthService;
      entityTransformer: CatalogCollatorEntityTransformer;
    },
  ): CatalogCollatorFactory {
    const collator = config.getOptionalConfig('search.collators.catalog');
    return new CatalogCollatorFactory({
      ...deps,
      locationTemplate:
        collator?.getOptionalString('locationTemplate') ??
        '/catalog/:namespace/:kind/:name',
      filter: collator?.getOptional<EntityFilterQuery>('filter'),
      batchSize: collator?.getOptionalNumber('batchSize') ?? 500,
    });
  }

  async getCollator(): Promise<Readable> {
    return Readable.from(this.#documents());
  }

  async *#documents() {
    const { catalog, auth, entityTransformer, filter, batchSize } =
      this.options;
    let cursor: string | undefined;
    do {
      const page = await catalog.queryEntities(
        cursor
          ? { cursor, limit: batchSize }
          : { filter, limit: batchSize, totalItems: 'exclude' },
        { credentials: await auth.getOwnServiceCredentials() },
      );
      cursor = page.pageInfo.nextCursor;
      for (const entity of page.items) {
        yield {
          ...entityTransformer(entity),
          authorization: { resourceRef: stringifyEntityRef(entity) },
          location: this.#location({
            namespace: entity.metadata.namespace || 'default',
            kind: entity.kind,
            name: entity.metadata.name,
          }),
        };
      }
    } while (cursor);
  }

  #location(args: Record<'namespace' | 'kind' | 'name', string>): string {
    let location = this.options.locationTemplate;
    for (const [key, value] of Object.entries(args)) {
      location = location.replace(`:${key}`, encodeURIComponent(value));
    }
    return location.toLowerCase();
  }
}
