/**
 * The Acme permission policy for @backstage/plugin-permission-backend:
 * roles from `permission.acme` in app-config.
 *
 * @packageDocumentation
 */

export { permissionModuleAcmePolicy as default } from './module';
export { AcmePermissionPolicy } from './policy/AcmePermissionPolicy';
export { readAcmePolicyConfig } from './policy/config';
export type { AcmePolicyConfig } from './policy/config';
export { explainPermission } from './permissions';
export type {
  ExplainedDecision,
  AcmeRoles,
} from './policy/AcmePermissionPolicy';
