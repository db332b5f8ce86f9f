/**
 * Wire types of the cost-tracker HTTP API, shared by the cost-tracker
 * frontend and backend.
 *
 * @packageDocumentation
 */

export * from './types';
