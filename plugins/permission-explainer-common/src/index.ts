/**
 * Wire types of the permission explain API
 * (`GET /api/permission/acme/explain`), shared by the permission module
 * `@internal/backstage-plugin-permission-backend-module-acme-policy` and the
 * permission-explainer page.
 *
 * @packageDocumentation
 */

export type {
  ExplainResponse,
  ExplainResult,
  ExplainRoles,
  PermissionExplanation,
} from './types';
