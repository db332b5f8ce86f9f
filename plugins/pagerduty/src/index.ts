/**
 * Frontend of the pagerduty plugin: the "On call" card on entity pages and
 * the client of the pagerduty backend (reusable, e.g. for dependents'
 * on-call).
 *
 * @packageDocumentation
 */

export { pagerDutyPlugin as default } from './plugin';
export {
  pagerDutyApiRef,
  PagerDutyClient,
  type PagerDutyApi,
} from './api/PagerDutyClient';
export type {
  PagerDutyCreateIncidentRequest,
  PagerDutyCreateIncidentResponse,
  PagerDutyIncident,
  PagerDutyOnCall,
  PagerDutyOnCallResponse,
  PagerDutyService,
  PagerDutyServiceResponse,
} from '@internal/backstage-plugin-pagerduty-common';
