import { useTheme } from '@material-ui/core/styles';
import { CostBreakdown } from '../../api/CostTrackerApi';
import { formatMoney } from '../format';

const CATEGORIES: Array<keyof CostBreakdown> = [
  'compute',
  'storage',
  'network',
  'other',
];

/** Colours of the categories, also used by legends. */
export function useCategoryColors(): Record<keyof CostBreakdown, string> {
  const theme = useTheme();
  return {
    compute: theme.palette.primary.main,
    storage: theme.palette.secondary.main,
    network: theme.palette.success?.main ?? '#2e7d32',
    other: theme.palette.grey[500],
  };
}

/**
 * Daily costs as stacked bars, one per day, in plain SVG. Each bar has a
 * tooltip with the day and its total.
 */
export function CostChart(props: {
  days: Array<CostBreakdown & { day: string; total: number }>;
  currency: string;
  height?: number;
  title?: string;
}) {
  const { days, currency } = props;
  const height = props.height ?? 120;
  const colors = useCategoryColors();
  const width = 600;
  const max = Math.max(...days.map(d => d.total), 0);
  const barWidth = days.length ? width / days.length : width;
  const scale = (v: number) => (max > 0 ? (v / max) * (height - 4) : 0);

  return (
    <svg
      role="img"
      aria-label={
        props.title ??
        `Daily cost from ${days[0]?.day ?? ''} to ${
          days[days.length - 1]?.day ?? ''
        }, highest ${formatMoney(max, currency)}`
      }
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      height={height}
      preserveAspectRatio="none"
    >
      {days.map((d, i) => {
        let y = height;
        return (
          <g key={d.day}>
            <title>{`${d.day}: ${formatMoney(d.total, currency)}`}</title>
            {CATEGORIES.map(c => {
              const h = scale(d[c]);
              y -= h;
              return h > 0 ? (
                <rect
                  key={c}
                  x={i * barWidth + barWidth * 0.1}
                  y={y}
                  width={barWidth * 0.8}
                  height={h}
                  fill={colors[c]}
                />
              ) : null;
            })}
          </g>
        );
      })}
    </svg>
  );
}
