import { useTheme } from '@material-ui/core/styles';

export interface Bar {
  label: string;
  /** Stacked segments, drawn bottom-up. */
  values: { value: number; color?: string; name?: string }[];
}

/**
 * Vertical bars in plain SVG (no chart library in the app), labelled under
 * each bar, with an accessible description listing every value.
 */
export function BarChart(props: {
  title: string;
  bars: Bar[];
  height?: number;
  format?: (v: number) => string;
}) {
  const theme = useTheme();
  const { bars } = props;
  const format = props.format ?? ((v: number) => String(v));
  const height = props.height ?? 160;
  const labelSpace = 36;
  const width = Math.max(320, bars.length * 64);
  const totals = bars.map(b => b.values.reduce((n, v) => n + v.value, 0));
  const max = Math.max(...totals, 0);
  const slot = bars.length ? width / bars.length : width;
  const barWidth = Math.min(40, slot * 0.6);
  const chartHeight = height - labelSpace;
  const scale = (v: number) => (max > 0 ? (v / max) * (chartHeight - 14) : 0);
  const description = bars
    .map(
      (b, i) =>
        `${b.label}: ${
          b.values.length > 1
            ? b.values.map(v => `${v.name} ${format(v.value)}`).join(', ')
            : format(totals[i])
        }`,
    )
    .join('; ');

  return (
    <svg
      role="img"
      aria-label={`${props.title}. ${description || 'No data'}`}
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      height={height}
      preserveAspectRatio="xMidYMid meet"
    >
      <title>{props.title}</title>
      {bars.map((b, i) => {
        const x = i * slot + (slot - barWidth) / 2;
        let y = chartHeight;
        return (
          <g key={b.label}>
            {b.values.map((v, j) => {
              const h = scale(v.value);
              y -= h;
              return (
                <rect
                  key={j}
                  x={x}
                  y={y}
                  width={barWidth}
                  height={h}
                  fill={v.color ?? theme.palette.primary.main}
                >
                  <title>{`${b.label}${v.name ? ` ${v.name}` : ''}: ${format(
                    v.value,
                  )}`}</title>
                </rect>
              );
            })}
            <text
              x={x + barWidth / 2}
              y={chartHeight - scale(totals[i]) - 3}
              textAnchor="middle"
              fontSize={11}
              fill={theme.palette.text.primary}
            >
              {format(totals[i])}
            </text>
            <text
              x={x + barWidth / 2}
              y={chartHeight + 14}
              textAnchor="middle"
              fontSize={10}
              fill={theme.palette.text.secondary}
            >
              {b.label.length > 14 ? `${b.label.slice(0, 13)}…` : b.label}
            </text>
          </g>
        );
      })}
      <line
        x1={0}
        x2={width}
        y1={chartHeight}
        y2={chartHeight}
        stroke={theme.palette.divider}
      />
    </svg>
  );
}
