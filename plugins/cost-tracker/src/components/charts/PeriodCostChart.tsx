import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import {
  Bar,
  BarChart,
  CartesianGrid,
  LabelList,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatDay, formatMoney, formatMoneyShort } from '../format';

/** The organisation's cost in one window, split into allocated and not. */
export type PeriodCost = {
  from: string;
  to: string;
  allocated: number;
  unallocated: number;
};

const labelOf = (p: PeriodCost) => `${formatDay(p.from)} – ${formatDay(p.to)}`;

/**
 * The organisation's cost per window (e.g. the last six 30-day windows), as
 * bars of what teams own and what is unallocated, each labelled with its
 * total. Windows before the first cost are left out, with a note where the
 * history starts.
 */
export function PeriodCostChart(props: {
  periods: PeriodCost[];
  currency: string;
  height?: number;
}) {
  const theme = useTheme();
  const { currency } = props;
  const height = props.height ?? 240;
  const first = props.periods.findIndex(p => p.allocated + p.unallocated > 0);
  if (first < 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No cost recorded yet.
      </Typography>
    );
  }
  const data = props.periods.slice(first).map(p => ({
    ...p,
    label: labelOf(p),
    total: Math.round((p.allocated + p.unallocated) * 100) / 100,
  }));
  // The total sits on the topmost bar that is drawn.
  const labelled = data.map(d => ({
    ...d,
    totalOnAllocated: d.unallocated > 0 ? null : d.total,
    totalOnUnallocated: d.unallocated > 0 ? d.total : null,
  }));
  const totalLabel = (dataKey: string) => (
    <LabelList
      dataKey={dataKey}
      position="top"
      formatter={(v: unknown) =>
        v === null || v === undefined ? '' : formatMoney(Number(v), currency)
      }
    />
  );
  return (
    <div
      role="figure"
      aria-label={`Organisation cost per period: ${data
        .map(d => `${d.label} ${formatMoney(d.total, currency)}`)
        .join(', ')}`}
    >
      {first > 0 && (
        <Typography variant="caption" color="textSecondary" component="p">
          Cost history starts in the period {data[0].label}.
        </Typography>
      )}
      <ResponsiveContainer
        width="100%"
        height={height}
        initialDimension={{ width: 600, height }}
      >
        <BarChart
          data={labelled}
          margin={{ top: 20, right: 16, bottom: 0, left: 8 }}
          maxBarSize={80}
        >
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" interval={0} />
          <YAxis
            tickFormatter={(v: number) => formatMoneyShort(v, currency)}
            width={64}
            label={{
              value: `${currency} per period`,
              angle: -90,
              position: 'insideLeft',
              style: { textAnchor: 'middle' },
              dx: -4,
            }}
          />
          <Tooltip
            formatter={(v: unknown) => formatMoney(Number(v), currency)}
            isAnimationActive={false}
          />
          <Legend itemSorter={null} />
          <Bar
            dataKey="allocated"
            name="Charged to teams"
            stackId="cost"
            fill={theme.palette.primary.main}
            isAnimationActive={false}
          >
            {totalLabel('totalOnAllocated')}
          </Bar>
          <Bar
            dataKey="unallocated"
            name="Unallocated"
            stackId="cost"
            fill={theme.palette.grey[500]}
            isAnimationActive={false}
          >
            {totalLabel('totalOnUnallocated')}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
