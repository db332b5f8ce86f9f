import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Read the full platform dashboard: adoption, template usage, NPS with the
 * free-text answers, time to first deploy and every team's scorecards.
 *
 * @public
 */
export const devexMetricsReadPermission = createPermission({
  name: 'devex.metrics.read',
  attributes: { action: 'read' },
});

/**
 * Every permission of the devex-metrics plugin.
 *
 * @public
 */
export const devexMetricsPermissions = [devexMetricsReadPermission];
