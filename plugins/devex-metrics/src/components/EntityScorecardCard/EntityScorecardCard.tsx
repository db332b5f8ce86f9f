import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Chip from '@material-ui/core/Chip';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import CheckIcon from '@material-ui/icons/CheckCircle';
import CrossIcon from '@material-ui/icons/Cancel';
import NotApplicableIcon from '@material-ui/icons/RemoveCircleOutline';
import useAsync from 'react-use/esm/useAsync';
import { devexMetricsApiRef } from '../../api/DevexMetricsApi';
import { LevelChart } from '../charts';
import { formatDayLong } from '@internal/backstage-plugin-portal-react';
import { arrowOf, levelTrend } from '../trend';

/** The entity's recorded level per day: a sentence and, from two days, a chart. */
function LevelHistory(props: { entityRef: string }) {
  const api = useApi(devexMetricsApiRef);
  const { value } = useAsync(
    () => api.getScorecardHistory({ entityRef: props.entityRef }, 90),
    [api, props.entityRef],
  );
  if (!value || value.kind !== 'entity' || value.days.length === 0) {
    return null;
  }
  const trend = levelTrend(value.days, value.levels)!;
  return (
    <>
      <Typography variant="body2">
        {`Trend: ${arrowOf(trend.direction)} ${trend.text}`}
      </Typography>
      {value.days.length > 1 ? (
        <LevelChart
          title="Readiness level per day"
          days={value.days}
          levels={value.levels}
        />
      ) : (
        <Typography variant="caption" color="textSecondary" component="p">
          Recorded daily from {formatDayLong(value.days[0].day)}.
        </Typography>
      )}
    </>
  );
}

/** The production-readiness scorecard of the current entity. */
export function EntityScorecardCard() {
  const { entity } = useEntity();
  const api = useApi(devexMetricsApiRef);
  const ref = stringifyEntityRef(entity);
  const { value, loading, error } = useAsync(
    () => api.getScorecard(ref),
    [api, ref],
  );
  const notApplicable = value?.checks.filter(c => c.notApplicable).length ?? 0;

  return (
    <InfoCard title="Production readiness">
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && (
        <>
          <Typography variant="h6" component="p">
            Level:{' '}
            <Chip
              label={value.level ?? 'none'}
              color={value.level ? 'primary' : 'default'}
              size="small"
            />{' '}
            <Typography component="span" color="textSecondary">
              {value.passed} of {value.total} checks pass
              {notApplicable > 0 &&
                `, ${notApplicable} ${
                  notApplicable === 1 ? 'does' : 'do'
                } not apply`}
            </Typography>
          </Typography>
          <LevelHistory entityRef={ref} />
          <List dense>
            {value.checks.map(c => (
              <ListItem key={c.id}>
                <ListItemIcon>
                  {c.notApplicable && (
                    <NotApplicableIcon
                      color="disabled"
                      titleAccess="not applicable"
                    />
                  )}
                  {!c.notApplicable && c.passed && (
                    <CheckIcon
                      style={{ color: '#2e7d32' }}
                      titleAccess="passed"
                    />
                  )}
                  {!c.passed && (
                    <CrossIcon color="error" titleAccess="missing" />
                  )}
                </ListItemIcon>
                <ListItemText
                  // the theme keeps list text on one line; reasons are
                  // sentences a team must read to the end
                  style={{ whiteSpace: 'normal', overflow: 'visible' }}
                  secondaryTypographyProps={{ style: { whiteSpace: 'normal' } }}
                  primary={
                    c.notApplicable ? `${c.title} (not applicable)` : c.title
                  }
                  secondary={
                    c.passed && !c.notApplicable ? undefined : c.reason
                  }
                />
              </ListItem>
            ))}
          </List>
        </>
      )}
    </InfoCard>
  );
}
