/**
 * Helpers shared by the portal's frontend plugins: entity titles for chart
 * labels, day formatting and the chart tooltip box.
 *
 * @packageDocumentation
 */

export * from './charts';
export * from './format';
export * from './hooks';
