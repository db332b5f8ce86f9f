import { ReactNode } from 'react';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  catalogApiRef,
  EntityRefLink,
  useEntity,
} from '@backstage/plugin-catalog-react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { Dependent, findDependents } from './dependents';

function How({ dependent }: { dependent: Dependent }) {
  const parts: ReactNode[] = [];
  if (dependent.direct) parts.push('depends on it');
  for (const api of dependent.viaApis) {
    parts.push(
      <span key={stringifyEntityRef(api)}>
        consumes <EntityRefLink entityRef={api} />
      </span>,
    );
  }
  return (
    <>
      {parts.map((part, i) => (
        <Typography key={i} variant="body2" component="div">
          {part}
        </Typography>
      ))}
    </>
  );
}

/**
 * "Used by": what depends on the current entity, directly or through the
 * APIs it provides, with each dependent's owner and lifecycle: the blast
 * radius of an incident at a glance. An optional column shows who is on call
 * for each dependent (`onCall`), so the people to warn are one look away.
 */
export function UsedByCard(props: {
  onCall?: (dependent: Dependent) => ReactNode;
}) {
  const { onCall } = props;
  const { entity } = useEntity();
  const catalogApi = useApi(catalogApiRef);
  const { value, loading, error } = useAsync(
    () => findDependents(entity, catalogApi),
    [entity, catalogApi],
  );

  return (
    <InfoCard title="Used by">
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && value.length === 0 && (
        <Typography variant="body2">
          Nothing in the catalog depends on this{' '}
          {entity.kind.toLocaleLowerCase('en-US')} or consumes its APIs.
        </Typography>
      )}
      {value && value.length > 0 && (
        <>
          <Typography variant="body2" paragraph>
            {value.length === 1
              ? '1 entity depends on this one, directly or through its APIs.'
              : `${value.length} entities depend on this one, directly or through its APIs.`}
          </Typography>
          <Table size="small" aria-label="Used by">
            <TableHead>
              <TableRow>
                <TableCell>Used by</TableCell>
                <TableCell>How</TableCell>
                <TableCell>Owner</TableCell>
                {onCall && <TableCell>On call</TableCell>}
              </TableRow>
            </TableHead>
            <TableBody>
              {value.map(dependent => (
                <TableRow key={dependent.entityRef}>
                  <TableCell>
                    <EntityRefLink
                      entityRef={dependent.entity ?? dependent.entityRef}
                    />
                    {dependent.entity?.spec?.lifecycle && (
                      <Typography
                        variant="caption"
                        color="textSecondary"
                        display="block"
                      >
                        {String(dependent.entity.spec.lifecycle)}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell>
                    <How dependent={dependent} />
                  </TableCell>
                  <TableCell>
                    {dependent.ownerRefs.length === 0
                      ? 'No owner'
                      : dependent.ownerRefs.map(ref => (
                          <Typography key={ref} variant="body2" component="div">
                            <EntityRefLink
                              entityRef={
                                dependent.owners.find(
                                  o => stringifyEntityRef(o) === ref,
                                ) ?? ref
                              }
                            />
                          </Typography>
                        ))}
                  </TableCell>
                  {onCall && <TableCell>{onCall(dependent)}</TableCell>}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      )}
    </InfoCard>
  );
}
