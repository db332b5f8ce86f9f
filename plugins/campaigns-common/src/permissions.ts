import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Create a campaign. The Acme policy grants it to the platform team
 * (`permission.acme.platformPermissions`).
 *
 * @public
 */
export const campaignCreatePermission = createPermission({
  name: 'campaigns.campaign.create',
  attributes: { action: 'create' },
});

/**
 * Change a campaign's title, scope, target or dates. The Acme policy grants
 * it to the platform team (`permission.acme.platformPermissions`).
 *
 * @public
 */
export const campaignUpdatePermission = createPermission({
  name: 'campaigns.campaign.update',
  attributes: { action: 'update' },
});

/**
 * Every permission of the campaigns plugin. Reading campaigns needs none:
 * every signed-in user sees them.
 *
 * @public
 */
export const campaignsPermissions = [
  campaignCreatePermission,
  campaignUpdatePermission,
];
