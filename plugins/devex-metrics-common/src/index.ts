/**
 * Types and permissions shared by the devex-metrics frontend and backend.
 *
 * @packageDocumentation
 */

export * from './permissions';
export * from './types';
export * from './scorecardLevels';
