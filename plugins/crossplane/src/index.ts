/**
 * Frontend of the crossplane plugin: the Crossplane claims card on entity
 * pages.
 *
 * @packageDocumentation
 */

export { crossplanePlugin as default } from './plugin';
export {
  crossplaneApiRef,
  CrossplaneClient,
  type CrossplaneApi,
} from './api/CrossplaneApi';
