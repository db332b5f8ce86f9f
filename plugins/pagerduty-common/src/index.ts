/**
 * Wire types and permissions shared by the pagerduty frontend and backend.
 *
 * @packageDocumentation
 */

export * from './permissions';
export * from './types';
