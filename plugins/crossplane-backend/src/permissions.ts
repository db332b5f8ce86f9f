import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Reading the Crossplane claims of an entity (the entity itself must also be
 * readable by the caller).
 *
 * @public
 */
export const crossplaneClaimsReadPermission = createPermission({
  name: 'crossplane.claims.read',
  attributes: { action: 'read' },
});
