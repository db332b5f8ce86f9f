import {
  registerMswTestHooks,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import searchPlugin from '@backstage/plugin-search/alpha';
import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { SearchIndexStatus } from './api/SearchIndexStatusApi';
import { SEARCH_INDEX_BUILDING_MESSAGE } from './components/SearchIndexNotice';
import searchModuleAcme from './index';

const NO_RESULTS = 'Sorry, no results were found';

const catalogReady = {
  type: 'software-catalog',
  status: 'ready',
  documents: 64,
  lastIndexedAt: '2026-12-01T12:00:07.120Z',
  lastError: null,
} as const;

const status = (...types: SearchIndexStatus['types']): SearchIndexStatus => ({
  ready: types.every(t => t.status === 'ready'),
  types,
});

const paymentService = {
  type: 'software-catalog',
  document: {
    title: 'Payment Service',
    text: 'Authorises, captures, cancels and refunds customer payments',
    location: '/catalog/default/component/payment-service',
    kind: 'Component',
  },
  rank: 1,
};

/**
 * The upstream search plugin with this module, in a test app, at
 * /search?query=payment; the backend's /api/search/query and
 * /api/search/index-status are answered by msw.
 */
describe('search page with the index status', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  let indexStatus: SearchIndexStatus;
  let results: unknown[];
  beforeEach(() => {
    server.use(
      http.get('*/api/search/index-status', () =>
        HttpResponse.json(indexStatus),
      ),
      http.get('*/api/search/query', () =>
        HttpResponse.json({ results, numberOfResults: results.length }),
      ),
    );
  });

  const render = () =>
    renderTestApp({
      features: [searchPlugin, searchModuleAcme],
      initialRouteEntries: ['/search?query=payment'],
      config: { backend: { baseUrl: 'http://backend.test' } },
      apis: [[catalogApiRef, catalogApiMock()]],
    });

  it('says the index is still being built instead of "no results", then shows what the built index finds', async () => {
    indexStatus = status({
      ...catalogReady,
      status: 'building',
      documents: 0,
      lastIndexedAt: null,
    });
    results = [];
    render();

    expect(
      await screen.findByText(SEARCH_INDEX_BUILDING_MESSAGE),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Still indexing: Software Catalog'),
    ).toBeInTheDocument();
    expect(screen.queryByText(NO_RESULTS)).not.toBeInTheDocument();

    // The index is built: the page asks again (every 5 s) and searches again.
    indexStatus = status(catalogReady);
    results = [paymentService];
    expect(
      await screen.findByText('Payment Service', {}, { timeout: 10_000 }),
    ).toBeInTheDocument();
    // Results and status are polled separately: the notice goes with the
    // next status poll (every 5 s), which may come after the results.
    await waitFor(
      () =>
        expect(
          screen.queryByText(SEARCH_INDEX_BUILDING_MESSAGE),
        ).not.toBeInTheDocument(),
      { timeout: 10_000 },
    );
  }, 30_000);

  it('says results may be incomplete above the results while an index is building', async () => {
    indexStatus = status(catalogReady, {
      type: 'techdocs',
      status: 'building',
      documents: 0,
      lastIndexedAt: null,
      lastError: null,
    });
    results = [paymentService];
    render();

    expect(await screen.findByText('Payment Service')).toBeInTheDocument();
    expect(
      await screen.findByText(SEARCH_INDEX_BUILDING_MESSAGE),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Still indexing: Documentation'),
    ).toBeInTheDocument();
  });

  it('says "no results" once every index is built and nothing matches', async () => {
    indexStatus = status(catalogReady);
    results = [];
    render();

    expect(await screen.findByText(NO_RESULTS)).toBeInTheDocument();
    expect(
      screen.queryByText(SEARCH_INDEX_BUILDING_MESSAGE),
    ).not.toBeInTheDocument();
  });
});
