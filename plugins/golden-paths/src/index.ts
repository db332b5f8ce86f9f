/**
 * Golden-path versions in the portal: the entity card (version, what it
 * misses, the upgrade branch) and the platform team's fleet page.
 *
 * @packageDocumentation
 */
export { goldenPathsPlugin as default } from './plugin';
export { goldenPathsApiRef, GoldenPathsClient } from './api/GoldenPathsApi';
export type { GoldenPathsApi } from './api/GoldenPathsApi';
