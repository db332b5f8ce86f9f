import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';

/** A status condition of a claim. */
export type ClaimCondition = {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
};

/** A Crossplane claim that belongs to an entity. */
export type ClaimSummary = {
  cluster: string;
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  ready: boolean;
  synced: boolean;
  conditions: ClaimCondition[];
  compositionName?: string;
  compositeName?: string;
  connectionSecretName?: string;
  /** ISO timestamp of creation. */
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

/** The claims of an entity, and the clusters that could not be read. */
export type EntityClaims = {
  items: ClaimSummary[];
  errors: Array<{ cluster: string; kind: string; message: string }>;
  /** Claims committed to the repository that no cluster has yet. */
  committed?: CommittedClaim[];
};

/** Reads Crossplane claims from the crossplane backend. */
export interface CrossplaneApi {
  /**
   * The claims labelled with the entity's `backstage.io/kubernetes-id` (or
   * its name) on every configured cluster, and the claim manifests committed
   * to its repository (`crossplane.io/committed-claims`) that no cluster
   * has yet.
   */
  getClaims(entityRef: string): Promise<EntityClaims>;

  /**
   * Every claim of the portal's services: on every cluster (with a
   * kubernetes-id label) and committed to repositories, each committed one
   * with the entity whose repository holds it.
   */
  getAllClaims(): Promise<AllClaims>;
}

/** Every claim, for the Crossplane claims page. */
export type AllClaims = Omit<EntityClaims, 'committed'> & {
  committed: Array<CommittedClaim & { entityRef: string }>;
};

/** API reference of the {@link CrossplaneApi}. */
export const crossplaneApiRef = createApiRef<CrossplaneApi>({
  id: 'plugin.crossplane.api',
});

/** {@link CrossplaneApi} over HTTP, with the Backstage token of the user. */
export class CrossplaneClient implements CrossplaneApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  async getClaims(entityRef: string): Promise<EntityClaims> {
    const base = await this.deps.discoveryApi.getBaseUrl('crossplane');
    const response = await this.deps.fetchApi.fetch(
      `${base}/claims?entityRef=${encodeURIComponent(entityRef)}`,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.json();
  }

  async getAllClaims(): Promise<AllClaims> {
    const base = await this.deps.discoveryApi.getBaseUrl('crossplane');
    const response = await this.deps.fetchApi.fetch(`${base}/claims/all`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.json();
  }
}
