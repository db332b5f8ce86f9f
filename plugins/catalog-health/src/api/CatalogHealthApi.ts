import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';

/** The GitHub rate-limit budget of one API resource after a run. */
export type RateLimitBudget = {
  /** `core` (REST) or `graphql`. */
  resource: string;
  limit: number;
  remaining: number;
  /** When the budget is refilled (ISO 8601). */
  reset: string;
};

/**
 * One GitHub ingestion provider, as reported by the catalog backend's
 * `GET /api/catalog/github-ingestion`.
 */
export type ProviderHealth = {
  provider: string;
  /** `discovery`: catalog files of repositories; `org`: teams and members. */
  kind: 'discovery' | 'org';
  taskId: string;
  status: 'scheduled' | 'running' | 'retrying' | 'succeeded' | 'failed';
  lastRunStartedAt?: string;
  lastRunEndedAt?: string;
  lastSuccessAt?: string;
  /** Entities last applied (locations for discovery; users + groups for org). */
  entitiesFound?: number;
  /** Errors of the failed attempts of the last run. */
  errors: string[];
  rateLimit?: RateLimitBudget[];
};

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
    const body = (await res.json()) as { providers?: ProviderHealth[] };
    if (!Array.isArray(body.providers)) {
      throw new Error(
        `Unexpected answer from ${baseUrl}/github-ingestion: no providers list`,
      );
    }
    return body.providers;
  }
}
