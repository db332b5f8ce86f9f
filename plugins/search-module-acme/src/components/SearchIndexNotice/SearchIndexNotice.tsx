import { EmptyState, Progress } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { searchReactTranslationRef } from '@backstage/plugin-search-react';
import Alert from '@material-ui/lab/Alert';
import { SearchIndexTypeStatus } from '../../api/SearchIndexStatusApi';

/** What the search page says while an index is still being built. */
export const SEARCH_INDEX_BUILDING_MESSAGE =
  'The search index is still being built (ready in a minute) - results may be incomplete';

const typeNames: Record<string, string> = {
  'software-catalog': 'Software Catalog',
  techdocs: 'Documentation',
};

/** Says that the index of `building` is still being built. */
export function SearchIndexBuildingNotice(props: {
  building: SearchIndexTypeStatus[];
}) {
  const names = props.building.map(t => typeNames[t.type] ?? t.type);
  return (
    <Alert severity="info" role="status">
      {SEARCH_INDEX_BUILDING_MESSAGE}
      {names.length > 0 && <div>Still indexing: {names.join(', ')}</div>}
    </Alert>
  );
}

/**
 * Instead of "Sorry, no results were found": while the index of a searched
 * type is still being built, that it is; otherwise upstream's empty state.
 */
export function SearchNoResults(props: {
  building: SearchIndexTypeStatus[];
  /** The index status is not known yet. */
  loading?: boolean;
}) {
  const { t } = useTranslationRef(searchReactTranslationRef);
  if (props.loading) {
    return <Progress />;
  }
  if (props.building.length > 0) {
    return <SearchIndexBuildingNotice building={props.building} />;
  }
  return <EmptyState missing="data" title={t('noResultsDescription')} />;
}
