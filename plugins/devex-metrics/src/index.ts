/**
 * DevEx metrics frontend: the platform dashboard (/devex), the DevEx survey
 * and the production-readiness scorecard card on entity pages.
 *
 * @packageDocumentation
 */
export { devexMetricsPlugin as default } from './plugin';
export {
  devexMetricsApiRef,
  DevexMetricsClient,
  type DevexMetricsApi,
} from './api/DevexMetricsApi';
