import { Config } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import type { RateLimitBudget } from '@internal/backstage-plugin-catalog-health-common';

/**
 * The remaining GitHub budget (`core` and `graphql`) of the credentials used
 * for `org` on `host`; GET /rate_limit does not count against the budget.
 */
export async function readRateLimit(
  config: Config,
  host: string,
  org: string,
): Promise<RateLimitBudget[] | undefined> {
  const integrations = ScmIntegrations.fromConfig(config);
  const integration = integrations.github.byHost(host);
  if (!integration?.config.apiBaseUrl) return undefined;
  const { headers } = await DefaultGithubCredentialsProvider.fromIntegrations(
    integrations,
  ).getCredentials({ url: `https://${host}/${org}` });
  const res = await fetch(`${integration.config.apiBaseUrl}/rate_limit`, {
    headers: { ...headers, Accept: 'application/vnd.github+json' },
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) return undefined;
  const body = (await res.json()) as {
    resources: Record<
      string,
      { limit: number; remaining: number; reset: number }
    >;
  };
  return ['core', 'graphql']
    .filter(r => body.resources?.[r])
    .map(r => ({
      resource: r,
      limit: body.resources[r].limit,
      remaining: body.resources[r].remaining,
      reset: new Date(body.resources[r].reset * 1000).toISOString(),
    }));
}
