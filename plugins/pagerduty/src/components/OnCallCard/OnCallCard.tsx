import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InfoCard, Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import {
  ownerRefOf,
  PAGERDUTY_SERVICE_ID_ANNOTATION,
  PagerDutyIncident,
  PagerDutyNoService,
  PagerDutyOnCall,
  PagerDutyService,
} from '@internal/backstage-plugin-pagerduty-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { pagerDutyApiRef } from '../../api/PagerDutyClient';
import { errorMessage, formatAge, formatUntil } from './format';
import { PageOnCallDialog } from './PageOnCallDialog';

/** The text people read when PagerDuty is not configured. */
export const NOT_CONNECTED =
  'PagerDuty is not connected to this portal. An admin sets pagerDuty.apiToken (PAGERDUTY_TOKEN) - see plugins/pagerduty-backend/README.md';

/** "team Checkout" (a link to the team), or the owner's name for a person. */
function OwnerName(props: { ownerRef: string }) {
  const isGroup = parseEntityRef(props.ownerRef).kind.toLowerCase() === 'group';
  return (
    <>
      {isGroup ? 'team ' : ''}
      <EntityRefLink entityRef={props.ownerRef} />
    </>
  );
}

function ServiceLine(props: { service: PagerDutyService }) {
  const { service } = props;
  return (
    <Typography variant="body2" gutterBottom>
      PagerDuty service <Link to={service.htmlUrl}>{service.name}</Link>
      {service.source === 'owner' && service.ownerRef && (
        <>
          {' '}
          (via <OwnerName ownerRef={service.ownerRef} />
          &apos;s default service)
        </>
      )}
    </Typography>
  );
}

function NoService(props: { entity: Entity; answer: PagerDutyNoService }) {
  const { entity, answer } = props;
  const ownerRef = ownerRefOf(entity);
  const kind = entity.kind.toLocaleLowerCase('en-US');
  if (answer.serviceId) {
    return (
      <Alert severity="warning">
        PagerDuty has no service {answer.serviceId}, the{' '}
        <code>{PAGERDUTY_SERVICE_ID_ANNOTATION}</code> of{' '}
        {answer.source === 'owner' && ownerRef ? (
          <>
            its owner <OwnerName ownerRef={ownerRef} />
          </>
        ) : (
          `this ${kind}`
        )}
        . Correct the id (it is in the service&apos;s PagerDuty URL,
        /service-directory/PXXXXXX).
      </Alert>
    );
  }
  return (
    <Alert severity="warning">
      No PagerDuty service for this {kind}. Add the annotation{' '}
      <code>{PAGERDUTY_SERVICE_ID_ANNOTATION}</code> to this {kind}
      &apos;s catalog-info.yaml
      {ownerRef ? (
        <>
          , or a default one to its owner <OwnerName ownerRef={ownerRef} />
        </>
      ) : null}
      .
    </Alert>
  );
}

function OnCallList(props: { onCall: PagerDutyOnCall[]; now: number }) {
  if (props.onCall.length === 0) {
    return (
      <Typography variant="body2">
        Nobody is on call for this service now.
      </Typography>
    );
  }
  return (
    <List dense disablePadding aria-label="On call now">
      {props.onCall.map(o => (
        <ListItem
          key={`${o.escalationLevel}/${o.user.email}/${o.end}`}
          disableGutters
        >
          <ListItemText
            primary={
              <>
                <Chip
                  size="small"
                  label={`Level ${o.escalationLevel}`}
                  color={o.escalationLevel === 1 ? 'primary' : 'default'}
                  style={{ marginRight: 8 }}
                />
                {o.user.htmlUrl ? (
                  <Link to={o.user.htmlUrl}>{o.user.name}</Link>
                ) : (
                  o.user.name
                )}
                {o.user.email && (
                  <>
                    {' · '}
                    <Link to={`mailto:${o.user.email}`}>{o.user.email}</Link>
                  </>
                )}
              </>
            }
            secondary={formatUntil(o.end, props.now)}
          />
        </ListItem>
      ))}
    </List>
  );
}

const STATUS: Record<PagerDutyIncident['status'], string> = {
  triggered: 'Triggered',
  acknowledged: 'Acknowledged',
  resolved: 'Resolved',
};

function Incidents(props: { incidents: PagerDutyIncident[]; now: number }) {
  if (props.incidents.length === 0) {
    return <Typography variant="body2">No open incidents.</Typography>;
  }
  return (
    <List dense disablePadding aria-label="Open incidents">
      {props.incidents.map(i => (
        <ListItem key={i.id} disableGutters>
          <ListItemText
            primary={
              <Link to={i.htmlUrl}>
                #{i.number} {i.title}
              </Link>
            }
            secondary={`${STATUS[i.status]} · ${
              i.urgency
            } urgency · opened ${formatAge(i.createdAt, props.now)}`}
          />
        </ListItem>
      ))}
    </List>
  );
}

/**
 * Who is on call now for the entity's PagerDuty service (its own or its
 * owner team's default), open incidents, and "Page on-call".
 */
export function OnCallCard() {
  const { entity } = useEntity();
  const api = useApi(pagerDutyApiRef);
  const entityRef = stringifyEntityRef(entity);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getOnCall(entityRef),
    [api, entityRef],
  );
  const [paging, setPaging] = useState(false);
  const now = Date.now();

  let content;
  if (loading && !value) {
    content = <Progress />;
  } else if (error) {
    content = <Alert severity="error">{errorMessage(error)}</Alert>;
  } else if (value && !value.configured) {
    content = <Alert severity="info">{NOT_CONNECTED}</Alert>;
  } else if (value && !value.service) {
    content = <NoService entity={entity} answer={value} />;
  } else if (value?.service && 'onCall' in value) {
    content = (
      <>
        <ServiceLine service={value.service} />
        <Typography variant="subtitle2">On call now</Typography>
        <OnCallList onCall={value.onCall} now={now} />
        <Box mt={1}>
          <Typography variant="subtitle2">Open incidents</Typography>
          <Incidents incidents={value.incidents} now={now} />
        </Box>
        <Box mt={2}>
          <Button
            variant="contained"
            color="secondary"
            onClick={() => setPaging(true)}
          >
            Page on-call
          </Button>
        </Box>
        <PageOnCallDialog
          open={paging}
          onClose={() => setPaging(false)}
          onPaged={() => retry()}
          entityRef={entityRef}
          entityTitle={entity.metadata.title ?? entity.metadata.name}
          service={value.service}
          firstOnCall={value.onCall[0]}
        />
      </>
    );
  }

  return <InfoCard title="On call">{content}</InfoCard>;
}
