import {
  CompoundEntityRef,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

/**
 * An entity ref as people and agents write it: `payment-service`,
 * `group:team-payments` or `component:default/payment-service`. Missing
 * parts default to `defaultKind` and the `default` namespace.
 */
export function toEntityRef(
  value: string,
  defaultKind = 'component',
): CompoundEntityRef & { ref: string } {
  let parsed: CompoundEntityRef;
  try {
    parsed = parseEntityRef(value.trim(), {
      defaultKind,
      defaultNamespace: 'default',
    });
  } catch (error) {
    throw new InputError(
      `"${value}" is not an entity ref such as component:default/payment-service: ${
        (error as Error).message
      }`,
    );
  }
  const normalized = {
    kind: parsed.kind.toLocaleLowerCase('en-US'),
    namespace: parsed.namespace.toLocaleLowerCase('en-US'),
    name: parsed.name,
  };
  return { ...normalized, ref: stringifyEntityRef(normalized) };
}

/** Where people open things in the portal (`app.baseUrl`). */
export class PortalLinks {
  constructor(private readonly appBaseUrl: string) {}

  entity(ref: string | Entity): string {
    const { kind, namespace, name } =
      typeof ref === 'string'
        ? parseEntityRef(ref)
        : {
            kind: ref.kind,
            namespace: ref.metadata.namespace ?? 'default',
            name: ref.metadata.name,
          };
    return `${this.appBaseUrl}/catalog/${encodeURIComponent(
      namespace,
    )}/${encodeURIComponent(
      kind.toLocaleLowerCase('en-US'),
    )}/${encodeURIComponent(name)}`;
  }

  task(taskId: string): string {
    return `${this.appBaseUrl}/create/tasks/${encodeURIComponent(taskId)}`;
  }

  template(ref: string): string {
    const { namespace, name } = parseEntityRef(ref);
    return `${this.appBaseUrl}/create/templates/${encodeURIComponent(
      namespace,
    )}/${encodeURIComponent(name)}`;
  }

  /** A path of the portal (e.g. `/docs/...`) as a full URL; URLs stay as they are. */
  absolute(url: string): string {
    return /^[a-z][a-z0-9+.-]*:/i.test(url) ? url : `${this.appBaseUrl}${url}`;
  }
}

/** The entity's title, else its name. */
export function titleOf(entity: Entity): string {
  const profile = (entity.spec as { profile?: { displayName?: unknown } })
    ?.profile;
  if (typeof entity.metadata.title === 'string' && entity.metadata.title) {
    return entity.metadata.title;
  }
  if (typeof profile?.displayName === 'string' && profile.displayName) {
    return profile.displayName;
  }
  return entity.metadata.name;
}

/** Targets of the entity's relations of one type (e.g. `ownedBy`). */
export function relationTargets(entity: Entity, type: string): string[] {
  return (entity.relations ?? [])
    .filter(r => r.type === type)
    .map(r => r.targetRef);
}
