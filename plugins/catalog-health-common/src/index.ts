/**
 * Wire types of the catalog's GitHub ingestion health
 * (`GET /api/catalog/github-ingestion`), shared by the backend module
 * `@internal/backstage-plugin-catalog-backend-module-github-guarded` and the
 * catalog-health page.
 *
 * @packageDocumentation
 */

export type {
  GithubIngestionResponse,
  ProviderHealth,
  ProviderKind,
  ProviderStatus,
  RateLimitBudget,
} from './types';
