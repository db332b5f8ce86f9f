import { useApi } from '@backstage/frontend-plugin-api';
import { Link } from '@backstage/core-components';
import { pagerDutyApiRef } from '@internal/backstage-plugin-pagerduty';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';

/**
 * Who to warn about a dependent: the person paged first for its PagerDuty
 * service (its own or its owner team's default), from the pagerduty plugin.
 */
export function DependentOnCall(props: { entityRef: string }) {
  const api = useApi(pagerDutyApiRef);
  const { value, loading, error } = useAsync(
    () => api.getOnCall(props.entityRef),
    [api, props.entityRef],
  );
  const muted = (text: string) => (
    <Typography variant="body2" color="textSecondary">
      {text}
    </Typography>
  );
  if (loading) return muted('…');
  if (error) return muted('PagerDuty unavailable');
  if (!value?.configured) return muted('PagerDuty not connected');
  if (!value.service) return muted('No PagerDuty service');
  const first = value.onCall[0];
  if (!first) return muted('Nobody on call');
  return (
    <Typography variant="body2">
      <Link to={first.user.htmlUrl}>{first.user.name}</Link>
      {value.incidents.length > 0 &&
        ` · ${value.incidents.length} open incident${
          value.incidents.length === 1 ? '' : 's'
        }`}
    </Typography>
  );
}
