/**
 * Helpers shared by the portal's frontend plugins: entity titles for chart
 * labels and day formatting.
 *
 * @packageDocumentation
 */

export * from './format';
export * from './hooks';
