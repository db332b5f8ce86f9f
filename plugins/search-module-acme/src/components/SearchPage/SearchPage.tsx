import { ComponentType, JSX, useEffect, useRef } from 'react';
import { Route, Routes } from 'react-router-dom';
import Grid from '@material-ui/core/Grid';
import Paper from '@material-ui/core/Paper';
import { makeStyles } from '@material-ui/core/styles';
import {
  CatalogIcon,
  Content,
  useSidebarPinState,
} from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/frontend-plugin-api';
import {
  CATALOG_FILTER_EXISTS,
  catalogApiRef,
} from '@backstage/plugin-catalog-react';
import { Router as SearchRouter, SearchType } from '@backstage/plugin-search';
import { SearchResult as SearchResultType } from '@backstage/plugin-search-common';
import {
  DefaultResultListItem,
  SearchBar,
  SearchFilter,
  SearchPagination,
  SearchResult,
  SearchResultPager,
  useSearch,
} from '@backstage/plugin-search-react';
import {
  BaseSearchResultListItemProps,
  SearchFilterExtensionComponent,
  SearchResultItemExtensionComponent,
  SearchResultItemExtensionPredicate,
} from '@backstage/plugin-search-react/alpha';
import {
  buildingTypes,
  SearchIndexBuildingNotice,
  SearchNoResults,
  useSearchIndexStatus,
} from '../SearchIndexNotice';

/** What the search page's extension inputs provide (as upstream's page). */
export type SearchPageProps = {
  items: Array<{
    predicate?: SearchResultItemExtensionPredicate;
    component: SearchResultItemExtensionComponent;
    icon?: JSX.Element;
  }>;
  resultTypes: Array<{ value: string; name: string; icon: JSX.Element }>;
  searchFilters: SearchFilterExtensionComponent[];
  noTrack?: boolean;
};

const useStyles = makeStyles(theme => ({
  filter: {
    '& + &': {
      marginTop: theme.spacing(2.5),
    },
  },
  filters: {
    padding: theme.spacing(2),
    marginTop: theme.spacing(2),
  },
  notice: {
    marginBottom: theme.spacing(2),
  },
}));

/**
 * Upstream's search page content (`@backstage/plugin-search/alpha`,
 * SearchPageContent) with the index status: while the index of a searched
 * type is still being built it says so above the results, and instead of
 * "Sorry, no results were found"; once it is built the search runs again.
 */
type ResultItemComponent = ComponentType<
  BaseSearchResultListItemProps<{ noTrack?: boolean }>
>;

function SearchPageContent(props: SearchPageProps) {
  const getResultItemComponent = (result: SearchResultType) =>
    (props.items.find(item => item.predicate?.(result))?.component ??
      DefaultResultListItem) as ResultItemComponent;
  const classes = useStyles();
  const { isMobile } = useSidebarPinState();
  const { types, setFilters, result: searchResult } = useSearch();
  const catalogApi = useApi(catalogApiRef);
  const configApi = useApi(configApiRef);

  const indexStatus = useSearchIndexStatus();
  const building = buildingTypes(indexStatus.status, types);

  // Search again once the index of every searched type is built.
  const wasBuilding = useRef(false);
  useEffect(() => {
    if (building.length > 0) {
      wasBuilding.current = true;
    } else if (wasBuilding.current) {
      wasBuilding.current = false;
      setFilters(filters => ({ ...filters }));
    }
  }, [building.length, setFilters]);

  const hasResults = Boolean(searchResult.value?.results.length);

  return (
    <Content>
      <Grid container direction="row">
        <Grid item xs={12}>
          <SearchBar debounceTime={100} />
        </Grid>
        {!isMobile && (
          <Grid item xs={3}>
            <SearchType.Accordion
              name="Result Type"
              defaultValue={configApi.getOptionalString('search.defaultType')}
              showCounts
              types={[
                {
                  value: 'software-catalog',
                  name: 'Software Catalog',
                  icon: <CatalogIcon />,
                },
                ...props.resultTypes,
              ]}
            />
            <Paper className={classes.filters}>
              {types.includes('techdocs') && (
                <SearchFilter.Select
                  className={classes.filter}
                  label="Entity"
                  name="name"
                  values={async () => {
                    const { items } = await catalogApi.getEntities({
                      fields: ['metadata.name'],
                      filter: {
                        'metadata.annotations.backstage.io/techdocs-ref':
                          CATALOG_FILTER_EXISTS,
                      },
                    });
                    return items.map(entity => entity.metadata.name).sort();
                  }}
                />
              )}
              <SearchFilter.Select
                className={classes.filter}
                label="Kind"
                name="kind"
                values={async () => {
                  const { facets } = await catalogApi.getEntityFacets({
                    facets: ['kind'],
                  });
                  return (facets.kind ?? [])
                    .map(facet => facet.value)
                    .sort((a, b) => a.localeCompare(b));
                }}
              />
              <SearchFilter.Checkbox
                className={classes.filter}
                label="Lifecycle"
                name="lifecycle"
                values={['experimental', 'production']}
              />
              {props.searchFilters.map((SearchFilterComponent, index) => (
                <SearchFilterComponent key={index} className={classes.filter} />
              ))}
            </Paper>
          </Grid>
        )}
        <Grid item xs>
          <SearchPagination />
          {hasResults && building.length > 0 && (
            <div className={classes.notice}>
              <SearchIndexBuildingNotice building={building} />
            </div>
          )}
          <SearchResult
            noResultsComponent={
              <SearchNoResults
                building={building}
                loading={indexStatus.loading}
              />
            }
          >
            {({ results }) => (
              <>
                {results.map((result, index) => {
                  const { document, ...rest } = result;
                  const Item = getResultItemComponent(result);
                  return (
                    <Item
                      {...rest}
                      key={index}
                      result={document}
                      noTrack={props.noTrack}
                    />
                  );
                })}
              </>
            )}
          </SearchResult>
          <SearchResultPager />
        </Grid>
      </Grid>
    </Content>
  );
}

/**
 * The search page: upstream's search context and URL synchronisation
 * (`Router` of `@backstage/plugin-search`) around the content above.
 */
export function SearchPage(props: SearchPageProps) {
  return (
    <Routes>
      <Route element={<SearchRouter />}>
        <Route path="*" element={<SearchPageContent {...props} />} />
      </Route>
    </Routes>
  );
}
