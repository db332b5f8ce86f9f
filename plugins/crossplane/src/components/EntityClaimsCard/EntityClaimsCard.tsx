import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
  StatusPending,
  WarningPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import {
  ClaimSummary,
  CommittedClaim,
  crossplaneApiRef,
} from '../../api/CrossplaneApi';

/** `3d`, `5h`, `12m`, `40s` since an ISO timestamp, like kubectl's AGE. */
export function age(createdAt: string | undefined, now: number): string {
  if (!createdAt) return '';
  const seconds = Math.max(
    0,
    Math.floor((now - new Date(createdAt).getTime()) / 1000),
  );
  if (seconds >= 86400) return `${Math.floor(seconds / 86400)}d`;
  if (seconds >= 3600) return `${Math.floor(seconds / 3600)}h`;
  if (seconds >= 60) return `${Math.floor(seconds / 60)}m`;
  return `${seconds}s`;
}

function Status({ claim }: { claim: ClaimSummary }) {
  const notTrue = claim.conditions.filter(c => c.status !== 'True');
  const detail = notTrue
    .map(c => `${c.type}: ${[c.reason, c.message].filter(Boolean).join(' – ')}`)
    .join('; ');
  if (claim.ready && claim.synced) {
    return <StatusOK>Ready</StatusOK>;
  }
  const synced = claim.conditions.find(c => c.type === 'Synced');
  const label = synced?.status === 'False' ? 'Not synced' : 'Not ready';
  const Icon = synced?.status === 'False' ? StatusError : StatusPending;
  return (
    <>
      <Icon>{label}</Icon>
      {detail && (
        <Typography variant="caption" display="block">
          {detail}
        </Typography>
      )}
    </>
  );
}

/** What a committed claim waits for, in words. */
export function committedText(claim: CommittedClaim): string {
  return `Committed to ${claim.path} - not applied yet (Argo CD/Flux applies it after merge)`;
}

function CommittedRow({ claim }: { claim: CommittedClaim }) {
  const parameters = Object.entries(claim.parameters ?? {})
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
  return (
    <TableRow>
      <TableCell>
        <Typography variant="body2">
          {claim.kind && claim.name
            ? `${claim.kind} ${claim.namespace ?? ''}/${claim.name}`
            : claim.path}
        </Typography>
        <Typography variant="caption" color="textSecondary">
          {parameters
            ? `in the repository (${parameters})`
            : 'in the repository'}
        </Typography>
      </TableCell>
      <TableCell>
        {claim.error ? (
          <StatusError>{claim.error}</StatusError>
        ) : (
          <StatusPending>{committedText(claim)}</StatusPending>
        )}
      </TableCell>
      <TableCell>–</TableCell>
      <TableCell>{claim.connectionSecretName ?? '–'}</TableCell>
      <TableCell>–</TableCell>
    </TableRow>
  );
}

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
  const now = Date.now();

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
        !value.committed?.length && (
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
      {value && (value.items.length > 0 || !!value.committed?.length) && (
        <Table size="small" aria-label="Crossplane claims">
          <TableHead>
            <TableRow>
              <TableCell>Claim</TableCell>
              <TableCell>Status</TableCell>
              <TableCell>Composition</TableCell>
              <TableCell>Connection secret</TableCell>
              <TableCell>Age</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {value.items.map(claim => (
              <TableRow
                key={`${claim.cluster}/${claim.namespace}/${claim.name}`}
              >
                <TableCell>
                  <Typography variant="body2">
                    {claim.kind} {claim.namespace}/{claim.name}
                  </Typography>
                  <Typography variant="caption" color="textSecondary">
                    cluster {claim.cluster}
                  </Typography>
                </TableCell>
                <TableCell>
                  <Status claim={claim} />
                </TableCell>
                <TableCell>{claim.compositionName ?? '–'}</TableCell>
                <TableCell>{claim.connectionSecretName ?? '–'}</TableCell>
                <TableCell>{age(claim.createdAt, now)}</TableCell>
              </TableRow>
            ))}
            {value.committed?.map(claim => (
              <CommittedRow key={claim.path} claim={claim} />
            ))}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
}
