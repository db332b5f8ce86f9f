/*
 * Entity references as the catalog resolves them: per-entity defaults for kind
 * and namespace, compared case-insensitively.
 */
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { LoadedEntity } from './loadCatalog';

/** Whatever YAML gave us; the checks look at fields one by one. */
export type Json = any;

export type EntityRefParts = { kind: string; namespace: string; name: string };

export const refKey = (ref: EntityRefParts) =>
  stringifyEntityRef(ref).toLocaleLowerCase('en-US');

/** kind:namespace/name of an entity as written, e.g. for messages. */
export const entityLabel = (e: Entity) =>
  `${e.kind}:${e.metadata?.namespace ?? 'default'}/${e.metadata?.name}`;

export function buildIndex(entities: LoadedEntity[]) {
  const byRef = new Map<string, LoadedEntity>();
  for (const le of entities) {
    byRef.set(
      refKey({
        kind: le.entity.kind,
        namespace: le.entity.metadata.namespace ?? 'default',
        name: le.entity.metadata.name,
      }),
      le,
    );
  }
  return byRef;
}

export function specRefs(le: LoadedEntity, field: string): unknown[] {
  const value = (le.entity.spec as Json)?.[field];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export function resolveRef(
  le: LoadedEntity,
  raw: unknown,
  defaultKind: string | undefined,
): EntityRefParts {
  if (typeof raw !== 'string')
    throw new Error(`not a string: ${JSON.stringify(raw)}`);
  return parseEntityRef(raw, {
    defaultKind,
    defaultNamespace: le.entity.metadata.namespace ?? 'default',
  });
}
