import { useTheme } from '@material-ui/core/styles';

export interface Series {
  name: string;
  color: string;
  /** null: no value at that point (gap). */
  points: (number | null)[];
}

/**
 * Percent lines (0..100) over time in plain SVG, with a dashed target line.
 */
export function LineChart(props: {
  title: string;
  labels: string[];
  series: Series[];
  target?: { value: number; label: string };
  height?: number;
}) {
  const theme = useTheme();
  const height = props.height ?? 160;
  const width = 600;
  const pad = 24;
  const n = props.labels.length;
  const x = (i: number) =>
    n <= 1 ? width / 2 : pad + (i / (n - 1)) * (width - 2 * pad);
  const y = (v: number) => height - pad - (v / 100) * (height - 2 * pad);
  const last = (s: Series) => [...s.points].reverse().find(p => p !== null);
  const description = props.series
    .map(s => `${s.name}: latest ${last(s) ?? 'none'}%`)
    .join('; ');

  return (
    <svg
      role="img"
      aria-label={`${props.title}. ${n} points. ${description}`}
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      height={height}
    >
      <title>{props.title}</title>
      {[0, 50, 100].map(v => (
        <g key={v}>
          <line
            x1={pad}
            x2={width - pad}
            y1={y(v)}
            y2={y(v)}
            stroke={theme.palette.divider}
          />
          <text
            x={2}
            y={y(v) + 4}
            fontSize={10}
            fill={theme.palette.text.secondary}
          >
            {v}
          </text>
        </g>
      ))}
      {props.target && (
        <line
          x1={pad}
          x2={width - pad}
          y1={y(props.target.value)}
          y2={y(props.target.value)}
          stroke={theme.palette.text.secondary}
          strokeDasharray="4 4"
        >
          <title>{props.target.label}</title>
        </line>
      )}
      {props.series.map(s => {
        const pts = s.points
          .map((p, i) => (p === null ? null : `${x(i)},${y(p)}`))
          .filter(Boolean);
        return (
          <g key={s.name}>
            <polyline
              points={pts.join(' ')}
              fill="none"
              stroke={s.color}
              strokeWidth={2}
            />
            {s.points.map((p, i) =>
              p === null ? null : (
                <circle key={i} cx={x(i)} cy={y(p)} r={3} fill={s.color}>
                  <title>{`${s.name} ${props.labels[i]}: ${p}%`}</title>
                </circle>
              ),
            )}
          </g>
        );
      })}
    </svg>
  );
}
