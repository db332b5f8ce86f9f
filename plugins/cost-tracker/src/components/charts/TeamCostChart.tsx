import { useTheme } from '@material-ui/core/styles';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  LabelList,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatMoney, formatMoneyShort } from '../format';

/** One bar: a team by its title, or the unallocated rest. */
export type TeamCost = {
  name: string;
  amount: number;
  unallocated?: boolean;
};

/**
 * Cost per team as horizontal bars, team names on the y axis and money on
 * the x axis, each bar labelled with its amount and share of the total. The
 * unallocated rest is a grey bar of its own.
 */
export function TeamCostChart(props: {
  teams: TeamCost[];
  total: number;
  currency: string;
}) {
  const theme = useTheme();
  const { currency, total } = props;
  const share = (v: number) =>
    total > 0 ? ` (${((v / total) * 100).toFixed(1)}%)` : '';
  const height = Math.max(120, props.teams.length * 36 + 48);
  return (
    <div
      role="figure"
      aria-label={`Cost per team: ${props.teams
        .map(t => `${t.name} ${formatMoney(t.amount, currency)}`)
        .join(', ')}`}
    >
      <ResponsiveContainer
        width="100%"
        height={height}
        initialDimension={{ width: 600, height }}
      >
        <BarChart
          data={props.teams}
          layout="vertical"
          margin={{ top: 4, right: 120, bottom: 16, left: 8 }}
        >
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis
            type="number"
            tickFormatter={(v: number) => formatMoneyShort(v, currency)}
            label={{
              value: currency,
              position: 'insideBottomRight',
              offset: -8,
            }}
          />
          <YAxis type="category" dataKey="name" width={170} interval={0} />
          <Tooltip
            formatter={(v: unknown) => [
              `${formatMoney(Number(v), currency)}${share(Number(v))}`,
              'Cost',
            ]}
            isAnimationActive={false}
          />
          <Bar dataKey="amount" name="Cost" isAnimationActive={false}>
            {props.teams.map(t => (
              <Cell
                key={t.name}
                fill={
                  t.unallocated
                    ? theme.palette.grey[500]
                    : theme.palette.primary.main
                }
              />
            ))}
            <LabelList
              dataKey="amount"
              position="right"
              formatter={(v: unknown) =>
                `${formatMoney(Number(v), currency)}${share(Number(v))}`
              }
            />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
