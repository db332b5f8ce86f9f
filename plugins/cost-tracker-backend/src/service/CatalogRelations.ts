import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  RELATION_CHILD_OF,
  RELATION_HAS_PART,
  RELATION_OWNED_BY,
  RELATION_OWNER_OF,
  RELATION_PARENT_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

/** Kinds whose cost is the sum of other entities' costs. */
export const ROLLUP_KINDS = ['system', 'group', 'domain', 'user'];

/** Entity refs per `getEntitiesByRefs` call. */
const REFS_PER_CALL = 500;

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/** The lower-case ref of an entity. */
export const refOf = (entity: Entity) => lower(stringifyEntityRef(entity));

/**
 * The one owner a cost of this entity is charged to: a Group or a User
 * is its own owner; anything else is owned by its `ownedBy` relation (or
 * `spec.owner` when the relation is missing). Undefined when it has none.
 */
export function ownerOf(entity: Entity): string | undefined {
  const kind = lower(entity.kind);
  if (kind === 'group' || kind === 'user') {
    return refOf(entity);
  }
  const owned = entity.relations?.find(r => r.type === RELATION_OWNED_BY);
  if (owned) {
    return lower(owned.targetRef);
  }
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner === 'string' && owner) {
    try {
      return lower(
        stringifyEntityRef(
          parseEntityRef(owner, {
            defaultKind: 'group',
            defaultNamespace: entity.metadata.namespace ?? 'default',
          }),
        ),
      );
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The parent group of a group (`childOf`, else `spec.parent`). */
export function parentOf(group: Entity): string | undefined {
  const child = group.relations?.find(r => r.type === RELATION_CHILD_OF);
  if (child) {
    return lower(child.targetRef);
  }
  const parent = (group.spec as { parent?: unknown } | undefined)?.parent;
  if (typeof parent === 'string' && parent) {
    return lower(
      stringifyEntityRef(
        parseEntityRef(parent, {
          defaultKind: 'group',
          defaultNamespace: group.metadata.namespace ?? 'default',
        }),
      ),
    );
  }
  return undefined;
}

/** Fetches entities by ref in batches; missing ones are left out. */
export async function fetchEntities(
  catalog: CatalogService,
  credentials: BackstageCredentials,
  refs: string[],
  fields: string[],
): Promise<Entity[]> {
  const out: Entity[] = [];
  for (let i = 0; i < refs.length; i += REFS_PER_CALL) {
    const { items } = await catalog.getEntitiesByRefs(
      { entityRefs: refs.slice(i, i + REFS_PER_CALL), fields },
      { credentials },
    );
    out.push(...(items.filter(Boolean) as Entity[]));
  }
  return out;
}

/** An entity whose cost is part of a roll-up, and who it is charged to. */
export type RollupMember = { entityRef: string; owner?: string };

/**
 * Resolves the entities whose costs add up to a System, Group or Domain,
 * each counted once:
 * - Group: itself, what it owns directly (`ownerOf`), and the same for its
 *   child groups (`parentOf`). A User: itself and what it owns directly. What it owns is not expanded: a System the
 *   group owns counts with its own cost only, not with parts that other
 *   teams own, so every cost belongs to exactly one team.
 * - System: itself and its parts (`hasPart`: components, resources, APIs),
 *   whoever owns them; each member carries its owner.
 * - Domain: itself, its systems and sub-domains, and their parts.
 */
export async function resolveRollup(options: {
  catalog: CatalogService;
  credentials: BackstageCredentials;
  entity: Entity;
}): Promise<RollupMember[]> {
  const { catalog, credentials } = options;
  const members = new Map<string, RollupMember>();
  const root = refOf(options.entity);
  members.set(root, { entityRef: root, owner: ownerOf(options.entity) });
  let frontier: Entity[] = [options.entity];
  while (frontier.length > 0) {
    const expand = new Set<string>();
    for (const entity of frontier) {
      const kind = lower(entity.kind);
      const self = refOf(entity);
      for (const relation of entity.relations ?? []) {
        const target = lower(relation.targetRef);
        if (members.has(target)) {
          continue;
        }
        if (
          (kind === 'group' || kind === 'user') &&
          relation.type === RELATION_OWNER_OF
        ) {
          // Owned directly: charged to this group, and not expanded.
          members.set(target, { entityRef: target, owner: self });
        } else if (
          (kind === 'group' && relation.type === RELATION_PARENT_OF) ||
          ((kind === 'system' || kind === 'domain') &&
            relation.type === RELATION_HAS_PART)
        ) {
          members.set(target, { entityRef: target });
          expand.add(target);
        }
      }
    }
    frontier = await fetchEntities(
      catalog,
      credentials,
      [...expand],
      [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'spec.owner',
        'relations',
      ],
    );
    for (const entity of frontier) {
      const member = members.get(refOf(entity));
      if (member) {
        member.owner = ownerOf(entity);
      }
    }
  }
  return [...members.values()].sort((a, b) =>
    a.entityRef.localeCompare(b.entityRef),
  );
}
