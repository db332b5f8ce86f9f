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
import {
  CostCategory,
  DailyCost,
} from '@internal/backstage-plugin-cost-tracker-common';
import {
  ChartTooltipBox,
  formatDay,
  formatDayLong,
} from '@internal/backstage-plugin-portal-react';
import { formatMoney, formatMoneyShort } from '../format';

/** The categories in the order they are stacked and listed. */
export const CATEGORIES: Array<[CostCategory, string]> = [
  ['compute', 'Compute'],
  ['storage', 'Storage'],
  ['network', 'Network'],
  ['other', 'Other'],
];

/** Colours of the categories, shared by the charts and the card's legend. */
export function useCategoryColors(): Record<CostCategory, string> {
  const theme = useTheme();
  return {
    compute: theme.palette.primary.main,
    storage: theme.palette.secondary.main,
    network: theme.palette.success?.main ?? '#2e7d32',
    other: theme.palette.grey[500],
  };
}

function DayTooltip(props: {
  active?: boolean;
  payload?: ReadonlyArray<{
    dataKey?: unknown;
    name?: unknown;
    value?: unknown;
    color?: string;
    payload?: unknown;
  }>;
  currency: string;
}) {
  if (!props.active || !props.payload?.length) {
    return null;
  }
  const day = props.payload[0].payload as DailyCost;
  return (
    <ChartTooltipBox>
      <Typography variant="subtitle2">{formatDayLong(day.day)}</Typography>
      {[...props.payload].reverse().map(p => (
        <Typography key={String(p.dataKey)} variant="body2">
          <span style={{ color: p.color }}>■</span> {String(p.name)}:{' '}
          {formatMoney(Number(p.value), props.currency)}
        </Typography>
      ))}
      <Typography variant="body2">
        <strong>Total: {formatMoney(day.total, props.currency)}</strong>
      </Typography>
    </ChartTooltipBox>
  );
}

/**
 * Daily cost as bars stacked by category, with dates on the x axis, money
 * on the y axis, a legend and a tooltip per day. Days before the first
 * recorded cost are left out, with a note where the history starts; with
 * three days or fewer each bar carries its total.
 */
export function DailyCostChart(props: {
  days: DailyCost[];
  currency: string;
  height?: number;
  /** Off where the categories are listed next to the chart already. */
  legend?: boolean;
}) {
  const { currency } = props;
  const height = props.height ?? 240;
  const colors = useCategoryColors();
  const first = props.days.findIndex(d => d.total > 0);
  if (first < 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No cost recorded between {formatDayLong(props.days[0]?.day ?? '')} and{' '}
        {formatDayLong(props.days[props.days.length - 1]?.day ?? '')}.
      </Typography>
    );
  }
  const days = props.days.slice(first);
  const shown = CATEGORIES.filter(([c]) => days.some(d => d[c] > 0));
  const top = shown[shown.length - 1]?.[0];
  const max = Math.max(...days.map(d => d.total));
  const few = days.length <= 3;

  return (
    <div
      role="figure"
      aria-label={`Daily cost from ${formatDayLong(
        days[0].day,
      )} to ${formatDayLong(days[days.length - 1].day)}, highest ${formatMoney(
        max,
        currency,
      )} a day`}
    >
      {first > 0 && (
        <Typography variant="caption" color="textSecondary" component="p">
          Cost history starts {formatDayLong(days[0].day)}.
        </Typography>
      )}
      <ResponsiveContainer
        width="100%"
        height={height}
        initialDimension={{ width: 600, height }}
      >
        <BarChart
          data={days}
          margin={{ top: few ? 20 : 8, right: 16, bottom: 0, left: 8 }}
          maxBarSize={few ? 80 : undefined}
        >
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="day" tickFormatter={formatDay} minTickGap={12} />
          <YAxis
            tickFormatter={(v: number) => formatMoneyShort(v, currency)}
            width={64}
            label={{
              value: `${currency} per day`,
              angle: -90,
              position: 'insideLeft',
              style: { textAnchor: 'middle' },
              dx: -4,
            }}
          />
          <Tooltip
            content={p => (
              <DayTooltip
                active={p.active}
                payload={p.payload}
                currency={currency}
              />
            )}
            isAnimationActive={false}
          />
          {props.legend !== false && <Legend itemSorter={null} />}
          {shown.map(([c, label]) => (
            <Bar
              key={c}
              dataKey={c}
              name={label}
              stackId="cost"
              fill={colors[c]}
              isAnimationActive={false}
            >
              {few && c === top && (
                <LabelList
                  dataKey="total"
                  position="top"
                  formatter={(v: unknown) => formatMoney(Number(v), currency)}
                />
              )}
            </Bar>
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
