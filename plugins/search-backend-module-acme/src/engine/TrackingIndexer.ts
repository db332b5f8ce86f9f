import { IndexableDocument } from '@backstage/plugin-search-common';
import { Writable } from 'node:stream';

/**
 * Passes every document on to an engine's indexer and counts them. It
 * finishes only once the engine's indexer has closed, which is when Lunr
 * swaps in the new index and after PostgreSQL has committed, so that
 * `onIndexed` reports an index that queries already see.
 */
export class TrackingIndexer extends Writable {
  #documents = 0;

  constructor(
    private readonly inner: Writable,
    private readonly onIndexed: (documents: number) => Promise<void>,
  ) {
    super({ objectMode: true });
    inner.on('error', error => this.destroy(error));
  }

  _write(
    document: IndexableDocument,
    _encoding: BufferEncoding,
    callback: (error?: Error | null) => void,
  ) {
    this.#documents += 1;
    this.inner.write(document, error => callback(error));
  }

  _final(callback: (error?: Error | null) => void) {
    if (this.inner.closed) {
      callback(new Error('The search engine indexer closed early'));
      return;
    }
    this.inner.once('close', () => {
      if (this.inner.errored) {
        // already forwarded through the 'error' listener
        return;
      }
      this.onIndexed(this.#documents).then(
        () => callback(),
        error => callback(error),
      );
    });
    this.inner.end();
  }

  _destroy(error: Error | null, callback: (error?: Error | null) => void) {
    if (error && !this.inner.destroyed) {
      // e.g. the collator failed: the engine must roll back, not commit
      this.inner.destroy(error);
    }
    callback(error);
  }
}
