import { useTheme } from '@material-ui/core/styles';
import {
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import {
  formatDay,
  formatDayLong,
} from '@internal/backstage-plugin-portal-react';
import { levelName } from '../trend';

/**
 * A readiness level per day as a small step line: days on the x axis, the
 * level names (lowest at the bottom, `no level` below them) on the y axis,
 * the level of the day in the tooltip.
 */
export function LevelChart(props: {
  days: { day: string; level: string | null }[];
  /** Level names, lowest first. */
  levels: string[];
  /** What the chart shows, for people who cannot see it. */
  title: string;
  height?: number;
}) {
  const theme = useTheme();
  const height = props.height ?? 120;
  const names = [null, ...props.levels];
  const rank = (level: string | null) =>
    level === null ? 0 : props.levels.indexOf(level) + 1;
  const points = props.days.map(d => ({ day: d.day, rank: rank(d.level) }));
  return (
    <div
      role="figure"
      aria-label={`${props.title}: ${props.days
        .map(d => `${formatDayLong(d.day)} ${levelName(d.level)}`)
        .join(', ')}`}
    >
      <ResponsiveContainer
        width="100%"
        height={height}
        initialDimension={{ width: 400, height }}
      >
        <LineChart
          data={points}
          margin={{ top: 8, right: 28, bottom: 0, left: 8 }}
        >
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis
            dataKey="day"
            tickFormatter={formatDay}
            minTickGap={12}
            padding={{ left: 8, right: 8 }}
          />
          <YAxis
            domain={[0, props.levels.length]}
            ticks={names.map((_, i) => i)}
            tickFormatter={(i: number) => levelName(names[i] ?? null)}
            allowDecimals={false}
            width={64}
          />
          <Tooltip
            labelFormatter={(d: unknown) => formatDayLong(String(d))}
            formatter={(i: unknown) => [
              levelName(names[Number(i)] ?? null),
              'level',
            ]}
            isAnimationActive={false}
          />
          <Line
            type="stepAfter"
            dataKey="rank"
            name="level"
            stroke={theme.palette.primary.main}
            strokeWidth={2}
            dot={{ r: 3 }}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
