/**
 * Node helpers of the golden paths, shared by the scaffolder module
 * (`acme:golden-path:record`) and the upgrade engine (golden-paths-backend).
 *
 * @packageDocumentation
 */
export { readTreeFiles, renderedContentHash } from './files';
export type { TreeFile } from './files';
