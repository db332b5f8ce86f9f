import {
  Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';

/**
 * The owner of an entity as a full ref, from its `ownedBy` relation or
 * `spec.owner`: the entity whose annotation names the team's default
 * PagerDuty service. Null when the entity has no (valid) owner.
 *
 * @public
 */
export function ownerRefOf(entity: Entity): string | null {
  const relation = entity.relations?.find(r => r.type === RELATION_OWNED_BY);
  if (relation) return relation.targetRef;
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner !== 'string' || !owner) return null;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return null;
  }
}
