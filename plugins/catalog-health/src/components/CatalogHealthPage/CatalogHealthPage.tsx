import {
  Content,
  EmptyState,
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
  StructuredMetadataTable,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import type {
  ProviderHealth,
  RateLimitBudget,
} from '@internal/backstage-plugin-catalog-health-common';
import { catalogHealthApiRef } from '../../api/CatalogHealthApi';

const KIND_LABEL: Record<ProviderHealth['kind'], string> = {
  discovery: 'Repository discovery (catalog-info.yaml)',
  org: 'Teams and members',
};

function when(iso: string | undefined): string {
  return iso ? new Date(iso).toLocaleString() : 'not yet';
}

function lastRun(p: ProviderHealth): string {
  if (p.status === 'running' || p.status === 'retrying') {
    return `${p.status} since ${when(p.lastRunStartedAt)}`;
  }
  if (!p.lastRunEndedAt) {
    return 'no run yet';
  }
  return `${p.status} at ${when(p.lastRunEndedAt)}`;
}

function budget(rateLimit: RateLimitBudget[] | undefined): string {
  if (!rateLimit?.length) {
    return 'unknown (no run yet, or GitHub did not answer /rate_limit)';
  }
  return rateLimit
    .map(
      r =>
        `${
          r.resource
        }: ${r.remaining.toLocaleString()} of ${r.limit.toLocaleString()} left (resets ${when(
          r.reset,
        )})`,
    )
    .join(' · ');
}

function ProviderCard({ provider }: { provider: ProviderHealth }) {
  const entitiesLabel =
    provider.kind === 'discovery'
      ? 'Catalog files found'
      : 'Users and groups found';
  return (
    <InfoCard
      title={provider.provider}
      subheader={KIND_LABEL[provider.kind] ?? provider.kind}
    >
      {provider.status === 'failed' && (
        <WarningPanel
          severity="error"
          title="The last run failed; the catalog keeps the entities of the last successful run"
        />
      )}
      <StructuredMetadataTable
        metadata={{
          'Last run': lastRun(provider),
          'Last success': when(provider.lastSuccessAt),
          [entitiesLabel]:
            provider.entitiesFound === undefined
              ? 'not yet'
              : provider.entitiesFound.toLocaleString(),
          'GitHub rate limit': budget(provider.rateLimit),
        }}
      />
      <Typography variant="subtitle2" style={{ marginTop: 16 }}>
        Errors of the last run
      </Typography>
      {provider.errors.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          None
        </Typography>
      ) : (
        <ul aria-label={`Errors of ${provider.provider}`}>
          {provider.errors.map((e, i) => (
            <li key={i}>
              <Typography variant="body2">{e}</Typography>
            </li>
          ))}
        </ul>
      )}
    </InfoCard>
  );
}

/**
 * The catalog's GitHub ingestion, per provider: last run, entities found,
 * errors and the remaining GitHub rate-limit budget.
 */
export function CatalogHealthPage() {
  const api = useApi(catalogHealthApiRef);
  const { value, loading, error } = useAsync(
    () => api.getGithubIngestion(),
    [api],
  );

  let body;
  if (loading) {
    body = <Progress />;
  } else if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else if (!value?.length) {
    body = (
      <EmptyState
        missing="info"
        title="GitHub ingestion is not configured"
        description="This portal does not read its catalog from GitHub: catalog.providers.github.organization is not set. Set GITHUB_ORG and GITHUB_TOKEN (or a GitHub App) and start the portal with app-config.production.yaml; see the README section “Catalog from GitHub”."
      />
    );
  } else {
    body = (
      <Grid container spacing={3}>
        {value.map(p => (
          <Grid item xs={12} md={6} key={p.provider}>
            <ProviderCard provider={p} />
          </Grid>
        ))}
      </Grid>
    );
  }

  return (
    <Content>
      {body}
      <Typography variant="body2" style={{ marginTop: 24 }}>
        Catalog files that could not be processed (invalid YAML, entities that
        fail validation) are listed with their errors, per location, on the{' '}
        <Link to="/catalog-unprocessed-entities">Unprocessed Entities</Link>{' '}
        page.
      </Typography>
    </Content>
  );
}
