import { TemplateExecutions } from '@internal/backstage-plugin-devex-metrics-common';
import Typography from '@material-ui/core/Typography';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useEntityTitles } from '@internal/backstage-plugin-portal-react';

const OUTCOMES: Array<
  [keyof Omit<TemplateExecutions, 'template'>, string, string]
> = [
  ['completed', 'Completed', '#2e7d32'],
  ['failed', 'Failed', '#d32f2f'],
  ['cancelled', 'Cancelled', '#9e9e9e'],
  ['other', 'Running', '#1976d2'],
];

const runsOf = (e: TemplateExecutions) =>
  e.completed + e.failed + e.cancelled + e.other;

/**
 * Scaffolder runs per template by outcome, as horizontal stacked bars with
 * the templates by title, a legend and a tooltip. Templates never run are
 * named below the chart; with no run at all, a sentence says so.
 */
export function TemplateUsageChart(props: {
  executions: TemplateExecutions[];
}) {
  const titleOf = useEntityTitles(props.executions.map(e => e.template));
  const used = props.executions
    .filter(e => runsOf(e) > 0)
    .sort((a, b) => runsOf(b) - runsOf(a));
  const unused = props.executions.filter(e => runsOf(e) === 0);
  if (used.length === 0) {
    return (
      <Typography color="textSecondary">
        No template runs yet
        {unused.length > 0 &&
          `: ${unused.map(e => titleOf(e.template)).join(', ')} ${
            unused.length === 1 ? 'is' : 'are'
          } ready to use`}
        .
      </Typography>
    );
  }
  const data = used.map(e => ({ ...e, name: titleOf(e.template) }));
  const height = Math.max(140, data.length * 40 + 80);
  return (
    <div
      role="figure"
      aria-label={`Template runs by outcome: ${data
        .map(
          d =>
            `${d.name}: ${OUTCOMES.map(
              ([k, label]) => `${label.toLowerCase()} ${d[k]}`,
            ).join(', ')}`,
        )
        .join('; ')}`}
    >
      <ResponsiveContainer
        width="100%"
        height={height}
        initialDimension={{ width: 600, height }}
      >
        <BarChart
          data={data}
          layout="vertical"
          margin={{ top: 4, right: 24, bottom: 16, left: 8 }}
        >
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis
            type="number"
            allowDecimals={false}
            label={{ value: 'runs', position: 'insideBottomRight', offset: -8 }}
          />
          <YAxis type="category" dataKey="name" width={160} interval={0} />
          <Tooltip isAnimationActive={false} />
          <Legend itemSorter={null} />
          {OUTCOMES.map(([key, label, color]) => (
            <Bar
              key={key}
              dataKey={key}
              name={label}
              stackId="runs"
              fill={color}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
      {unused.length > 0 && (
        <Typography variant="caption" color="textSecondary">
          Not run yet: {unused.map(e => titleOf(e.template)).join(', ')}
        </Typography>
      )}
    </div>
  );
}
