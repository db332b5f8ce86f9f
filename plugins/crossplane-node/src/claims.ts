import { JsonObject } from '@backstage/types';
import {
  PatchStrategy,
  setHeaderOptions,
  Watch,
} from '@kubernetes/client-node';
import { ClusterClients } from './ClusterClientProvider';
import { isObjectNotFound, toActionableError } from './errors';

/** The label that ties Kubernetes objects to a catalog entity. */
export const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';
/** The annotation recording the owner entity ref of a claim. */
export const OWNER_ANNOTATION = 'backstage.io/owner';

/** A Kubernetes status condition. */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

/** A Crossplane claim as it comes back from the API server. */
export interface ClaimObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    resourceVersion?: string;
    generation?: number;
    uid?: string;
    creationTimestamp?: string;
  };
  spec?: JsonObject & {
    resourceRef?: { name?: string };
    compositionRef?: { name?: string };
    writeConnectionSecretToRef?: { name?: string };
  };
  status?: { conditions?: Condition[] } & JsonObject;
}

/** Where a claim lives. */
export interface ClaimRef {
  apiVersion: string;
  kind: string;
  plural: string;
  namespace: string;
  name: string;
}

export function splitApiVersion(apiVersion: string) {
  const [group, version] = apiVersion.split('/');
  return { group, version };
}

export function describeClaim(ref: ClaimRef) {
  return `${ref.kind} ${ref.namespace}/${ref.name}`;
}

export function resourceName(ref: Pick<ClaimRef, 'apiVersion' | 'plural'>) {
  return `${ref.plural}.${splitApiVersion(ref.apiVersion).group}`;
}

export function condition(
  claim: ClaimObject | undefined,
  type: string,
): Condition | undefined {
  return claim?.status?.conditions?.find(c => c.type === type);
}

/** `Synced=True, Ready=False (Creating: waiting for the RDS instance)` */
export function summarizeConditions(claim: ClaimObject | undefined): string {
  const conditions = claim?.status?.conditions ?? [];
  if (!conditions.length) {
    return 'no status conditions yet';
  }
  return conditions
    .map(c => {
      const detail = [c.reason, c.message].filter(Boolean).join(': ');
      return `${c.type}=${c.status}${detail ? ` (${detail})` : ''}`;
    })
    .join(', ');
}

/**
 * Reads and writes Crossplane claims through `CustomObjectsApi`, turning
 * every failure into an actionable Backstage error.
 */
export class ClaimClient {
  constructor(private readonly clients: ClusterClients) {}

  get clusterName() {
    return this.clients.cluster.name;
  }

  private describe(ref: ClaimRef, verb: string, nothingWritten = false) {
    return {
      verb,
      object: describeClaim(ref),
      resource: resourceName(ref),
      namespace: ref.namespace,
      cluster: this.clusterName,
      nothingWritten,
    };
  }

  /** The claim, or undefined when it does not exist. */
  async get(ref: ClaimRef): Promise<ClaimObject | undefined> {
    const { group, version } = splitApiVersion(ref.apiVersion);
    try {
      return (await this.clients.customObjects.getNamespacedCustomObject({
        group,
        version,
        namespace: ref.namespace,
        plural: ref.plural,
        name: ref.name,
      })) as ClaimObject;
    } catch (err) {
      if (isObjectNotFound(err)) {
        return undefined;
      }
      throw toActionableError(err, this.describe(ref, 'read'));
    }
  }

  /**
   * Server-side apply of the claim with the given field manager. Returns the
   * stored object.
   */
  async apply(
    ref: ClaimRef,
    claim: ClaimObject,
    options: { fieldManager: string; force: boolean },
  ): Promise<ClaimObject> {
    const { group, version } = splitApiVersion(ref.apiVersion);
    try {
      return (await this.clients.customObjects.patchNamespacedCustomObject(
        {
          group,
          version,
          namespace: ref.namespace,
          plural: ref.plural,
          name: ref.name,
          body: claim,
          fieldManager: options.fieldManager,
          force: options.force,
        },
        setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply),
      )) as ClaimObject;
    } catch (err) {
      throw toActionableError(err, this.describe(ref, 'apply', true));
    }
  }

  /** Claims in a namespace, optionally filtered by a label selector. */
  async list(
    ref: Omit<ClaimRef, 'name'>,
    labelSelector?: string,
  ): Promise<ClaimObject[]> {
    const { group, version } = splitApiVersion(ref.apiVersion);
    try {
      const list = (await this.clients.customObjects.listNamespacedCustomObject(
        {
          group,
          version,
          namespace: ref.namespace,
          plural: ref.plural,
          labelSelector,
        },
      )) as { items: ClaimObject[] };
      return list.items;
    } catch (err) {
      throw toActionableError(err, {
        ...this.describe({ ...ref, name: '*' }, 'list'),
        object: `${ref.kind} claims in namespace ${ref.namespace}`,
      });
    }
  }

  /** Claims of one kind in all namespaces, filtered by a label selector. */
  async listAllNamespaces(
    type: Pick<ClaimRef, 'apiVersion' | 'kind' | 'plural'>,
    labelSelector: string,
  ): Promise<ClaimObject[]> {
    const { group, version } = splitApiVersion(type.apiVersion);
    try {
      const list = (await this.clients.customObjects.listClusterCustomObject({
        group,
        version,
        plural: type.plural,
        labelSelector,
      })) as { items: ClaimObject[] };
      return list.items;
    } catch (err) {
      throw toActionableError(err, {
        verb: 'list',
        object: `${type.kind} claims in all namespaces`,
        resource: resourceName(type),
        namespace: '*',
        cluster: this.clusterName,
      });
    }
  }

  /**
   * Watches one claim from the given resourceVersion. Calls `onEvent` for
   * each event and `onDone` once when the stream ends (error or closed by
   * the server). Returns a function that stops the watch.
   */
  async watch(
    ref: ClaimRef,
    resourceVersion: string | undefined,
    onEvent: (type: string, claim: ClaimObject) => void,
    onDone: (err?: Error) => void,
  ): Promise<() => void> {
    const { group, version } = splitApiVersion(ref.apiVersion);
    const path = `/apis/${group}/${version}/namespaces/${encodeURIComponent(
      ref.namespace,
    )}/${ref.plural}`;
    const watch = new Watch(this.clients.kubeConfig);
    let stopped = false;
    const controller = await watch.watch(
      path,
      {
        fieldSelector: `metadata.name=${ref.name}`,
        resourceVersion,
        allowWatchBookmarks: true,
      },
      (type, obj) => onEvent(type, obj as ClaimObject),
      err => {
        if (stopped) {
          return;
        }
        if (!err) {
          onDone();
          return;
        }
        const status = (err as { statusCode?: number }).statusCode;
        onDone(
          status
            ? new Error(
                `Watching ${describeClaim(ref)} on cluster '${
                  this.clusterName
                }' failed with HTTP ${status} ${err.message}`,
              )
            : toActionableError(err, this.describe(ref, 'watch')),
        );
      },
    );
    return () => {
      stopped = true;
      controller.abort();
    };
  }
}
