import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  Campaign,
  CampaignDetails,
  CampaignInput,
  CampaignSummary,
  CampaignTargets,
} from '@internal/backstage-plugin-campaigns-common';

/** Reads and writes campaigns through the campaigns backend. */
export interface CampaignsApi {
  /** Every campaign with its figures now, the nearest deadline first. */
  listCampaigns(): Promise<CampaignSummary[]>;

  /** One campaign: its progress per owner team and its burn-up. */
  getCampaign(id: string): Promise<CampaignDetails>;

  /** The scorecard levels and checks a campaign can aim at. */
  getTargets(): Promise<CampaignTargets>;

  /** Creates a campaign (the platform team's permission `campaigns.campaign.create`). */
  createCampaign(input: CampaignInput): Promise<Campaign>;

  /** Changes a campaign (the platform team's permission `campaigns.campaign.update`). */
  updateCampaign(id: string, input: CampaignInput): Promise<Campaign>;
}

/** API reference of the {@link CampaignsApi}. */
export const campaignsApiRef = createApiRef<CampaignsApi>({
  id: 'plugin.campaigns.api',
});

/** {@link CampaignsApi} over HTTP, with the Backstage token of the user. */
export class CampaignsClient implements CampaignsApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  private async call<T>(path: string, init?: RequestInit): Promise<T> {
    const base = await this.deps.discoveryApi.getBaseUrl('campaigns');
    const response = await this.deps.fetchApi.fetch(`${base}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.json();
  }

  async listCampaigns(): Promise<CampaignSummary[]> {
    return (await this.call<{ items: CampaignSummary[] }>('/campaigns')).items;
  }

  getCampaign(id: string): Promise<CampaignDetails> {
    return this.call(`/campaigns/${encodeURIComponent(id)}`);
  }

  getTargets(): Promise<CampaignTargets> {
    return this.call('/targets');
  }

  createCampaign(input: CampaignInput): Promise<Campaign> {
    return this.call('/campaigns', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
  }

  updateCampaign(id: string, input: CampaignInput): Promise<Campaign> {
    return this.call(`/campaigns/${encodeURIComponent(id)}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
  }
}
