export { CountChart } from './CountChart';
export { TemplateUsageChart } from './TemplateUsageChart';
export { TrendChart, type TrendPoint, type TrendSeries } from './TrendChart';
export { LevelChart } from './LevelChart';
