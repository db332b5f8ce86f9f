import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CampaignScope } from '@internal/backstage-plugin-campaigns-common';

const lower = (s: string) => s.toLocaleLowerCase('en-US');

function refOrNull(
  value: unknown,
  defaultKind: string,
  defaultNamespace: string,
): string | null {
  if (typeof value !== 'string' || !value.trim()) return null;
  try {
    return lower(
      stringifyEntityRef(
        parseEntityRef(value.trim(), { defaultKind, defaultNamespace }),
      ),
    );
  } catch {
    return null;
  }
}

/** The owner's full ref (lower case), or null when the entity has none. */
export function ownerOf(entity: Entity): string | null {
  return refOrNull(
    (entity.spec as { owner?: unknown } | undefined)?.owner,
    'group',
    entity.metadata.namespace ?? 'default',
  );
}

/** The full ref (lower case) of the system the entity is part of, if any. */
export function systemOf(entity: Entity): string | null {
  return refOrNull(
    (entity.spec as { system?: unknown } | undefined)?.system,
    'system',
    entity.metadata.namespace ?? 'default',
  );
}

/**
 * The scope with owner and system as full refs (a bare owner is a group, a
 * bare system a system, both in the default namespace), tags trimmed and
 * empty fields dropped: what is stored, and what `inScope` compares.
 */
export function normalizeScope(scope: CampaignScope): CampaignScope {
  const text = (s: string | undefined) => s?.trim() || undefined;
  const tags = (scope.tags ?? []).map(t => t.trim()).filter(Boolean);
  const normalized: CampaignScope = {
    kind: text(scope.kind),
    type: text(scope.type),
    system: scope.system
      ? refOrNull(scope.system, 'system', 'default') ?? undefined
      : undefined,
    lifecycle: text(scope.lifecycle),
    owner: scope.owner
      ? refOrNull(scope.owner, 'group', 'default') ?? undefined
      : undefined,
    tags: tags.length ? tags : undefined,
  };
  return Object.fromEntries(
    Object.entries(normalized).filter(([, v]) => v !== undefined),
  ) as CampaignScope;
}

/** Whether an entity is in a campaign's (normalized) scope. */
export function inScope(entity: Entity, scope: CampaignScope): boolean {
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  const same = (a: unknown, b: string) =>
    typeof a === 'string' && lower(a) === lower(b);
  if (scope.kind && !same(entity.kind, scope.kind)) return false;
  if (scope.type && !same(spec.type, scope.type)) return false;
  if (scope.lifecycle && !same(spec.lifecycle, scope.lifecycle)) return false;
  if (scope.system && systemOf(entity) !== lower(scope.system)) return false;
  if (scope.owner && ownerOf(entity) !== lower(scope.owner)) return false;
  if (scope.tags?.length) {
    const tags = new Set((entity.metadata.tags ?? []).map(lower));
    if (!scope.tags.every(t => tags.has(lower(t)))) return false;
  }
  return true;
}
