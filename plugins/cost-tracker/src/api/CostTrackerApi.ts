import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/frontend-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  CostWindowQuery,
  EntityCost,
  OrganizationCost,
  TopSpenders,
  TopSpendersQuery,
} from '@internal/backstage-plugin-cost-tracker-common';

/** Reads costs from the cost tracker backend. */
export interface CostTrackerApi {
  /**
   * The cost of an entity in a window (default: the 30 days ending today),
   * with the same-length window before it. Systems, Groups and Domains are
   * rolled up through their catalog relations.
   */
  getEntityCost(
    entity: CompoundEntityRef,
    window?: CostWindowQuery,
  ): Promise<EntityCost>;

  /**
   * The organisation's cost in a window (default: the 30 days ending
   * today): the total, each top-level team's part and the unallocated rest.
   */
  getOrganizationCost(window?: CostWindowQuery): Promise<OrganizationCost>;

  /** The entities that cost most in a window, optionally of one kind. */
  getTopSpenders(options?: TopSpendersQuery): Promise<TopSpenders>;
}

/** API reference of the {@link CostTrackerApi}. */
export const costTrackerApiRef = createApiRef<CostTrackerApi>({
  id: 'plugin.cost-tracker.api',
});

/** {@link CostTrackerApi} over HTTP, with the Backstage token of the user. */
export class CostTrackerClient implements CostTrackerApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  private async get<T>(path: string, query: Record<string, unknown>) {
    const base = await this.deps.discoveryApi.getBaseUrl('cost-tracker');
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) {
        params.set(key, String(value));
      }
    }
    const qs = params.toString();
    const response = await this.deps.fetchApi.fetch(
      `${base}${path}${qs ? `?${qs}` : ''}`,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }

  async getEntityCost(
    entity: CompoundEntityRef,
    window: CostWindowQuery = {},
  ): Promise<EntityCost> {
    const path = [entity.kind, entity.namespace, entity.name]
      .map(p => encodeURIComponent(p.toLocaleLowerCase('en-US')))
      .join('/');
    return this.get<EntityCost>(`/costs/${path}`, window);
  }

  async getOrganizationCost(
    window: CostWindowQuery = {},
  ): Promise<OrganizationCost> {
    return this.get<OrganizationCost>('/organization', window);
  }

  async getTopSpenders(options: TopSpendersQuery = {}): Promise<TopSpenders> {
    return this.get<TopSpenders>('/top', options);
  }
}
