import { ReactNode } from 'react';
import {
  StatusError,
  StatusOK,
  StatusPending,
} from '@backstage/core-components';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  ClaimSummary,
  CommittedClaim,
} from '@internal/backstage-plugin-crossplane-common';

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

function CommittedRow({
  claim,
  serviceCell,
}: {
  claim: CommittedClaim;
  serviceCell?: ReactNode;
}) {
  const parameters = Object.entries(claim.parameters ?? {})
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
  return (
    <TableRow>
      {serviceCell}
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
 * Claims as a table: those found on clusters (status, composition, secret,
 * age) and those committed to a repository that no cluster has yet. With
 * `service`, a first column says which service each claim belongs to.
 */
export function ClaimsTable<
  TItem extends ClaimSummary,
  TCommitted extends CommittedClaim,
>(props: {
  items: TItem[];
  committed: TCommitted[];
  service?: {
    ofItem: (claim: TItem) => ReactNode;
    ofCommitted: (claim: TCommitted) => ReactNode;
  };
}) {
  const { service } = props;
  const now = Date.now();
  return (
    <Table size="small" aria-label="Crossplane claims">
      <TableHead>
        <TableRow>
          {service && <TableCell>Service</TableCell>}
          <TableCell>Claim</TableCell>
          <TableCell>Status</TableCell>
          <TableCell>Composition</TableCell>
          <TableCell>Connection secret</TableCell>
          <TableCell>Age</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.items.map(claim => (
          <TableRow key={`${claim.cluster}/${claim.namespace}/${claim.name}`}>
            {service && <TableCell>{service.ofItem(claim)}</TableCell>}
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
        {props.committed.map(claim => (
          <CommittedRow
            key={`${claim.url}/${claim.path}`}
            claim={claim}
            serviceCell={
              service && <TableCell>{service.ofCommitted(claim)}</TableCell>
            }
          />
        ))}
      </TableBody>
    </Table>
  );
}
