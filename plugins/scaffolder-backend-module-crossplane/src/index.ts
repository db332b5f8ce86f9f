/**
 * Scaffolder actions that apply, wait for and render Crossplane claims.
 *
 * @packageDocumentation
 */

export { scaffolderModuleCrossplane as default } from './module';
export { createCrossplaneClaimCreateAction } from './actions/createClaim';
export { createCrossplaneClaimWaitAction } from './actions/waitClaim';
export { createCrossplaneClaimRenderAction } from './actions/renderClaim';
export { createCrossplaneClaimCatalogEntityAction } from './actions/catalogEntity';
