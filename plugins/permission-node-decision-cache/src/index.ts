/**
 * The portal's permissions service: Backstage's permission client with a
 * user's decisions kept for 5 seconds, and observers that see every decision.
 *
 * @packageDocumentation
 */

export { cachedPermissionsServiceFactory } from './cachedPermissionsServiceFactory';
export { permissionDecisionObserverServiceRef } from './permissionDecisionObserver';
export type {
  ObservedPermissionDecisions,
  PermissionDecisionObserver,
} from './permissionDecisionObserver';
