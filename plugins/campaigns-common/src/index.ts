/**
 * Types and permissions shared by the campaigns frontend and backend.
 *
 * @packageDocumentation
 */

export * from './permissions';
export * from './types';
