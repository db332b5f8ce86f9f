import {
  Content,
  ContentHeader,
  Header,
  Link,
  LinkButton,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { campaignCreatePermission } from '@internal/backstage-plugin-campaigns-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import LinearProgress from '@material-ui/core/LinearProgress';
import Paper from '@material-ui/core/Paper';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { campaignsApiRef } from '../../api/CampaignsApi';
import { campaignRouteRef, newCampaignRouteRef } from '../../routes';
import {
  deadlineText,
  describeScope,
  formatDay,
  formatPercent,
  progressText,
  STATUS_LABEL,
} from '../format';

/** `/campaigns`: every campaign with its progress bar and deadline. */
export function CampaignListPage() {
  const api = useApi(campaignsApiRef);
  const campaignLink = useRouteRef(campaignRouteRef);
  const newLink = useRouteRef(newCampaignRouteRef);
  const { allowed: canCreate } = usePermission({
    permission: campaignCreatePermission,
  });
  const { value, loading, error } = useAsync(async () => {
    const [items, targets] = await Promise.all([
      api.listCampaigns(),
      api.getTargets().catch(() => undefined),
    ]);
    const checkTitles = new Map(targets?.checks.map(c => [c.id, c.title]));
    return { items, checkTitles };
  }, [api]);
  const now = new Date();

  return (
    <Page themeId="tool">
      <Header
        title="Campaigns"
        subtitle="Targets the platform team set for the catalog, and how far each team is"
      />
      <Content>
        <ContentHeader title="">
          {canCreate && newLink && (
            <LinkButton variant="contained" color="primary" to={newLink()}>
              New campaign
            </LinkButton>
          )}
        </ContentHeader>
        {loading && <Progress />}
        {error && <ResponseErrorPanel error={error} />}
        {value && value.items.length === 0 && (
          <Typography variant="body1">
            No campaign yet.{' '}
            {canCreate
              ? 'Start one with "New campaign".'
              : 'The platform team starts them.'}
          </Typography>
        )}
        {value && value.items.length > 0 && (
          <Paper>
            <Table aria-label="Campaigns">
              <TableHead>
                <TableRow>
                  <TableCell>Campaign</TableCell>
                  <TableCell style={{ width: '35%' }}>Progress</TableCell>
                  <TableCell>Deadline</TableCell>
                  <TableCell>Status</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {value.items.map(item => {
                  const { campaign } = item;
                  const checkTitle =
                    campaign.target.type === 'check'
                      ? value.checkTitles.get(campaign.target.check)
                      : undefined;
                  return (
                    <TableRow key={campaign.id}>
                      <TableCell>
                        <Link to={campaignLink?.({ id: campaign.id }) ?? ''}>
                          <Typography variant="subtitle1" component="span">
                            {campaign.title}
                          </Typography>
                        </Link>
                        <Typography variant="body2" color="textSecondary">
                          {describeScope(campaign.scope)}
                        </Typography>
                      </TableCell>
                      <TableCell>
                        {item.progressError ? (
                          <Typography variant="body2" color="error">
                            {item.progressError}
                          </Typography>
                        ) : (
                          <>
                            <LinearProgress
                              variant="determinate"
                              value={item.percent ?? 0}
                              aria-label={`${campaign.title}: ${formatPercent(
                                item.percent,
                              )}`}
                            />
                            <Box mt={0.5}>
                              <Typography variant="body2">
                                {progressText(
                                  item.atTarget,
                                  item.inScope,
                                  campaign.scope,
                                  campaign.target,
                                  checkTitle,
                                )}{' '}
                                ({formatPercent(item.percent)})
                              </Typography>
                            </Box>
                          </>
                        )}
                      </TableCell>
                      <TableCell style={{ whiteSpace: 'nowrap' }}>
                        <Typography variant="body2">
                          {formatDay(campaign.deadline)}
                        </Typography>
                        <Typography variant="body2" color="textSecondary">
                          {deadlineText(
                            campaign.startDate,
                            campaign.deadline,
                            now,
                          )}
                        </Typography>
                      </TableCell>
                      <TableCell>
                        <Chip
                          size="small"
                          label={STATUS_LABEL[item.status]}
                          color={
                            item.status === 'active' ? 'primary' : 'default'
                          }
                        />
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          </Paper>
        )}
      </Content>
    </Page>
  );
}
