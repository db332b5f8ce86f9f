import {
  BackstageCredentials,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { PortalApi } from '../services/PortalApi';
import { PortalLinks, titleOf, toEntityRef } from '../services/refs';

/** What every group of portal actions is registered with. */
export interface PortalActionsDeps {
  actionsRegistry: ActionsRegistryService;
  catalog: CatalogService;
  api: PortalApi;
  links: PortalLinks;
  config: RootConfigService;
  logger: LoggerService;
}

/** An entity ref with what people read: its title (or name). */
export interface Named {
  ref: string;
  title: string;
}

const NAME_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'spec.profile.displayName',
];

/**
 * Titles of entities, read with the caller's credentials; an entity they
 * may not see (or that is gone) keeps its name as the title.
 */
export async function namesOf(
  catalog: CatalogService,
  refs: string[],
  credentials: BackstageCredentials,
): Promise<Map<string, Named>> {
  const unique = [...new Set(refs.map(r => r.toLocaleLowerCase('en-US')))];
  const names = new Map<string, Named>();
  if (unique.length === 0) return names;
  const { items } = await catalog.getEntitiesByRefs(
    { entityRefs: unique, fields: NAME_FIELDS },
    { credentials },
  );
  unique.forEach((ref, i) => {
    const entity = items[i];
    names.set(ref, {
      ref,
      title: entity ? titleOf(entity) : parseEntityRef(ref).name,
    });
  });
  return names;
}

/** `namesOf` for a list, in order. */
export async function named(
  catalog: CatalogService,
  refs: string[],
  credentials: BackstageCredentials,
): Promise<Named[]> {
  const names = await namesOf(catalog, refs, credentials);
  return refs.map(r => names.get(r.toLocaleLowerCase('en-US'))!);
}

/**
 * The entity an agent means: a full ref (`group:default/team-payments`) is
 * read as is; a bare name (`team-payments`) is looked up in the default
 * namespace across kinds, preferring `preferKind` when several share it.
 * Read with the caller's credentials.
 */
export async function resolveEntity(
  catalog: CatalogService,
  value: string,
  credentials: BackstageCredentials,
  preferKind = 'component',
): Promise<Entity> {
  const trimmed = value.trim();
  if (!trimmed.includes(':')) {
    const { items } = await catalog.queryEntities(
      {
        filter: {
          'metadata.name': trimmed,
          'metadata.namespace': 'default',
        },
        limit: 10,
      },
      { credentials },
    );
    const preferred = items.filter(
      e => e.kind.toLocaleLowerCase('en-US') === preferKind,
    );
    if (items.length === 1) return items[0];
    if (preferred.length === 1) return preferred[0];
    if (items.length > 1) {
      throw new ConflictError(
        `Several entities are named ${trimmed}: ${items
          .map(e => stringifyEntityRef(e))
          .join(', ')}; give the full ref`,
      );
    }
  }
  const { ref } = toEntityRef(trimmed, preferKind);
  const entity = await catalog.getEntityByRef(ref, { credentials });
  if (!entity) {
    throw new NotFoundError(
      `No entity ${ref} in the catalog (or you may not see it); find-entities looks entities up by name or title`,
    );
  }
  return entity;
}
