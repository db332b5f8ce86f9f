export { devexMetricsPlugin as default } from './plugin';
