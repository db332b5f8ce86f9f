import {
  BackstageCredentials,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import {
  AuthorizePermissionRequest,
  AuthorizePermissionResponse,
  QueryPermissionRequest,
  QueryPermissionResponse,
} from '@backstage/plugin-permission-common';

/**
 * The decisions of one `authorize` or `authorizeConditional` call of a
 * plugin's permissions service: `results[i]` answers `requests[i]`.
 *
 * @public
 */
export type ObservedPermissionDecisions = {
  requests: ReadonlyArray<AuthorizePermissionRequest | QueryPermissionRequest>;
  results: ReadonlyArray<AuthorizePermissionResponse | QueryPermissionResponse>;
  /** Whose request was decided. */
  credentials: BackstageCredentials;
};

/**
 * Sees every decision a plugin's permissions service returns, whether it
 * came from the permission backend or from the decision cache.
 *
 * @public
 */
export interface PermissionDecisionObserver {
  /**
   * Called before the decisions are handed to the plugin that asked; the
   * plugin waits for it, and an error thrown here is the plugin's error
   * (e.g. an audit record that could not be stored fails the check).
   */
  observe(decisions: ObservedPermissionDecisions): Promise<void>;
}

/**
 * Observers of the permission decisions of each plugin, called by
 * {@link cachedPermissionsServiceFactory}. Any number of factories may
 * provide one (e.g. the audit trail records denials); with none, decisions
 * pass unobserved.
 *
 * @public
 */
export const permissionDecisionObserverServiceRef =
  createServiceRef<PermissionDecisionObserver>({
    id: 'internal.permissions.decision-observer',
    scope: 'plugin',
    multiton: true,
  });
