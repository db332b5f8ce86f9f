import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  LabelList,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

/**
 * One value per category as vertical bars, each labelled with its value:
 * e.g. services per time-to-first-deploy bucket or NPS per survey period.
 * Negative values go below a zero line.
 */
export function CountChart(props: {
  bars: Array<{ label: string; value: number | null }>;
  /** The y axis' title, e.g. `services`. */
  axisLabel: string;
  /** The x axis' title, e.g. `survey period`. */
  categoryLabel: string;
  domain?: [number, number];
  target?: { value: number; label: string };
  title: string;
  height?: number;
}) {
  const theme = useTheme();
  const height = props.height ?? 220;
  if (props.bars.every(b => !b.value)) {
    return <Typography color="textSecondary">Nothing to show yet.</Typography>;
  }
  return (
    <div
      role="figure"
      aria-label={`${props.title}: ${props.bars
        .map(b => `${b.label} ${b.value ?? '–'}`)
        .join(', ')}`}
    >
      <ResponsiveContainer
        width="100%"
        height={height}
        initialDimension={{ width: 600, height }}
      >
        <BarChart
          data={props.bars}
          margin={{ top: 20, right: 16, bottom: 16, left: 8 }}
          maxBarSize={64}
        >
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis
            dataKey="label"
            interval={0}
            label={{
              value: props.categoryLabel,
              position: 'insideBottom',
              offset: -12,
            }}
          />
          <YAxis
            allowDecimals={false}
            domain={props.domain}
            width={56}
            label={{
              value: props.axisLabel,
              angle: -90,
              position: 'insideLeft',
              style: { textAnchor: 'middle' },
              dx: -2,
            }}
          />
          <Tooltip isAnimationActive={false} />
          <ReferenceLine y={0} stroke={theme.palette.text.secondary} />
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
          <Bar dataKey="value" name={props.axisLabel} isAnimationActive={false}>
            {props.bars.map(b => (
              <Cell
                key={b.label}
                fill={
                  (b.value ?? 0) < 0
                    ? theme.palette.error.main
                    : theme.palette.primary.main
                }
              />
            ))}
            <LabelList dataKey="value" position="top" />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
