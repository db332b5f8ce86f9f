import {
  Content,
  Header,
  InfoCard,
  Page,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { crossplaneApiRef } from '../../api/CrossplaneApi';
import { ClaimsTable } from '../ClaimsTable';

/**
 * `/crossplane`: every Crossplane claim of the portal's services, on every
 * cluster and committed to repositories (GitOps, not applied yet), with its
 * status and the service it belongs to.
 */
export function ClaimsPage() {
  const api = useApi(crossplaneApiRef);
  const { value, loading, error } = useAsync(() => api.getAllClaims(), [api]);
  const clusterClaims = value?.items.length ?? 0;
  const committed = value?.committed.length ?? 0;

  return (
    <Page themeId="tool">
      <Header
        title="Crossplane claims"
        subtitle="Databases and other infrastructure the services requested through the golden paths"
      />
      <Content>
        {loading && <Progress />}
        {error && <ResponseErrorPanel error={error} />}
        {value?.errors.map(e => (
          <WarningPanel
            key={`${e.cluster}/${e.kind}`}
            title={`Cannot read ${e.kind} claims on cluster ${e.cluster}`}
            message={e.message}
          />
        ))}
        {value && (
          <InfoCard
            title={`${clusterClaims} on clusters, ${committed} committed and not applied yet`}
          >
            {clusterClaims + committed === 0 ? (
              <Typography variant="body2">
                No service has a Crossplane claim yet. A service gets one with
                the &quot;Need Postgres?&quot; option of a golden path (Create).
              </Typography>
            ) : (
              <ClaimsTable
                items={value.items}
                committed={value.committed}
                service={{
                  ofItem: claim =>
                    claim.kubernetesId ? (
                      <code>{claim.kubernetesId}</code>
                    ) : (
                      '–'
                    ),
                  ofCommitted: claim => (
                    <EntityRefLink entityRef={claim.entityRef} />
                  ),
                }}
              />
            )}
          </InfoCard>
        )}
      </Content>
    </Page>
  );
}
