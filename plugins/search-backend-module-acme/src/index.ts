/**
 * The portal's search engine: PostgreSQL (Lunr in memory on SQLite), index
 * status, ranking by exact title and name, TechDocs built at start.
 *
 * @packageDocumentation
 */

export { searchModuleAcme as default } from './module';
export { TECHDOCS_PREBUILD_TASK_ID } from './module';
export type {
  IndexStatusResponse,
  IndexTypeStatus,
  PrebuildStatus,
} from './router';
