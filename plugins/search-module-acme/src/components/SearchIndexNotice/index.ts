export {
  SEARCH_INDEX_BUILDING_MESSAGE,
  SearchIndexBuildingNotice,
  SearchNoResults,
} from './SearchIndexNotice';
export { buildingTypes, useSearchIndexStatus } from './useSearchIndexStatus';
