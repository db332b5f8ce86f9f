import {
  Entity,
  RELATION_API_CONSUMED_BY,
  RELATION_DEPENDENCY_OF,
  RELATION_OWNED_BY,
  RELATION_PROVIDES_API,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogApi } from '@backstage/plugin-catalog-react';

/** One entity that breaks, or may break, when the current one does. */
export interface Dependent {
  /** The dependent entity's ref, e.g. `component:default/checkout-web`. */
  entityRef: string;
  /** The dependent itself, when the catalog still has it. */
  entity?: Entity;
  /** Its owners (refs), from its `ownedBy` relations. */
  ownerRefs: string[];
  /** Those owners' entities, where the catalog has them (for their titles). */
  owners: Entity[];
  /**
   * How it depends: directly (`dependsOn` the current entity) and/or through
   * the current entity's APIs it consumes.
   */
  direct: boolean;
  viaApis: Entity[];
}

function targets(entity: Entity, type: string): string[] {
  return (entity.relations ?? [])
    .filter(r => r.type === type)
    .map(r => r.targetRef);
}

/**
 * What depends on `entity`: entities that depend on it directly, and the
 * consumers of each API it provides (for an API: its consumers). Each
 * dependent appears once, with every way it depends.
 */
export async function findDependents(
  entity: Entity,
  catalogApi: Pick<CatalogApi, 'getEntitiesByRefs'>,
): Promise<Dependent[]> {
  const self = stringifyEntityRef(entity);
  const byRef = new Map<string, Dependent>();
  const add = (entityRef: string, via?: Entity) => {
    if (entityRef === self) return;
    const dependent = byRef.get(entityRef) ?? {
      entityRef,
      ownerRefs: [],
      owners: [],
      direct: false,
      viaApis: [],
    };
    if (via) {
      if (!dependent.viaApis.includes(via)) dependent.viaApis.push(via);
    } else {
      dependent.direct = true;
    }
    byRef.set(entityRef, dependent);
  };

  for (const ref of targets(entity, RELATION_DEPENDENCY_OF)) add(ref);
  if (entity.kind.toLocaleLowerCase('en-US') === 'api') {
    for (const ref of targets(entity, RELATION_API_CONSUMED_BY)) add(ref);
  }

  const apiRefs = targets(entity, RELATION_PROVIDES_API);
  if (apiRefs.length > 0) {
    const { items } = await catalogApi.getEntitiesByRefs({
      entityRefs: apiRefs,
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.title',
        'relations',
      ],
    });
    for (const api of items) {
      if (!api) continue;
      for (const ref of targets(api, RELATION_API_CONSUMED_BY)) add(ref, api);
    }
  }

  const dependents = [...byRef.values()];
  if (dependents.length > 0) {
    const { items } = await catalogApi.getEntitiesByRefs({
      entityRefs: dependents.map(d => d.entityRef),
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.title',
        'spec.type',
        'spec.lifecycle',
        'relations',
      ],
    });
    items.forEach((item, i) => {
      if (!item) return;
      dependents[i].entity = item;
      dependents[i].ownerRefs = targets(item, RELATION_OWNED_BY);
    });
    const ownerRefs = [...new Set(dependents.flatMap(d => d.ownerRefs))];
    if (ownerRefs.length > 0) {
      const owners = await catalogApi.getEntitiesByRefs({
        entityRefs: ownerRefs,
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.title',
          'spec.profile.displayName',
        ],
      });
      const byOwnerRef = new Map(
        owners.items.flatMap(o => (o ? [[stringifyEntityRef(o), o]] : [])),
      );
      for (const dependent of dependents) {
        dependent.owners = dependent.ownerRefs.flatMap(ref => {
          const owner = byOwnerRef.get(ref);
          return owner ? [owner] : [];
        });
      }
    }
  }
  return dependents.sort((a, b) => a.entityRef.localeCompare(b.entityRef));
}
