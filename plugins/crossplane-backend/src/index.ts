/**
 * Backend of the crossplane plugin: the claims that belong to an entity.
 *
 * @packageDocumentation
 */

export { crossplanePlugin as default } from './plugin';
export { crossplaneClaimsReadPermission } from './permissions';
