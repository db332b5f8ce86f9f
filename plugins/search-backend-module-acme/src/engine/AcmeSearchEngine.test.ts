import { mockServices } from '@backstage/backend-test-utils';
import {
  LunrSearchEngine,
  TestPipeline,
} from '@backstage/plugin-search-backend-node';
import { IndexableDocument } from '@backstage/plugin-search-common';
import { Readable } from 'node:stream';
import { MemoryIndexStatusStore } from '../status/IndexStatusStore';
import { AcmeSearchEngine } from './AcmeSearchEngine';
import { createLunrTranslator } from './ranking';

const logger = mockServices.logger.mock();

function createEngine(rerankWindow = 50) {
  const lunr = new LunrSearchEngine({ logger });
  lunr.setTranslator(createLunrTranslator(logger));
  const store = new MemoryIndexStatusStore();
  const engine = new AcmeSearchEngine({
    engine: lunr,
    store,
    logger,
    rerankWindow,
    countsAsReady: async () => true,
  });
  return { engine, store };
}

const doc = (i: number, title: string, text = ''): IndexableDocument => ({
  title,
  text,
  location: `/catalog/default/component/service-${i}`,
});

async function index(
  engine: AcmeSearchEngine,
  type: string,
  documents: IndexableDocument[],
) {
  const { error } = await TestPipeline.fromIndexer(
    await engine.getIndexer(type),
  )
    .withDocuments(documents)
    .execute();
  if (error) {
    throw error;
  }
}

describe('AcmeSearchEngine', () => {
  it('pages through every result exactly once across the re-ranked window', async () => {
    const { engine } = createEngine(50);
    // 120 documents that all mention "payment"; every seventh is named by it.
    const documents = Array.from({ length: 120 }, (_, i) =>
      i % 7 === 0
        ? doc(i, `Payment worker ${i}`)
        : doc(i, `Service ${i}`, `handles payment number ${i}`),
    );
    await index(engine, 'software-catalog', documents);

    for (const pageLimit of [10, 25, 30]) {
      const seen: string[] = [];
      let pageCursor: string | undefined;
      do {
        const page = await engine.query({
          term: 'payment',
          pageLimit,
          pageCursor,
        });
        expect(page.numberOfResults).toBe(120);
        seen.push(...page.results.map(r => r.document.location));
        pageCursor = page.nextPageCursor;
      } while (pageCursor);

      expect({ pageLimit, count: seen.length }).toEqual({
        pageLimit,
        count: 120,
      });
      expect(new Set(seen).size).toBe(120);
      // Documents named "Payment ..." first.
      const named = documents.filter(d => d.title.startsWith('Payment'));
      expect(new Set(seen.slice(0, named.length))).toEqual(
        new Set(named.map(d => d.location)),
      );
    }
  });

  it('answers no results for a type whose index does not exist yet', async () => {
    const { engine } = createEngine();
    await expect(
      engine.query({ term: 'payment', types: ['techdocs'] }),
    ).resolves.toEqual({ results: [], numberOfResults: 0 });
  });

  it('records a run that failed and keeps the type building', async () => {
    const { engine, store } = createEngine();
    const failingCollator = Readable.from(
      (async function* collate() {
        yield doc(1, 'Payment Service');
        throw new Error('catalog unavailable');
      })(),
    );
    const { error } = await TestPipeline.fromCollator(failingCollator)
      .withIndexer(await engine.getIndexer('software-catalog'))
      .execute();
    expect(error).toEqual(new Error('catalog unavailable'));

    const [record] = await store.listIndexes();
    expect(record).toMatchObject({
      type: 'software-catalog',
      ready: false,
      documents: 0,
      lastError: expect.stringContaining('catalog unavailable'),
    });
    await expect(engine.query({ term: 'payment' })).resolves.toMatchObject({
      results: [],
    });
  });

  it('records documents and time once the new index answers queries', async () => {
    const { engine, store } = createEngine();
    await index(engine, 'software-catalog', [doc(1, 'Payment Service')]);

    const [record] = await store.listIndexes();
    expect(record).toMatchObject({ ready: true, documents: 1 });
    expect(record.lastIndexedAt).toBeInstanceOf(Date);
    const { results } = await engine.query({ term: 'payment' });
    expect(results.map(r => r.document.title)).toEqual(['Payment Service']);
  });
});
