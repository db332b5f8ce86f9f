import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  GithubIngestionResponse,
  ProviderHealth,
} from '@internal/backstage-plugin-catalog-health-common';

/** Reads the health of the catalog's GitHub ingestion. */
export interface CatalogHealthApi {
  /**
   * Every configured GitHub ingestion provider with its last run, entities
   * found, errors and remaining rate-limit budget. Empty when the portal is
   * not connected to GitHub (`catalog.providers.github.organization` unset).
   */
  getGithubIngestion(): Promise<ProviderHealth[]>;
}

/** API reference of the {@link CatalogHealthApi}. */
export const catalogHealthApiRef = createApiRef<CatalogHealthApi>({
  id: 'plugin.catalog-health.api',
});

/** {@link CatalogHealthApi} over HTTP, with the Backstage token of the user. */
export class CatalogHealthClient implements CatalogHealthApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  async getGithubIngestion(): Promise<ProviderHealth[]> {
    const baseUrl = await this.deps.discoveryApi.getBaseUrl('catalog');
    const res = await this.deps.fetchApi.fetch(`${baseUrl}/github-ingestion`);
    if (!res.ok) {
      throw await ResponseError.fromResponse(res);
    }
    const body = (await res.json()) as Partial<GithubIngestionResponse>;
    if (!Array.isArray(body.providers)) {
      throw new Error(
        `Unexpected answer from ${baseUrl}/github-ingestion: no providers list`,
      );
    }
    return body.providers;
  }
}
