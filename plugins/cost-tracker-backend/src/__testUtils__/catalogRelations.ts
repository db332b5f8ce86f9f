import {
  Entity,
  EntityRelation,
  parseEntityRef,
  RELATION_CHILD_OF,
  RELATION_HAS_MEMBER,
  RELATION_HAS_PART,
  RELATION_MEMBER_OF,
  RELATION_OWNED_BY,
  RELATION_OWNER_OF,
  RELATION_PARENT_OF,
  RELATION_PART_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';

/**
 * Adds the relations the catalog's built-in processor derives from `spec`
 * (owner, system, domain, subcomponentOf, subdomainOf, group parent and
 * children, user memberOf), so that test catalogs written as plain YAML look
 * like what the catalog serves. Only the relations the cost tracker follows
 * are produced.
 */
export function withRelations(entities: Entity[]): Entity[] {
  const refOf = (e: Entity) => stringifyEntityRef(e).toLocaleLowerCase('en-US');
  const relations = new Map<string, Map<string, EntityRelation>>();
  const add = (source: string, type: string, target: string) => {
    const map = relations.get(source) ?? new Map<string, EntityRelation>();
    map.set(`${type} ${target}`, { type, targetRef: target });
    relations.set(source, map);
  };
  const pair = (
    from: string,
    forward: string,
    to: string,
    backward: string,
  ) => {
    add(from, forward, to);
    add(to, backward, from);
  };
  for (const entity of entities) {
    const ref = refOf(entity);
    const namespace = entity.metadata.namespace ?? 'default';
    const spec = (entity.spec ?? {}) as Record<string, unknown>;
    const target = (value: unknown, defaultKind: string) =>
      stringifyEntityRef(
        parseEntityRef(String(value), {
          defaultKind,
          defaultNamespace: namespace,
        }),
      ).toLocaleLowerCase('en-US');
    const kind = entity.kind.toLocaleLowerCase('en-US');
    if (typeof spec.owner === 'string') {
      pair(
        ref,
        RELATION_OWNED_BY,
        target(spec.owner, 'group'),
        RELATION_OWNER_OF,
      );
    }
    if (typeof spec.system === 'string' && kind !== 'system') {
      pair(
        ref,
        RELATION_PART_OF,
        target(spec.system, 'system'),
        RELATION_HAS_PART,
      );
    }
    if (typeof spec.domain === 'string' && kind === 'system') {
      pair(
        ref,
        RELATION_PART_OF,
        target(spec.domain, 'domain'),
        RELATION_HAS_PART,
      );
    }
    if (typeof spec.subdomainOf === 'string' && kind === 'domain') {
      pair(
        ref,
        RELATION_PART_OF,
        target(spec.subdomainOf, 'domain'),
        RELATION_HAS_PART,
      );
    }
    if (typeof spec.subcomponentOf === 'string' && kind === 'component') {
      pair(
        ref,
        RELATION_PART_OF,
        target(spec.subcomponentOf, 'component'),
        RELATION_HAS_PART,
      );
    }
    if (kind === 'group') {
      if (typeof spec.parent === 'string') {
        pair(
          ref,
          RELATION_CHILD_OF,
          target(spec.parent, 'group'),
          RELATION_PARENT_OF,
        );
      }
      for (const child of (spec.children as unknown[]) ?? []) {
        pair(
          ref,
          RELATION_PARENT_OF,
          target(child, 'group'),
          RELATION_CHILD_OF,
        );
      }
    }
    if (kind === 'user') {
      for (const group of (spec.memberOf as unknown[]) ?? []) {
        pair(
          ref,
          RELATION_MEMBER_OF,
          target(group, 'group'),
          RELATION_HAS_MEMBER,
        );
      }
    }
  }
  // Relations to entities that are not in the catalog are kept, as the
  // catalog keeps them (e.g. an owner group that was deleted).
  return entities.map(entity => {
    const own = relations.get(refOf(entity));
    return {
      ...entity,
      relations: own ? [...own.values()] : [],
    };
  });
}
