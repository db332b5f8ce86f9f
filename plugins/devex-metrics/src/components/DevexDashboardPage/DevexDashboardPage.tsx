import {
  Content,
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
  WarningPanel,
} from '@backstage/core-components';
import { parseEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  DevexDashboard,
  HealthStatus,
  TeamScorecard,
} from '@internal/backstage-plugin-devex-metrics-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { devexMetricsApiRef } from '../../api/DevexMetricsApi';
import { BarChart } from '../charts/BarChart';
import { LineChart } from '../charts/LineChart';
import { SurveyWidget } from '../SurveyWidget';

const STATUS_COLORS: Record<HealthStatus, string> = {
  healthy: '#2e7d32',
  warning: '#ed6c02',
  unhealthy: '#d32f2f',
  unknown: '#757575',
};

function StatusChip(props: { status: HealthStatus }) {
  return (
    <Chip
      size="small"
      label={props.status}
      style={{ background: STATUS_COLORS[props.status], color: '#fff' }}
    />
  );
}

function pct(v: number | null | undefined): string {
  return v === null || v === undefined ? '–' : `${v}%`;
}

export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '–';
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 2 * 86400) return `${Math.round((seconds / 3600) * 10) / 10} h`;
  return `${Math.round((seconds / 86400) * 10) / 10} days`;
}

function Figure(props: {
  title: string;
  value: string;
  status: HealthStatus;
  detail: string;
}) {
  return (
    <InfoCard title={props.title}>
      <Box display="flex" alignItems="center" gridGap={12}>
        <Typography variant="h3" component="p">
          {props.value}
        </Typography>
        <StatusChip status={props.status} />
      </Box>
      <Typography variant="body2" color="textSecondary">
        {props.detail}
      </Typography>
    </InfoCard>
  );
}

const TTFD_BUCKETS: [string, number][] = [
  ['< 1 h', 3600],
  ['1-4 h', 4 * 3600],
  ['4-12 h', 12 * 3600],
  ['12-24 h', 86400],
  ['1-2 days', 2 * 86400],
  ['2-7 days', 7 * 86400],
  ['> 7 days', Infinity],
];

