/**
 * Golden paths that stay golden: template versions kept renderable, and
 * upgrade branches for the services made from them.
 *
 * @packageDocumentation
 */
export { goldenPathsPlugin as default } from './plugin';
