import Typography from '@material-ui/core/Typography';
import {
  CartesianGrid,
  LabelList,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import {
  formatDay,
  formatDayLong,
} from '@internal/backstage-plugin-portal-react';

/** One line of a {@link TrendChart}. */
export type TrendSeries = { key: string; name: string; color: string };

/** One day of a {@link TrendChart}: `day` and a value per series key. */
export type TrendPoint = { day: string } & Record<
  string,
  number | null | string
>;

/**
 * Values over time as lines: days on the x axis, the unit on the y axis, a
 * legend, a tooltip per day and an optional dashed target line. With one
 * day the values show as dots labelled with their value, with a note that
 * the history starts that day; with a few days every point is a dot.
 */
export function TrendChart(props: {
  points: TrendPoint[];
  series: TrendSeries[];
  /** e.g. `%`; appended to values. */
  unit?: string;
  /** The y axis' title, e.g. `% of services`. */
  axisLabel: string;
  domain?: [number, number];
  target?: { value: number; label: string };
  height?: number;
  /** What the chart shows, for people who cannot see it. */
  title: string;
}) {
  const { points, series } = props;
  const unit = props.unit ?? '';
  const height = props.height ?? 240;
  if (points.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No history yet.
      </Typography>
    );
  }
  const few = points.length <= 12;
  const single = points.length === 1;
  const format = (v: unknown) =>
    v === null || v === undefined ? '–' : `${v}${unit}`;
  const last = points[points.length - 1];
  return (
    <div
      role="figure"
      aria-label={`${props.title}, ${formatDayLong(
        points[0].day,
      )} to ${formatDayLong(last.day)}: ${points.length} ${
        single ? 'day' : 'days'
      }; latest ${series
        .map(s => `${s.name} ${format(last[s.key])}`)
        .join(', ')}`}
    >
      <Typography variant="caption" color="textSecondary" component="p">
        History starts {formatDayLong(points[0].day)}
        {single && '; one value so far'}.
      </Typography>
      <ResponsiveContainer
        width="100%"
        height={height}
        initialDimension={{ width: 600, height }}
      >
        <LineChart
          data={points}
          margin={{ top: 20, right: 24, bottom: 0, left: 8 }}
        >
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis
            dataKey="day"
            tickFormatter={formatDay}
            minTickGap={12}
            padding={single ? { left: 80, right: 80 } : { left: 8, right: 8 }}
          />
          <YAxis
            domain={props.domain}
            tickFormatter={(v: number) => `${v}${unit}`}
            width={56}
            label={{
              value: props.axisLabel,
              angle: -90,
              position: 'insideLeft',
              style: { textAnchor: 'middle' },
              dx: -2,
            }}
          />
          <Tooltip
            labelFormatter={(d: unknown) => formatDayLong(String(d))}
            formatter={(v: unknown) => format(v)}
            isAnimationActive={false}
          />
          <Legend itemSorter={null} />
          {props.target && (
            <ReferenceLine
              y={props.target.value}
              stroke="#757575"
              strokeDasharray="4 4"
              label={{
                value: props.target.label,
                position: 'insideTopRight',
                fontSize: 12,
              }}
            />
          )}
          {series.map(s => (
            <Line
              key={s.key}
              type="monotone"
              dataKey={s.key}
              name={s.name}
              stroke={s.color}
              strokeWidth={2}
              dot={few ? { r: single ? 5 : 3 } : false}
              connectNulls
              isAnimationActive={false}
            >
              {single && (
                <LabelList dataKey={s.key} position="top" formatter={format} />
              )}
            </Line>
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
