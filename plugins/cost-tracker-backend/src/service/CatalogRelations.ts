import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_HAS_PART,
  RELATION_OWNER_OF,
  RELATION_PARENT_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

/** The relations followed from each kind to find what it is made of. */
const FOLLOW: Record<string, string[]> = {
  group: [RELATION_OWNER_OF, RELATION_PARENT_OF],
  system: [RELATION_HAS_PART],
  domain: [RELATION_HAS_PART],
};

/** Kinds whose cost is the sum of other entities' costs. */
export const ROLLUP_KINDS = ['system', 'group', 'domain'];

/**
 * Resolves the entities whose costs add up to a System, Group or Domain:
 * - System: itself and its parts (`hasPart`: components, resources, APIs).
 * - Domain: its systems (and sub-domains), and their parts.
 * - Group: what it owns (`ownerOf`) and what its child groups
 *   (`parentOf`) own, systems and domains expanded as above.
 * Every entity is counted once, even when reachable twice.
 */
export async function resolveMembers(options: {
  catalog: CatalogService;
  credentials: BackstageCredentials;
  entity: Entity;
}): Promise<string[]> {
  const { catalog, credentials } = options;
  const seen = new Set<string>();
  let frontier: Entity[] = [options.entity];
  seen.add(stringifyEntityRef(options.entity).toLocaleLowerCase('en-US'));
  while (frontier.length > 0) {
    const next = new Set<string>();
    for (const entity of frontier) {
      const follow = FOLLOW[entity.kind.toLocaleLowerCase('en-US')] ?? [];
      for (const relation of entity.relations ?? []) {
        const target = relation.targetRef.toLocaleLowerCase('en-US');
        if (follow.includes(relation.type) && !seen.has(target)) {
          seen.add(target);
          next.add(target);
        }
      }
    }
    const refs = [...next];
    frontier = [];
    for (let i = 0; i < refs.length; i += 100) {
      const { items } = await catalog.getEntitiesByRefs(
        {
          entityRefs: refs.slice(i, i + 100),
          fields: ['kind', 'metadata.name', 'metadata.namespace', 'relations'],
        },
        { credentials },
      );
      frontier.push(...(items.filter(Boolean) as Entity[]));
    }
  }
  return [...seen].sort();
}
