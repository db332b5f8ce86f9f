import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  AllClaims,
  EntityClaims,
} from '@internal/backstage-plugin-crossplane-common';

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
