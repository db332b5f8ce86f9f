/**
 * Lints the portal's software catalog (catalog/) the way the backend reads
 * it; `catalog-lint [dir]` on the command line (`yarn lint:catalog`).
 *
 * @packageDocumentation
 */

export { lintCatalog, countMinimums } from './lintCatalog';
export type { CatalogLintErrors, CatalogLintResult } from './lintCatalog';
export { loadCatalog, ROOT_FILE } from './loadCatalog';
export type { LoadedEntity, LoadResult } from './loadCatalog';
export { entityLabel } from './entityRefs';
