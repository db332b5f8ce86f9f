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
 * What a GitHub ingestion provider reads: `discovery`, the catalog files of
 * the organisation's repositories; `org`, its teams and members.
 */
export type ProviderKind = 'discovery' | 'org';

/**
 * Where a provider's scheduled run stands: `scheduled` (no run yet),
 * `running`, `retrying` (an attempt failed, the next one is coming),
 * `succeeded` or `failed` (every attempt failed; the catalog keeps the
 * entities of the last successful run).
 */
export type ProviderStatus =
  | 'scheduled'
  | 'running'
  | 'retrying'
  | 'succeeded'
  | 'failed';

/** One GitHub ingestion provider of the catalog. */
export type ProviderHealth = {
  provider: string;
  kind: ProviderKind;
  /** The scheduler task that runs it (`<provider>:guarded-refresh`). */
  taskId: string;
  status: ProviderStatus;
  /** ISO 8601 */
  lastRunStartedAt?: string;
  /** ISO 8601 */
  lastRunEndedAt?: string;
  /** ISO 8601 */
  lastSuccessAt?: string;
  /** Entities last applied (locations for discovery; users + groups for org). */
  entitiesFound?: number;
  /** Errors of the failed attempts of the last run. */
  errors: string[];
  rateLimit?: RateLimitBudget[];
};

/**
 * The answer of `GET /api/catalog/github-ingestion`: every configured
 * provider, none when the portal is not connected to GitHub
 * (`catalog.providers.github.organization` unset).
 */
export type GithubIngestionResponse = {
  providers: ProviderHealth[];
};
