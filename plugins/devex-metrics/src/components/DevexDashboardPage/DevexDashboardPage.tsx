import {
  Content,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  DevexDashboard,
  DevexHistory,
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
import useInterval from 'react-use/esm/useInterval';
import { devexMetricsApiRef } from '../../api/DevexMetricsApi';
import { CountChart, TemplateUsageChart, TrendChart } from '../charts';
import { formatDuration } from '../format';
import { SurveyWidget } from '../SurveyWidget';
import { useSortArrowStyles } from '../tableStyles';
import { arrowOf, levelTrend } from '../trend';
import { useEntityTitles } from '@internal/backstage-plugin-portal-react';

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

/** How often the open dashboard reloads its figures. */
const RELOAD_MS = 30_000;

/** The history shown: 90 days. */
const HISTORY_DAYS = 90;

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

function Dashboard(props: {
  data: DevexDashboard;
  history: DevexHistory;
  onRefresh: () => void;
}) {
  const theme = useTheme();
  const { data } = props;
  const s = data.latest!;
  const t = data.thresholds;
  const [refreshing, setRefreshing] = useState(false);
  const api = useApi(devexMetricsApiRef);

  const deployed = s.timeToFirstDeploy.services.flatMap(x =>
    x.seconds === null ? [] : [x.seconds],
  );
  const titleOf = useEntityTitles(s.teams.map(team => team.owner));
  const sortArrows = useSortArrowStyles();
  type TeamRow = TeamScorecard & {
    id: string;
    title: string;
    trend?: ReturnType<typeof levelTrend>;
  };
  const teamColumns: TableColumn<TeamRow>[] = [
    {
      title: 'Team',
      field: 'title',
      highlight: true,
      cellStyle: { whiteSpace: 'nowrap' },
      customSort: (a, b) => a.title.localeCompare(b.title),
      render: row =>
        row.owner.includes(':') ? (
          <EntityRefLink entityRef={row.owner} />
        ) : (
          row.owner
        ),
    },
    { title: 'Services', field: 'services', type: 'numeric' },
    ...[...s.levels, 'none'].map(level => ({
      title: level === 'none' ? 'No level' : level,
      type: 'numeric' as const,
      customSort: (a: TeamRow, b: TeamRow) =>
        (a.levels[level] ?? 0) - (b.levels[level] ?? 0),
      render: (row: TeamRow) => row.levels[level] ?? 0,
    })),
    {
      title: 'Checks passed',
      field: 'scorePercent',
      type: 'numeric' as const,
      cellStyle: { whiteSpace: 'nowrap' },
      headerStyle: { whiteSpace: 'nowrap' },
      render: row => `${row.scorePercent}%`,
    },
    {
      title: 'Trend',
      // wraps after the level rather than running off the card at 1440 px
      cellStyle: { minWidth: 150 },
      sorting: false,
      render: row =>
        row.trend ? (
          <span title={`The team's readiness: ${row.trend.text}`}>
            {`${arrowOf(row.trend.direction)} ${row.trend.text}`}
          </span>
        ) : (
          '–'
        ),
    },
  ];
  const history = props.history.days;

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
          <TrendChart
            title="Catalog coverage and golden-path adoption over time"
            axisLabel="% of services"
            unit="%"
            domain={[0, 100]}
            points={history.map(h => ({
              day: h.day,
              coverage: h.catalogCoveragePercent,
              adoption: h.adoptionPercent,
            }))}
            series={[
              {
                key: 'coverage',
                name: 'Catalog coverage',
                color: theme.palette.primary.main,
              },
              {
                key: 'adoption',
                name: 'Golden-path adoption',
                color: theme.palette.secondary.main,
              },
            ]}
            target={{
              value: t.goldenPathAdoptionPercent,
              label: `adoption target ${t.goldenPathAdoptionPercent}%`,
            }}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="Template usage">
          <TemplateUsageChart executions={s.goldenPath.executions} />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="NPS over time">
          {history.some(h => h.nps !== null) ? (
            <TrendChart
              title="DevEx NPS over time"
              axisLabel="NPS"
              domain={[-100, 100]}
              points={history.map(h => ({ day: h.day, nps: h.nps }))}
              series={[
                {
                  key: 'nps',
                  name: 'NPS',
                  color: theme.palette.primary.main,
                },
              ]}
              target={{ value: t.nps, label: `target ${t.nps}` }}
            />
          ) : (
            <Typography color="textSecondary">
              No survey answers yet.
            </Typography>
          )}
          {data.npsTrend.map(p => (
            <Typography key={p.period} variant="body2">
              {p.period}: NPS {p.nps ?? '–'} ({p.responses} answers:{' '}
              {p.promoters} promoters, {p.passives} passives, {p.detractors}{' '}
              detractors)
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
            <CountChart
              title="Services by time from golden-path run to first deploy"
              axisLabel="services"
              categoryLabel="time from golden-path run to first deploy"
              bars={TTFD_BUCKETS.map(([label, upper], i) => ({
                label,
                value: deployed.filter(
                  d => d < upper && (i === 0 || d >= TTFD_BUCKETS[i - 1][1]),
                ).length,
              }))}
            />
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} className={sortArrows.root}>
        <Table<TeamRow>
          title="Production readiness by team"
          options={{ paging: false, search: false }}
          columns={teamColumns}
          data={s.teams.map(team => ({
            ...team,
            id: team.owner,
            title: titleOf(team.owner),
            trend: levelTrend(
              props.history.teams[team.owner] ?? [],
              props.history.levels,
            ),
          }))}
        />
      </Grid>
      <Grid item xs={12} md={6}>
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
      <Grid item xs={12}>
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
export function DevexDashboardPage(props: {
  /** How often the open page reloads its figures; default 30 s. */
  reloadMs?: number;
}) {
  const api = useApi(devexMetricsApiRef);
  const { value, loading, error, retry } = useAsyncRetry(async () => {
    // One after the other: the first dashboard of a new install computes,
    // and the history then has its day.
    const dashboard = await api.getDashboard();
    const history = await api.getHistory(HISTORY_DAYS);
    return { dashboard, history };
  }, [api]);
  // The backend recomputes when its inputs change (a template run, a
  // catalog change); an open dashboard follows without a click.
  useInterval(retry, error ? null : props.reloadMs ?? RELOAD_MS);
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
      {value?.dashboard.latest && (
        <Dashboard
          data={value.dashboard}
          history={value.history}
          onRefresh={retry}
        />
      )}
    </Content>
  );
}
