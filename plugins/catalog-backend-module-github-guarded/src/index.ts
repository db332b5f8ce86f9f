/***/
/**
 * The github-guarded backend module for the catalog plugin.
 *
 * @packageDocumentation
 */

export { catalogModuleGithubGuarded as default } from './module';
