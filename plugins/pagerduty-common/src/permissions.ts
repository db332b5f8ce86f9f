import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Page the on-call of an entity's PagerDuty service: create a PagerDuty
 * incident on it in the requester's name.
 *
 * @public
 */
export const pagerDutyIncidentCreatePermission = createPermission({
  name: 'pagerduty.incident.create',
  attributes: { action: 'create' },
});

/**
 * Every permission of the pagerduty plugin.
 *
 * @public
 */
export const pagerDutyPermissions = [pagerDutyIncidentCreatePermission];
