/**
 * Wire types of the crossplane backend's HTTP API
 * (`GET /api/crossplane/claims` and `GET /api/crossplane/claims/all`), shared
 * by `@internal/backstage-plugin-crossplane-backend` and the crossplane
 * frontend plugin.
 *
 * @packageDocumentation
 */

export type {
  AllClaims,
  ClaimCondition,
  ClaimsReadError,
  ClaimSummary,
  CommittedClaim,
  CommittedClaimOfEntity,
  EntityClaims,
} from './types';
