import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { crossplaneApiRef } from '../../api/CrossplaneApi';
import { ClaimsTable } from '../ClaimsTable';

/**
 * The Crossplane claims (databases and other infrastructure) of the current
 * entity: status conditions, composition, connection secret and age.
 */
export function EntityClaimsCard() {
  const { entity } = useEntity();
  const api = useApi(crossplaneApiRef);
  const entityRef = stringifyEntityRef(entity);
  const { value, loading, error } = useAsync(
    () => api.getClaims(entityRef),
    [api, entityRef],
  );

  return (
    <InfoCard title="Infrastructure (Crossplane claims)">
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value?.errors.map(e => (
        <WarningPanel
          key={`${e.cluster}/${e.kind}`}
          title={`Cannot read ${e.kind} claims on cluster ${e.cluster}`}
          message={e.message}
        />
      ))}
      {value &&
        value.items.length === 0 &&
        value.errors.length === 0 &&
        value.committed.length === 0 && (
          <Typography variant="body2">
            No Crossplane claims are labelled{' '}
            <code>
              backstage.io/kubernetes-id=
              {entity.metadata.annotations?.['backstage.io/kubernetes-id'] ??
                entity.metadata.name}
            </code>
            . Request a database with the &quot;Need Postgres?&quot; option of
            the golden paths.
          </Typography>
        )}
      {value && (value.items.length > 0 || value.committed.length > 0) && (
        <ClaimsTable items={value.items} committed={value.committed} />
      )}
    </InfoCard>
  );
}
