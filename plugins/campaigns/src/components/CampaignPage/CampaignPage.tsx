import {
  Content,
  Header,
  InfoCard,
  LinkButton,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  CampaignDetails,
  campaignUpdatePermission,
  describeTarget,
  OwnerProgress,
  scopeNoun,
} from '@internal/backstage-plugin-campaigns-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import LinearProgress from '@material-ui/core/LinearProgress';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { useParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { campaignsApiRef } from '../../api/CampaignsApi';
import { editCampaignRouteRef, rootRouteRef } from '../../routes';
import { BurnUpChart } from '../BurnUpChart';
import {
  deadlineText,
  describeScope,
  formatDay,
  formatPercent,
  progressText,
  STATUS_LABEL,
} from '../format';

function OwnerTodo(props: { owner: OwnerProgress; details: CampaignDetails }) {
  const { owner, details } = props;
  const { campaign } = details;
  const noun = scopeNoun(campaign.scope, owner.inScope);
  const left = owner.todo.length;
  const title = owner.owner ? owner.owner.title : 'No owner';
  return (
    <Box mb={3} component="section" aria-label={title}>
      <Typography variant="h6" component="h3">
        {owner.owner ? (
          <EntityRefLink entityRef={owner.owner.ref} hideIcon>
            {owner.owner.title}
          </EntityRefLink>
        ) : (
          'No owner'
        )}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {left === 0
          ? `Done: all ${owner.inScope} ${noun} ${describeTarget(
              campaign.target,
            )}`
          : `${left} of ${owner.inScope} ${noun} to fix`}
      </Typography>
      {left > 0 && (
        <Table size="small" aria-label={`What ${title} must fix`}>
          <TableHead>
            <TableRow>
              <TableCell style={{ width: '25%' }}>Entity</TableCell>
              <TableCell style={{ width: '12%' }}>Level now</TableCell>
              <TableCell>Failing checks</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {owner.todo.map(t => (
              <TableRow key={t.entity.ref}>
                <TableCell>
                  <EntityRefLink entityRef={t.entity.ref} hideIcon>
                    {t.entity.title}
                  </EntityRefLink>
                </TableCell>
                <TableCell>
                  {t.scored ? t.level ?? 'no level' : 'not scored yet'}
                </TableCell>
                <TableCell>
                  {!t.scored && (
                    <Typography variant="body2" color="textSecondary">
                      DevEx has no scorecard for it yet, so it cannot count.
                    </Typography>
                  )}
                  {t.failingChecks.map(c => (
                    <Typography key={c.id} variant="body2">
                      <strong>{c.title}</strong>
                      {c.reason ? ` - ${c.reason}` : ''}
                    </Typography>
                  ))}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
}

/** `/campaigns/:id`: progress, the burn-up and what each owner team must fix. */
export function CampaignPage() {
  const { id = '' } = useParams();
  const api = useApi(campaignsApiRef);
  const editLink = useRouteRef(editCampaignRouteRef);
  const listLink = useRouteRef(rootRouteRef);
  const { allowed: canEdit } = usePermission({
    permission: campaignUpdatePermission,
  });
  const { value, loading, error } = useAsync(async () => {
    const [details, targets] = await Promise.all([
      api.getCampaign(id),
      api.getTargets().catch(() => undefined),
    ]);
    return { details, targets };
  }, [api, id]);

  if (loading) return <Progress />;
  if (error || !value) {
    return (
      <Page themeId="tool">
        <Header title="Campaign" />
        <Content>
          <ResponseErrorPanel error={error ?? new Error('Not found')} />
        </Content>
      </Page>
    );
  }

  const { details, targets } = value;
  const { campaign, progress } = details;
  const checkTitle =
    campaign.target.type === 'check'
      ? targets?.checks.find(
          c =>
            campaign.target.type === 'check' && c.id === campaign.target.check,
        )?.title
      : undefined;
  const now = new Date();

  return (
    <Page themeId="tool">
      <Header
        title={campaign.title}
        subtitle={`${describeScope(campaign.scope)} ${describeTarget(
          campaign.target,
          checkTitle,
        )} by ${formatDay(campaign.deadline)}`}
        type="Campaigns"
        typeLink={listLink?.()}
      >
        {canEdit && editLink && (
          <LinkButton
            variant="contained"
            color="default"
            to={editLink({ id: campaign.id })}
          >
            Edit
          </LinkButton>
        )}
      </Header>
      <Content>
        <Grid container spacing={3}>
          <Grid item xs={12} md={5}>
            <InfoCard title="Progress">
              <Typography variant="h5" component="p">
                {progressText(
                  progress.atTarget,
                  progress.inScope,
                  campaign.scope,
                  campaign.target,
                  checkTitle,
                )}
              </Typography>
              <Box my={1}>
                <LinearProgress
                  variant="determinate"
                  value={progress.percent ?? 0}
                  aria-label={`Progress: ${formatPercent(progress.percent)}`}
                />
              </Box>
              <Typography variant="body2">
                {formatPercent(progress.percent)} ·{' '}
                {STATUS_LABEL[details.status]} · deadline{' '}
                {formatDay(campaign.deadline)} (
                {deadlineText(campaign.startDate, campaign.deadline, now)}) ·
                from {formatDay(campaign.startDate)}
              </Typography>
              {campaign.description && (
                <Box mt={2}>
                  <Typography variant="body1">
                    {campaign.description}
                  </Typography>
                </Box>
              )}
            </InfoCard>
          </Grid>
          <Grid item xs={12} md={7}>
            <InfoCard title="Burn-up">
              <BurnUpChart
                history={details.history}
                startDate={campaign.startDate}
                deadline={campaign.deadline}
                now={now}
              />
            </InfoCard>
          </Grid>
          <Grid item xs={12}>
            <InfoCard title="What each team must fix">
              {progress.owners.length === 0 ? (
                <Typography variant="body2">
                  Nothing in the catalog matches this campaign's scope.
                </Typography>
              ) : (
                progress.owners.map(owner => (
                  <OwnerTodo
                    key={owner.owner?.ref ?? ''}
                    owner={owner}
                    details={details}
                  />
                ))
              )}
            </InfoCard>
          </Grid>
        </Grid>
      </Content>
    </Page>
  );
}
