import { mockServices } from '@backstage/backend-test-utils';
import { LunrSearchEngine } from '@backstage/plugin-search-backend-node';
import {
  DocumentCollatorFactory,
  IndexableDocument,
} from '@backstage/plugin-search-common';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MemoryIndexStatusStore } from '../status/IndexStatusStore';
import { AcmeSearchEngine } from './AcmeSearchEngine';
import { IndexRunPlans } from './indexRuns';
import { createLunrTranslator } from './ranking';
import { SkipUnchangedCollatorFactory } from './SkipUnchangedCollatorFactory';

const HOUR = 3_600_000;

/** A source of documents that counts how often it is read in full. */
class CountingSource implements DocumentCollatorFactory {
  readonly type = 'software-catalog';
  reads = 0;
  titles = ['Payment Service', 'Checkout'];

  async getCollator() {
    this.reads += 1;
    return Readable.from(
      this.titles.map(
        (title, i): IndexableDocument => ({
          title,
          text: '',
          location: `/catalog/default/component/c-${i}`,
        }),
      ),
    );
  }
}

function setUp(store = new MemoryIndexStatusStore()) {
  const logger = mockServices.logger.mock();
  const lunr = new LunrSearchEngine({ logger });
  lunr.setTranslator(createLunrTranslator(logger));
  const plans = new IndexRunPlans();
  const engine = new AcmeSearchEngine({
    engine: lunr,
    store,
    logger,
    rerankWindow: 50,
    countsAsReady: async () => true,
    plans,
  });
  const source = new CountingSource();
  // the engine stamps its records with the real clock
  const clock = { now: Date.now() };
  const stamp: { value: string | Error } = { value: 'stamp-1' };
  const factory = new SkipUnchangedCollatorFactory({
    inner: source,
    readSourceStamp: async () => {
      if (stamp.value instanceof Error) throw stamp.value;
      return stamp.value;
    },
    store,
    plans,
    reindexAfterMs: HOUR,
    logger,
    now: () => clock.now,
  });
  /** One scheduled run, as the search index builder makes it. */
  const run = async () => {
    const collator = await factory.getCollator();
    const indexer = await engine.getIndexer(source.type);
    await pipeline(collator, indexer);
    clock.now += 30_000;
  };
  const titles = async (term: string) =>
    (await engine.query({ term })).results.map(r => r.document.title);
  const record = async () => (await store.listIndexes())[0];
  return { logger, source, stamp, clock, run, titles, record };
}

describe('SkipUnchangedCollatorFactory', () => {
  it('reads the source again only when its stamp moved', async () => {
    const { source, stamp, run, titles, record } = setUp();
    await run();
    expect(source.reads).toBe(1);
    const written = await record();
    expect(written).toMatchObject({ documents: 2, sourceStamp: 'stamp-1' });

    await run();
    await run();
    expect(source.reads).toBe(1);
    // the index is kept, not emptied, and the runs are recorded
    expect(await titles('payment')).toEqual(['Payment Service']);
    const kept = await record();
    expect(kept).toMatchObject({ documents: 2, ready: true });
    expect(kept.lastIndexedAt).toEqual(written.lastIndexedAt);
    expect(kept.lastRunEndedAt!.getTime()).toBeGreaterThan(
      written.lastRunEndedAt!.getTime(),
    );

    source.titles = ['Payment Service', 'Checkout', 'Refund Worker'];
    stamp.value = 'stamp-2';
    await run();
    expect(source.reads).toBe(2);
    expect(await titles('refund')).toEqual(['Refund Worker']);
    expect(await record()).toMatchObject({
      documents: 3,
      sourceStamp: 'stamp-2',
    });
  });

  it('reads everything in the first run of a process, whatever the stored stamp', async () => {
    const store = new MemoryIndexStatusStore();
    const first = setUp(store);
    await first.run();
    expect(first.source.reads).toBe(1);
    // a second process (a restarted replica) on the same status store sees
    // the same stamp, but it has not written the index itself yet
    const { source, run, record } = setUp(store);
    expect(await record()).toMatchObject({ sourceStamp: 'stamp-1' });
    await run();
    expect(source.reads).toBe(1);
    await run();
    expect(source.reads).toBe(1);
  });

  it('writes the index afresh once it is older than reindexAfter', async () => {
    const { source, clock, run } = setUp();
    await run();
    clock.now += HOUR - 60_000;
    await run();
    expect(source.reads).toBe(1);
    clock.now += 60_000;
    await run();
    expect(source.reads).toBe(2);
  });

  it('reads everything when the stamp cannot be read, and says so once', async () => {
    const { logger, source, stamp, run, titles } = setUp();
    await run();
    stamp.value = new Error('catalog returned 503');
    await run();
    await run();
    expect(source.reads).toBe(3);
    expect(await titles('checkout')).toEqual(['Checkout']);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('catalog returned 503'),
    );
    // working again: skips again, and a later failure is reported again
    stamp.value = 'stamp-1';
    await run(); // full: the runs without a stamp stored none
    await run();
    expect(source.reads).toBe(4);
    stamp.value = new Error('catalog returned 503');
    await run();
    expect(logger.warn).toHaveBeenCalledTimes(2);
  });
});
