export {
  startFakePagerDuty,
  PAGERDUTY_ACCEPT,
  type FakePagerDuty,
  type FakePagerDutyFailOptions,
  type FakePagerDutyOptions,
} from './startFakePagerDuty';
export {
  sampleOrgPagerDuty,
  SAMPLE_ORG_PAGERDUTY_SERVICE_IDS,
} from './sampleOrg';
export type {
  FakePagerDutyEscalationPolicy,
  FakePagerDutyIncident,
  FakePagerDutyOnCallShift,
  FakePagerDutyRequest,
  FakePagerDutySeed,
  FakePagerDutyService,
  FakePagerDutyUser,
} from './types';
export {
  fakePagerDutyPlugin,
  type FakePagerDutyPluginService,
  type FakePagerDutyPluginState,
} from './fakePagerDutyPlugin';
