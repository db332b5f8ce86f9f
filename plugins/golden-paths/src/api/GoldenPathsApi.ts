import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/frontend-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  FleetTemplate,
  ServiceGoldenPath,
  UpgradeCampaign,
  UpgradeCampaignRequest,
  UpgradeCampaignsQuery,
  UpgradeResponse,
} from '@internal/backstage-plugin-golden-paths-common';

/** Reads golden-path versions and prepares upgrade branches. */
export interface GoldenPathsApi {
  /** A service's golden path: version, latest, what it misses, its upgrade branch. */
  getService(entity: CompoundEntityRef): Promise<ServiceGoldenPath>;
  /** Every golden path with the versions in use and the services on each. */
  getFleet(): Promise<FleetTemplate[]>;
  /** Prepares a service's upgrade branch (the platform team's `golden-paths.upgrade.create`). */
  upgrade(entityRef: string): Promise<UpgradeResponse>;
  /**
   * Starts an upgrade campaign (`golden-paths.upgrade.create`): the backend
   * upgrades every service of the golden path behind (or below
   * `belowVersion`) in the background; answers at once.
   */
  startCampaign(request: UpgradeCampaignRequest): Promise<UpgradeCampaign>;
  /** A campaign's progress: done of total, outcomes, failures and why. */
  getCampaign(id: string): Promise<UpgradeCampaign>;
  /** Campaigns, newest first: all, or one golden path's. */
  listCampaigns(filter?: UpgradeCampaignsQuery): Promise<UpgradeCampaign[]>;
}

/** API reference of the {@link GoldenPathsApi}. */
export const goldenPathsApiRef = createApiRef<GoldenPathsApi>({
  id: 'plugin.golden-paths.api',
});

/** {@link GoldenPathsApi} over HTTP, with the Backstage token of the user. */
export class GoldenPathsClient implements GoldenPathsApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  private async call<T>(path: string, init?: RequestInit): Promise<T> {
    const base = await this.deps.discoveryApi.getBaseUrl('golden-paths');
    const response = await this.deps.fetchApi.fetch(`${base}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.json();
  }

  getService(entity: CompoundEntityRef): Promise<ServiceGoldenPath> {
    const parts = [entity.kind, entity.namespace, entity.name].map(p =>
      encodeURIComponent(p.toLocaleLowerCase('en-US')),
    );
    return this.call(`/services/${parts.join('/')}`);
  }

  async getFleet(): Promise<FleetTemplate[]> {
    return (await this.call<{ items: FleetTemplate[] }>('/fleet')).items;
  }

  upgrade(entityRef: string): Promise<UpgradeResponse> {
    return this.call('/upgrades', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ entityRef }),
    });
  }

  startCampaign(request: UpgradeCampaignRequest): Promise<UpgradeCampaign> {
    return this.call('/campaigns', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
  }

  getCampaign(id: string): Promise<UpgradeCampaign> {
    return this.call(`/campaigns/${encodeURIComponent(id)}`);
  }

  async listCampaigns(
    filter: UpgradeCampaignsQuery = {},
  ): Promise<UpgradeCampaign[]> {
    const query = new URLSearchParams();
    if (filter.templateRef) query.set('templateRef', filter.templateRef);
    if (filter.limit) query.set('limit', String(filter.limit));
    const suffix = query.toString() ? `?${query}` : '';
    return (
      await this.call<{ items: UpgradeCampaign[] }>(`/campaigns${suffix}`)
    ).items;
  }
}
