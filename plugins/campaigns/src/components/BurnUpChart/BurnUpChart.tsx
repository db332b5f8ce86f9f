import { BurnUpPoint } from '@internal/backstage-plugin-campaigns-common';
import { ChartTooltipBox } from '@internal/backstage-plugin-portal-react';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatDay, formatPercent } from '../format';

const DAY_MS = 24 * 60 * 60 * 1000;

interface Point extends BurnUpPoint {
  /** Midnight UTC of `day`, the x value. */
  time: number;
}

const time = (day: string) => Date.parse(`${day}T00:00:00Z`);

/**
 * About five dated ticks on whole days from the start to the deadline, the
 * last one the deadline (a tick too close to it is left out, so labels of
 * ~11 characters never overlap at 1440 px).
 */
export function dayTicks(from: number, to: number): number[] {
  const days = Math.max(1, Math.round((to - from) / DAY_MS));
  const step = Math.max(1, Math.ceil(days / 4));
  const ticks: number[] = [];
  for (let d = 0; d < days; d += step) {
    if (days - d >= step / 2 || d === 0) ticks.push(from + d * DAY_MS);
  }
  ticks.push(to);
  return [...new Set(ticks)];
}

function PointTooltip(props: {
  active?: boolean;
  payload?: ReadonlyArray<{ payload?: unknown }>;
}) {
  const point = props.payload?.[0]?.payload as Point | undefined;
  if (!props.active || !point) return null;
  return (
    <ChartTooltipBox>
      <Typography variant="subtitle2">{formatDay(point.day)}</Typography>
      <Typography variant="body2">
        {point.atTarget} of {point.inScope} at target (
        {formatPercent(point.percent)})
      </Typography>
    </ChartTooltipBox>
  );
}

/**
 * The burn-up: % of the scope at the target per recorded day, on a dated
 * axis from the start date to the deadline and a 0-100 % scale, with the
 * target (100 %) and today marked. Readable with a single point.
 */
export function BurnUpChart(props: {
  history: BurnUpPoint[];
  startDate: string;
  deadline: string;
  now?: Date;
  height?: number;
}) {
  const theme = useTheme();
  const height = props.height ?? 260;
  const from = time(props.startDate);
  const to = time(props.deadline);
  const today = time((props.now ?? new Date()).toISOString().slice(0, 10));
  const data: Point[] = props.history.map(p => ({ ...p, time: time(p.day) }));
  const last = props.history[props.history.length - 1];

  if (!last) {
    return (
      <Typography variant="body2" color="textSecondary">
        Nothing recorded yet: the burn-up starts on {formatDay(props.startDate)}
        .
      </Typography>
    );
  }

  return (
    <div
      role="figure"
      aria-label={`Burn-up from ${formatDay(props.startDate)} to ${formatDay(
        props.deadline,
      )}: ${formatPercent(last.percent)} on ${formatDay(last.day)}, ${
        last.atTarget
      } of ${last.inScope} at target`}
    >
      <ResponsiveContainer
        width="100%"
        height={height}
        initialDimension={{ width: 600, height }}
      >
        <LineChart
          data={data}
          margin={{ top: 16, right: 40, bottom: 0, left: 8 }}
        >
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="time"
            type="number"
            scale="time"
            domain={[from, to]}
            ticks={dayTicks(from, to)}
            tickFormatter={(v: number) => formatDay(v)}
            interval={0}
          />
          <YAxis
            domain={[0, 100]}
            ticks={[0, 25, 50, 75, 100]}
            tickFormatter={(v: number) => `${v}%`}
            width={64}
            label={{
              value: 'at target',
              angle: -90,
              position: 'insideLeft',
              style: { textAnchor: 'middle' },
              dx: -4,
            }}
          />
          <ReferenceLine
            y={100}
            stroke={theme.palette.success?.main ?? '#2e7d32'}
            strokeDasharray="6 4"
            label={{ value: 'Target 100%', position: 'insideBottomRight' }}
          />
          {today >= from && today <= to && (
            <ReferenceLine
              x={today}
              stroke={theme.palette.text.secondary}
              strokeDasharray="2 4"
              label={{ value: 'Today', position: 'top' }}
            />
          )}
          <Tooltip
            content={p => (
              <PointTooltip active={p.active} payload={p.payload} />
            )}
            isAnimationActive={false}
          />
          <Line
            type="monotone"
            dataKey="percent"
            name="At target"
            stroke={theme.palette.primary.main}
            strokeWidth={2}
            dot={{ r: 3 }}
            connectNulls
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
