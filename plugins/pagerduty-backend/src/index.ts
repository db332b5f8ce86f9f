/**
 * On-call from PagerDuty for catalog entities (pluginId `pagerduty`).
 *
 * @packageDocumentation
 */
export { pagerDutyPlugin as default } from './plugin';
