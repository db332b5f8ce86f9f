import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';

/** One permission, the policy's decision for the user and why. */
export type PermissionExplanation = {
  permission: string;
  /** `catalog-entity` for resource permissions. */
  resourceType?: string;
  /** CONDITIONAL: allowed only on some entities (see `conditions`). */
  result: 'ALLOW' | 'DENY' | 'CONDITIONAL';
  /** Id of the policy rule that decided, e.g. `entity-owner`. */
  rule: string;
  reason: string;
  conditions?: unknown;
  /** When an entity was given: the outcome on that entity. */
  onEntity?: { entityRef: string; result: 'ALLOW' | 'DENY' };
};

/** The answer of `GET /api/permission/acme/explain`. */
export type Explanation = {
  user: string;
  ownershipEntityRefs: string[];
  roles: { admin: boolean; templateRunner: boolean; platform: boolean };
  entity?: string;
  decisions: PermissionExplanation[];
};

/** Asks the Acme permission policy what a user may do, and why. */
export interface PermissionExplainerApi {
  /**
   * The decisions of the policy for the main permissions of the portal for
   * `user` (a User entity ref or name), with the rule behind each; with
   * `entity`, also the outcome on that entity. Admins only (403 otherwise).
   */
  explain(user: string, entity?: string): Promise<Explanation>;
  /** The User entities of the catalog, as entity refs, sorted. */
  listUsers(): Promise<string[]>;
}

/** API reference of the {@link PermissionExplainerApi}. */
export const permissionExplainerApiRef = createApiRef<PermissionExplainerApi>({
  id: 'plugin.permission-explainer.api',
});

/** {@link PermissionExplainerApi} over HTTP, with the signed-in user's token. */
export class PermissionExplainerClient implements PermissionExplainerApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  async explain(user: string, entity?: string): Promise<Explanation> {
    const baseUrl = await this.deps.discoveryApi.getBaseUrl('permission');
    const query = new URLSearchParams({ user });
    if (entity) query.set('entity', entity);
    const res = await this.deps.fetchApi.fetch(
      `${baseUrl}/acme/explain?${query}`,
    );
    if (!res.ok) {
      throw await ResponseError.fromResponse(res);
    }
    return (await res.json()) as Explanation;
  }

  async listUsers(): Promise<string[]> {
    const baseUrl = await this.deps.discoveryApi.getBaseUrl('catalog');
    const res = await this.deps.fetchApi.fetch(
      `${baseUrl}/entities?filter=kind=user&fields=kind,metadata.name,metadata.namespace`,
    );
    if (!res.ok) {
      throw await ResponseError.fromResponse(res);
    }
    const users = (await res.json()) as {
      metadata: { name: string; namespace?: string };
    }[];
    return users
      .map(u => `user:${u.metadata.namespace ?? 'default'}/${u.metadata.name}`)
      .sort();
  }
}
