export { ChartTooltipBox } from './ChartTooltipBox';
