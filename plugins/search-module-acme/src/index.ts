/**
 * Search page with the index status (`GET /api/search/index-status`).
 *
 * @packageDocumentation
 */

export { searchModuleAcme as default } from './module';
export { searchIndexStatusApi, searchPageWithIndexStatus } from './module';
export {
  searchIndexStatusApiRef,
  SearchIndexStatusClient,
} from './api/SearchIndexStatusApi';
export type {
  SearchIndexStatus,
  SearchIndexStatusApi,
  SearchIndexTypeStatus,
} from './api/SearchIndexStatusApi';
export {
  SEARCH_INDEX_BUILDING_MESSAGE,
  SearchIndexBuildingNotice,
  SearchNoResults,
} from './components/SearchIndexNotice';
