/**
 * Wire types and permissions shared by the pagerduty frontend and backend.
 *
 * @packageDocumentation
 */

export { ownerRefOf } from './ownerRef';
export * from './permissions';
export * from './types';
