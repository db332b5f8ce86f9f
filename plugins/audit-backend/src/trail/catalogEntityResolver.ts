import {
  AuditorServiceCreateEventOptions,
  AuthService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { EntityResolver } from './TrailAuditorService';

const LOOKUP_TIMEOUT_MS = 3_000;

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) =>
      setTimeout(
        () => reject(new Error('catalog lookup timed out')),
        LOOKUP_TIMEOUT_MS,
      ).unref(),
    ),
  ]);
}

const ENTITY_FIELDS = ['kind', 'metadata.namespace', 'metadata.name'];

/**
 * The catalog's unregister events name an entity uid (`DELETE
 * /entities/by-uid/:uid`) or a location id (`DELETE /locations/:id`), not the
 * entities. Before the deletion runs (the auditor's `initiated` phase) they
 * still exist, so they are looked up here with the plugin's own service
 * credentials and recorded with the event, so that filtering the trail by
 * entity finds who unregistered it. A failed lookup only loses that link.
 */
export function createCatalogEntityResolver(deps: {
  catalog: CatalogService;
  auth: AuthService;
}): EntityResolver {
  const { catalog, auth } = deps;
  return async (
    pluginId: string,
    options: AuditorServiceCreateEventOptions,
  ) => {
    const meta = options.meta ?? {};
    if (pluginId !== 'catalog' || meta.actionType !== 'delete') {
      return [];
    }
    const credentials = await auth.getOwnServiceCredentials();
    if (options.eventId === 'entity-mutate' && typeof meta.uid === 'string') {
      const { items } = await withTimeout(
        catalog.getEntities(
          { filter: { 'metadata.uid': meta.uid }, fields: ENTITY_FIELDS },
          { credentials },
        ),
      );
      return items.map(entity => stringifyEntityRef(entity));
    }
    if (options.eventId === 'location-mutate' && typeof meta.id === 'string') {
      const location = await withTimeout(
        catalog.getLocationById(meta.id, { credentials }),
      );
      if (!location) {
        return [];
      }
      const target = `${location.type}:${location.target}`;
      const { items } = await withTimeout(
        catalog.getEntities(
          {
            filter: {
              'metadata.annotations.backstage.io/managed-by-location': target,
            },
            fields: ENTITY_FIELDS,
          },
          { credentials },
        ),
      );
      return [target, ...items.map(entity => stringifyEntityRef(entity))];
    }
    return [];
  };
}