function Dashboard(props: { data: DevexDashboard; onRefresh: () => void }) {
  const theme = useTheme();
  const { data } = props;
  const s = data.latest!;
  const t = data.thresholds;
  const [refreshing, setRefreshing] = useState(false);
  const api = useApi(devexMetricsApiRef);

  const deployed = s.timeToFirstDeploy.services.flatMap(x =>
    x.seconds === null ? [] : [x.seconds],
  );
  const teamColumns: TableColumn<TeamScorecard & { id: string }>[] = [
    {
      title: 'Team',
      field: 'owner',
      highlight: true,
      render: row => {
        if (!row.owner.includes(':')) return row.owner;
        const { kind, namespace, name } = parseEntityRef(row.owner);
        return (
          <Link to={`/catalog/${namespace}/${kind}/${name}`}>{row.owner}</Link>
        );
      },
    },
    { title: 'Services', field: 'services', type: 'numeric' },
    ...[...s.levels, 'none'].map(level => ({
      title: level,
      render: (row: TeamScorecard) => row.levels[level] ?? 0,
    })),
    {
      title: 'Checks passed',
      field: 'scorePercent',
      type: 'numeric' as const,
      render: row => `${row.scorePercent}%`,
    },
  ];

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Box display="flex" alignItems="center" gridGap={12}>
          <Typography variant="h5" component="h2">
            Platform health
          </Typography>
          <StatusChip status={s.overall} />
          <Typography variant="body2" color="textSecondary">
            computed {new Date(s.computedAt).toLocaleString()}
          </Typography>
          <Button
            size="small"
            variant="outlined"
            disabled={refreshing}
            onClick={async () => {
              setRefreshing(true);
              try {
                await api.refresh();
              } finally {
                setRefreshing(false);
                props.onRefresh();
              }
            }}
          >
            Recompute now
          </Button>
        </Box>
      </Grid>
      <Grid item xs={12} md={3}>
        <Figure
          title="Services in catalog"
          value={pct(s.catalog.coveragePercent)}
          status={s.catalog.status}
          detail={`${s.catalog.servicesInCatalog} components, ${s.catalog.repositoriesDiscovered} repositories; target > ${t.catalogCoveragePercent}%`}
        />
      </Grid>
      <Grid item xs={12} md={3}>
        <Figure
          title="Golden-path adoption"
          value={pct(s.goldenPath.adoptionPercent)}
          status={s.goldenPath.status}
          detail={`${s.goldenPath.fromTemplate} of ${s.catalog.servicesInCatalog} from templates; target > ${t.goldenPathAdoptionPercent}%, unhealthy < ${t.unhealthyAdoptionPercent}%`}
        />
      </Grid>
      <Grid item xs={12} md={3}>
        <Figure
          title="DevEx NPS"
          value={s.survey.nps === null ? '–' : String(s.survey.nps)}
          status={s.survey.status}
          detail={`${s.survey.responses} answers in ${s.survey.period}; target > ${t.nps}, unhealthy < ${t.unhealthyNps}`}
        />
      </Grid>
      <Grid item xs={12} md={3}>
        <Figure
          title="Time to first deploy"
          value={formatDuration(s.timeToFirstDeploy.medianSeconds)}
          status={s.timeToFirstDeploy.status}
          detail={`median of ${s.timeToFirstDeploy.deployed} services, ${s.timeToFirstDeploy.pending} not deployed yet; target < ${t.timeToFirstDeployHours} h`}
        />
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="Adoption over time">
          <LineChart
            title="Catalog coverage and golden-path adoption over time"
            labels={data.history.map(h =>
              new Date(h.computedAt).toLocaleDateString(),
            )}
            series={[
              {
                name: 'Catalog coverage',
                color: theme.palette.primary.main,
                points: data.history.map(h => h.catalogCoveragePercent),
              },
              {
                name: 'Golden-path adoption',
                color: theme.palette.secondary.main,
                points: data.history.map(h => h.adoptionPercent),
              },
            ]}
            target={{
              value: t.goldenPathAdoptionPercent,
              label: `adoption target ${t.goldenPathAdoptionPercent}%`,
            }}
          />
          <Typography variant="caption" color="textSecondary">
            Blue: catalog coverage · Pink: golden-path adoption · dashed:
            adoption target
          </Typography>
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="Template usage">
          <BarChart
            title="Template executions by outcome"
            bars={s.goldenPath.executions.map(e => ({
              label: parseEntityRef(e.template).name,
              values: [
                { name: 'completed', value: e.completed, color: '#2e7d32' },
                { name: 'failed', value: e.failed, color: '#d32f2f' },
                { name: 'cancelled', value: e.cancelled, color: '#9e9e9e' },
                { name: 'running', value: e.other, color: '#1976d2' },
              ],
            }))}
          />
          <Typography variant="caption" color="textSecondary">
            Green: completed · red: failed · grey: cancelled · blue: running
          </Typography>
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="NPS trend">
          {data.npsTrend.length === 0 ? (
            <Typography color="textSecondary">
              No survey answers yet.
            </Typography>
          ) : (
            <BarChart
              title="NPS per survey period"
              bars={data.npsTrend.map(p => ({
                label: p.period,
                values: [{ value: Math.max(p.nps ?? 0, 0) }],
              }))}
              format={v => String(v)}
            />
          )}
          {data.npsTrend.map(p => (
            <Typography key={p.period} variant="body2">
              {p.period}: NPS {p.nps ?? '–'} ({p.promoters} promoters,{' '}
              {p.passives} passives, {p.detractors} detractors)
            </Typography>
          ))}
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="Time to first deploy">
          {deployed.length === 0 ? (
            <Typography color="textSecondary">
              No service created from a golden path has deployed yet (
              {s.timeToFirstDeploy.pending} waiting).
            </Typography>
          ) : (
            <BarChart
              title="Services by time from golden-path run to first deploy"
              bars={TTFD_BUCKETS.map(([label, upper], i) => ({
                label,
                values: [
                  {
                    value: deployed.filter(
                      d =>
                        d < upper && (i === 0 || d >= TTFD_BUCKETS[i - 1][1]),
                    ).length,
                  },
                ],
              }))}
            />
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={8}>
        <Table
          title="Production readiness by team"
          options={{ paging: false, search: false }}
          columns={teamColumns}
          data={s.teams.map(team => ({ ...team, id: team.owner }))}
        />
      </Grid>
      <Grid item xs={12} md={4}>
        <InfoCard title="Catalog quality">
          <Typography>
            With an owning team: {pct(s.catalog.withOwnerPercent)}
          </Typography>
          <Typography>
            With TechDocs: {pct(s.catalog.withTechDocsPercent)}
          </Typography>
          <Typography>
            With a runbook: {pct(s.catalog.withRunbookPercent)}
          </Typography>
          <Typography variant="caption" color="textSecondary">
            Repositories: {s.catalog.repositoriesSource}
          </Typography>
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <SurveyWidget onAnswered={props.onRefresh} />
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title={`Comments (${s.survey.period})`}>
          {data.comments.length === 0 && (
            <Typography color="textSecondary">No comments yet.</Typography>
          )}
          {data.comments.map(c => (
            <Typography key={c.answeredAt} variant="body2" paragraph>
              <strong>{c.score}</strong> – {c.comment}
            </Typography>
          ))}
        </InfoCard>
      </Grid>
    </Grid>
  );
}

/** The backend refused: a 403 ResponseError (cause NotAllowedError). */
function isNotAllowed(error: Error | undefined): boolean {
  const e = error as
    | { statusCode?: number; cause?: { name?: string } }
    | undefined;
  return e?.statusCode === 403 || e?.cause?.name === 'NotAllowedError';
}

/** `/devex`: the platform team's DevEx dashboard (needs devex.metrics.read). */
export function DevexDashboardPage() {
  const api = useApi(devexMetricsApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getDashboard(),
    [api],
  );
  return (
    <Content>
      {loading && !value && <Progress />}
      {isNotAllowed(error) ? (
        <>
          <WarningPanel
            severity="info"
            title="The DevEx dashboard is for the platform team"
            message="It needs the devex.metrics.read permission. You can still answer the survey."
          />
          <Box mt={2}>
            <SurveyWidget />
          </Box>
        </>
      ) : (
        error && <ResponseErrorPanel error={error} />
      )}
      {value?.latest && <Dashboard data={value} onRefresh={retry} />}
    </Content>
  );
}
