import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Seeing what another user may do and why (GET /api/permission/acme/explain).
 * The Acme policy grants it to admins only.
 */
export const explainPermission = createPermission({
  name: 'acme.policy.explain',
  attributes: { action: 'read' },
});
