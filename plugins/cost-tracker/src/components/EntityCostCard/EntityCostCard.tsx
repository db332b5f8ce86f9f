import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import { EntityDisplayName, useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { costTrackerApiRef } from '../../api/CostTrackerApi';
import { rootRouteRef } from '../../routes';
import { CATEGORIES, DailyCostChart, useCategoryColors } from '../charts';
import { formatDayLong } from '@internal/backstage-plugin-portal-react';
import { formatChange, formatMoney } from '../format';

/**
 * The cost of the current entity over the last 30 days: total, compute,
 * storage and network, change against the 30 days before, a daily chart and
 * the budget when one is set.
 */
export function EntityCostCard() {
  const { entity } = useEntity();
  const api = useApi(costTrackerApiRef);
  const costPage = useRouteRef(rootRouteRef);
  const colors = useCategoryColors();
  const { value, loading, error } = useAsync(
    () => api.getEntityCost(getCompoundEntityRef(entity)),
    [api, entity],
  );

  const ref = stringifyEntityRef(entity);
  const deepLink = costPage
    ? {
        title: 'Cost details',
        link: `${costPage()}?entity=${encodeURIComponent(ref)}`,
      }
    : undefined;

  return (
    <InfoCard title="Cost, last 30 days" deepLink={deepLink}>
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && value.total === 0 && value.previous.total === 0 && (
        <Typography variant="body2">
          No costs recorded for{' '}
          <EntityDisplayName entityRef={entity} hideIcon disableTooltip />{' '}
          between {formatDayLong(value.from)} and {formatDayLong(value.to)}.
          Costs are mapped through the <code>backstage.io/kubernetes-id</code>,{' '}
          <code>backstage.io/kubernetes-label-selector</code> or{' '}
          <code>acme.io/cost-tag</code> annotations.
        </Typography>
      )}
      {value && (value.total > 0 || value.previous.total > 0) && (
        <>
          <Box display="flex" alignItems="baseline" style={{ gap: 12 }}>
            <Typography variant="h4" component="p" aria-label="Total cost">
              {formatMoney(value.total, value.currency)}
            </Typography>
            <Typography
              variant="body2"
              color={
                value.change !== null && value.change > 0
                  ? 'error'
                  : 'textSecondary'
              }
            >
              {value.change === null
                ? 'no cost in the previous 30 days'
                : `${formatChange(
                    value.change,
                  )} vs previous 30 days (${formatMoney(
                    value.previous.total,
                    value.currency,
                  )})`}
            </Typography>
          </Box>
          <Box
            component="dl"
            display="grid"
            gridTemplateColumns="auto 1fr"
            style={{ columnGap: 16, rowGap: 2, margin: '12px 0' }}
          >
            {CATEGORIES.filter(
              ([c]) => c !== 'other' || value.byCategory.other > 0,
            ).map(([c, label]) => (
              <Box key={c} display="contents">
                <Typography component="dt" variant="body2">
                  <span
                    style={{
                      display: 'inline-block',
                      width: 10,
                      height: 10,
                      marginRight: 6,
                      background: colors[c],
                    }}
                  />
                  {label}
                </Typography>
                <Typography
                  component="dd"
                  variant="body2"
                  style={{ margin: 0 }}
                >
                  {formatMoney(value.byCategory[c], value.currency)}
                </Typography>
              </Box>
            ))}
          </Box>
          <DailyCostChart
            days={value.byDay}
            currency={value.currency}
            height={180}
            legend={false}
          />
          {value.budget && (
            <Typography
              variant="body2"
              color={
                value.budget.monthToDate > value.budget.monthly
                  ? 'error'
                  : 'textSecondary'
              }
            >
              Month to date{' '}
              {formatMoney(value.budget.monthToDate, value.currency)} of a{' '}
              {formatMoney(value.budget.monthly, value.currency)} monthly budget
            </Typography>
          )}
          {value.members.length > 1 && costPage && (
            <Typography variant="body2">
              Sum of {value.members.length} entities;{' '}
              <Link to={deepLink!.link}>see each one</Link>.
            </Typography>
          )}
        </>
      )}
    </InfoCard>
  );
}
