/*
 * Coherence of relations: one provider per API, every resource used.
 */
import {
  buildIndex,
  entityLabel,
  refKey,
  resolveRef,
  specRefs,
} from '../entityRefs';
import { LoadedEntity } from '../loadCatalog';

export function checkRelationsCoherence(entities: LoadedEntity[]): string[] {
  const errors: string[] = [];
  const providers = new Map<string, string[]>();
  const used = new Set<string>();
  const index = buildIndex(entities);
  for (const le of entities.filter(e => e.entity.kind === 'Component')) {
    const provides = new Set<string>();
    for (const raw of specRefs(le, 'providesApis')) {
      try {
        const k = refKey(resolveRef(le, raw, 'API'));
        provides.add(k);
        providers.set(k, [
          ...(providers.get(k) ?? []),
          le.entity.metadata.name,
        ]);
      } catch {
        // reported by checkRefs
      }
    }
    for (const raw of specRefs(le, 'consumesApis')) {
      try {
        if (provides.has(refKey(resolveRef(le, raw, 'API')))) {
          errors.push(
            `${le.file}: ${entityLabel(le.entity)} consumes its own API ${raw}`,
          );
        }
      } catch {
        // reported by checkRefs
      }
    }
    for (const raw of specRefs(le, 'dependsOn')) {
      try {
        used.add(refKey(resolveRef(le, raw, undefined)));
      } catch {
        // reported by checkRefs
      }
    }
  }
  for (const le of entities.filter(e => e.entity.kind === 'API')) {
    const k = refKey({
      kind: 'API',
      namespace: le.entity.metadata.namespace ?? 'default',
      name: le.entity.metadata.name,
    });
    const p = providers.get(k) ?? [];
    if (p.length !== 1) {
      errors.push(
        `${le.file}: ${entityLabel(
          le.entity,
        )} must be provided by exactly one component, found [${p.join(', ')}]`,
      );
    }
  }
  for (const le of entities.filter(e => e.entity.kind === 'Resource')) {
    const k = refKey({
      kind: 'Resource',
      namespace: le.entity.metadata.namespace ?? 'default',
      name: le.entity.metadata.name,
    });
    const hasDependents = specRefs(le, 'dependencyOf').some(raw => {
      try {
        return index.has(refKey(resolveRef(le, raw, undefined)));
      } catch {
        return false;
      }
    });
    if (!used.has(k) && !hasDependents) {
      errors.push(
        `${le.file}: ${entityLabel(
          le.entity,
        )} is not used by any component (dependsOn/dependencyOf)`,
      );
    }
  }
  return errors;
}
