/*
 * Entity references: every owner, system, domain, dependsOn, ... resolves to
 * an entity of an allowed kind in the catalog.
 */
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  buildIndex,
  entityLabel,
  Json,
  refKey,
  resolveRef,
  specRefs,
} from '../entityRefs';
import { LoadedEntity } from '../loadCatalog';

/** Reference fields per kind: path under spec, default kind, allowed target kinds. */
const REF_FIELDS: Record<
  string,
  Array<{ field: string; defaultKind?: string; allowed: string[] }>
> = {
  Component: [
    { field: 'owner', defaultKind: 'Group', allowed: ['Group', 'User'] },
    { field: 'system', defaultKind: 'System', allowed: ['System'] },
    {
      field: 'subcomponentOf',
      defaultKind: 'Component',
      allowed: ['Component'],
    },
    { field: 'providesApis', defaultKind: 'API', allowed: ['API'] },
    { field: 'consumesApis', defaultKind: 'API', allowed: ['API'] },
    { field: 'dependsOn', allowed: ['Component', 'Resource'] },
    { field: 'dependencyOf', allowed: ['Component', 'Resource'] },
  ],
  API: [
    { field: 'owner', defaultKind: 'Group', allowed: ['Group', 'User'] },
    { field: 'system', defaultKind: 'System', allowed: ['System'] },
  ],
  Resource: [
    { field: 'owner', defaultKind: 'Group', allowed: ['Group', 'User'] },
    { field: 'system', defaultKind: 'System', allowed: ['System'] },
    { field: 'dependsOn', allowed: ['Component', 'Resource'] },
    { field: 'dependencyOf', allowed: ['Component', 'Resource'] },
  ],
  System: [
    { field: 'owner', defaultKind: 'Group', allowed: ['Group', 'User'] },
    { field: 'domain', defaultKind: 'Domain', allowed: ['Domain'] },
  ],
  Domain: [
    { field: 'owner', defaultKind: 'Group', allowed: ['Group', 'User'] },
  ],
  Group: [
    { field: 'parent', defaultKind: 'Group', allowed: ['Group'] },
    { field: 'children', defaultKind: 'Group', allowed: ['Group'] },
    { field: 'members', defaultKind: 'User', allowed: ['User'] },
  ],
  User: [{ field: 'memberOf', defaultKind: 'Group', allowed: ['Group'] }],
};

/** Fields that must be present (so a typo'd field name cannot hide a missing owner). */
const REQUIRED_REF_FIELDS: Record<string, string[]> = {
  Component: ['owner', 'system'],
  API: ['owner', 'system'],
  Resource: ['owner', 'system'],
  System: ['owner', 'domain'],
  Domain: ['owner'],
};

export function checkRefs(entities: LoadedEntity[]): string[] {
  const errors: string[] = [];
  const index = buildIndex(entities);
  for (const le of entities) {
    const { entity, file } = le;
    const label = entityLabel(entity);
    for (const field of REQUIRED_REF_FIELDS[entity.kind] ?? []) {
      if ((entity.spec as Json)?.[field] === undefined) {
        errors.push(`${file}: ${label} is missing spec.${field}`);
      }
    }
    for (const { field, defaultKind, allowed } of REF_FIELDS[entity.kind] ??
      []) {
      for (const raw of specRefs(le, field)) {
        let ref;
        try {
          ref = resolveRef(le, raw, defaultKind);
        } catch (e) {
          errors.push(
            `${file}: ${label} spec.${field} "${raw}" is not a valid entity ref: ${
              (e as Error).message
            }`,
          );
          continue;
        }
        if (!allowed.some(k => k.toLowerCase() === ref.kind.toLowerCase())) {
          errors.push(
            `${file}: ${label} spec.${field} "${raw}" must point to ${allowed.join(
              ' or ',
            )}, not ${ref.kind}`,
          );
          continue;
        }
        if (!index.has(refKey(ref))) {
          errors.push(
            `${file}: ${label} spec.${field} "${raw}" does not resolve: no ${stringifyEntityRef(
              ref,
            )} in catalog/`,
          );
        }
      }
    }
  }
  return errors;
}
