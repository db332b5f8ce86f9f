import {
  ApiBlueprint,
  createFrontendModule,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { searchPage } from '@backstage/plugin-search/alpha';
import {
  SearchFilterBlueprint,
  SearchFilterResultTypeBlueprint,
  SearchResultListItemBlueprint,
} from '@backstage/plugin-search-react/alpha';
import {
  searchIndexStatusApiRef,
  SearchIndexStatusClient,
} from './api/SearchIndexStatusApi';

/** The client of `GET /api/search/index-status`. */
export const searchIndexStatusApi = ApiBlueprint.make({
  name: 'index-status',
  params: defineParams =>
    defineParams({
      api: searchIndexStatusApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SearchIndexStatusClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * `page:search` with the index status: same path, inputs (result items,
 * result types, filters) and config as upstream's, another loader.
 */
export const searchPageWithIndexStatus = searchPage.override({
  factory(originalFactory, { config, inputs }) {
    return originalFactory({
      params: {
        loader: async () => {
          const { SearchPage } = await import('./components/SearchPage');
          return (
            <SearchPage
              noTrack={config.noTrack}
              items={inputs.items.map(item =>
                item.get(SearchResultListItemBlueprint.dataRefs.item),
              )}
              resultTypes={inputs.resultTypes.map(item =>
                item.get(SearchFilterResultTypeBlueprint.dataRefs.resultType),
              )}
              searchFilters={inputs.searchFilters.map(
                item =>
                  item.get(SearchFilterBlueprint.dataRefs.searchFilters)
                    .component,
              )}
            />
          );
        },
      },
    });
  },
});

/**
 * Search page that says "The search index is still being built" instead of
 * "Sorry, no results were found" while an index is not built yet.
 */
export const searchModuleAcme = createFrontendModule({
  pluginId: 'search',
  extensions: [searchIndexStatusApi, searchPageWithIndexStatus],
});
