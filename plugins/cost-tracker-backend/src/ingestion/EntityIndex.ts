import { Entity, stringifyEntityRef } from '@backstage/catalog-model';

/** `backstage.io/kubernetes-label-selector`, as used by the Kubernetes plugin. */
export const ANNOTATION_KUBERNETES_LABEL_SELECTOR =
  'backstage.io/kubernetes-label-selector';

/** `backstage.io/kubernetes-id`, as used by the Kubernetes plugin. */
export const ANNOTATION_KUBERNETES_ID = 'backstage.io/kubernetes-id';
/** `backstage.io/kubernetes-namespace`, as used by the Kubernetes plugin. */
export const ANNOTATION_KUBERNETES_NAMESPACE =
  'backstage.io/kubernetes-namespace';
/** The cloud billing tag of an entity: `value` or `key=value`. */
export const ANNOTATION_COST_TAG = 'acme.io/cost-tag';
/** Monthly budget of an entity, in the configured currency. */
export const ANNOTATION_MONTHLY_BUDGET = 'acme.io/monthly-budget';

/** The catalog fields the cost tracker reads. */
export const ENTITY_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.annotations',
  'spec.owner',
];

/**
 * Finds the entity a cost belongs to. Built from the catalog on every
 * ingestion run; see the README for the rules and why.
 */
export class EntityIndex {
  private readonly byLabel = new Map<string, Set<string>>();
  private readonly byNamespace = new Map<string, Set<string>>();
  private readonly byTag = new Map<string, Set<string>>();

  /**
   * @param entities - catalog entities with cost annotations
   * @param options - the OpenCost aggregation label (`app` for `label:app`)
   *   and the default cloud tag key
   */
  constructor(
    entities: Entity[],
    private readonly options: { labelKey: string; defaultTagKey: string },
  ) {
    for (const entity of entities) {
      const ref = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
      const annotations = entity.metadata.annotations ?? {};
      const label = this.labelValue(annotations);
      if (label) {
        add(this.byLabel, label, ref);
      }
      const namespace = annotations[ANNOTATION_KUBERNETES_NAMESPACE];
      if (namespace) {
        add(this.byNamespace, namespace, ref);
      }
      const tag = this.tagOf(annotations);
      if (tag) {
        add(this.byTag, `${tag.key}=${tag.value}`, ref);
      }
    }
  }

  /**
   * The label value the entity's workloads carry under the aggregation
   * label: an equality selector on that label wins, else the kubernetes-id.
   */
  private labelValue(annotations: Record<string, string>): string | undefined {
    const selector = annotations[ANNOTATION_KUBERNETES_LABEL_SELECTOR];
    if (selector) {
      for (const term of selector.split(',')) {
        const match = /^\s*([^=!\s]+)\s*==?\s*([^\s]+)\s*$/.exec(term);
        if (match && match[1] === this.options.labelKey) {
          return match[2];
        }
      }
    }
    return annotations[ANNOTATION_KUBERNETES_ID];
  }

  private tagOf(
    annotations: Record<string, string>,
  ): { key: string; value: string } | undefined {
    const tag = annotations[ANNOTATION_COST_TAG];
    if (tag) {
      const eq = tag.indexOf('=');
      return eq > 0
        ? { key: tag.slice(0, eq).trim(), value: tag.slice(eq + 1).trim() }
        : { key: this.options.defaultTagKey, value: tag.trim() };
    }
    const id = annotations[ANNOTATION_KUBERNETES_ID];
    return id ? { key: this.options.defaultTagKey, value: id } : undefined;
  }

  /**
   * The entity of an OpenCost allocation name. Returns an error text when
   * no entity or more than one entity claims the name.
   */
  forAllocation(
    aggregate: 'label' | 'namespace',
    name: string,
  ): { entityRef: string } | { error: string } {
    const map = aggregate === 'label' ? this.byLabel : this.byNamespace;
    return single(map.get(name), `${aggregate} '${name}'`);
  }

  /** The entity of a FOCUS row's tags, trying every tag of the row. */
  forTags(
    tags: Record<string, string>,
  ): { entityRef: string } | { error: string } {
    const candidates = new Set<string>();
    for (const [key, value] of Object.entries(tags)) {
      for (const ref of this.byTag.get(`${key}=${value}`) ?? []) {
        candidates.add(ref);
      }
    }
    return single(candidates, `tags ${JSON.stringify(tags)}`);
  }
}

function add(map: Map<string, Set<string>>, key: string, ref: string) {
  const set = map.get(key) ?? new Set<string>();
  set.add(ref);
  map.set(key, set);
}

function single(
  refs: Set<string> | undefined,
  what: string,
): { entityRef: string } | { error: string } {
  if (!refs || refs.size === 0) {
    return { error: `no catalog entity claims ${what}` };
  }
  if (refs.size > 1) {
    return {
      error: `${what} is claimed by more than one entity (${[...refs]
        .sort()
        .join(', ')}); not allocated`,
    };
  }
  return { entityRef: [...refs][0] };
}
