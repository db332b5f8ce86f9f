/** A status condition of a claim, as Kubernetes reports it. */
export type ClaimCondition = {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  /** ISO 8601 */
  lastTransitionTime?: string;
};

/** A Crossplane claim found on a cluster. */
export type ClaimSummary = {
  /** Name of the cluster (`kubernetes.clusterLocatorMethods`). */
  cluster: string;
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  /** Its `Ready` condition is `True`. */
  ready: boolean;
  /** Its `Synced` condition is `True`. */
  synced: boolean;
  conditions: ClaimCondition[];
  compositionName?: string;
  compositeName?: string;
  connectionSecretName?: string;
  /** ISO 8601 timestamp of creation. */
  createdAt?: string;
  /** The claim's `backstage.io/kubernetes-id` label: the entity it serves. */
  kubernetesId?: string;
};

/**
 * A claim manifest committed to the entity's repository (GitOps) that no
 * cluster has yet: Argo CD or Flux applies it after the merge.
 */
export type CommittedClaim = {
  state: 'committed';
  /** Path of the manifest in the repository. */
  path: string;
  /** Where it was read; empty when it could not be located. */
  url: string;
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  parameters?: Record<string, unknown>;
  connectionSecretName?: string;
  /** Set when the file could not be read or is not a claim. */
  error?: string;
};

/** A claim kind that could not be listed on a cluster, and why. */
export type ClaimsReadError = {
  cluster: string;
  kind: string;
  message: string;
};

/**
 * The answer of `GET /api/crossplane/claims?entityRef=...`: the claims of an
 * entity on every cluster, the clusters that could not be read, and the
 * claims committed to its repository that no cluster has yet.
 */
export type EntityClaims = {
  items: ClaimSummary[];
  errors: ClaimsReadError[];
  /** Claims committed to the repository that no cluster has yet. */
  committed: CommittedClaim[];
};

/** A committed claim with the entity whose repository holds it. */
export type CommittedClaimOfEntity = CommittedClaim & {
  /** Ref of the entity, e.g. `component:default/orders-api`. */
  entityRef: string;
};

/**
 * The answer of `GET /api/crossplane/claims/all`: every claim of the portal's
 * services, for the Crossplane claims page.
 */
export type AllClaims = {
  items: ClaimSummary[];
  errors: ClaimsReadError[];
  committed: CommittedClaimOfEntity[];
};
