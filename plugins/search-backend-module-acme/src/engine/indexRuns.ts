import { Writable } from 'node:stream';

/**
 * What a collator factory decided for the run it starts, for the engine's
 * indexer of the same run: skip it (the source has not changed since the
 * index was written), or index and remember the source's stamp.
 */
export type IndexRunPlan =
  | { skip: true }
  | { skip: false; sourceStamp?: string; onIndexed?: () => void };

/**
 * Hands a collator factory's plan to the indexer of the same run. The search
 * index builder asks for a type's collator and then for its indexer, and runs
 * one run of a type at a time in a process.
 */
export class IndexRunPlans {
  readonly #plans = new Map<string, IndexRunPlan>();

  set(type: string, plan: IndexRunPlan): void {
    this.#plans.set(type, plan);
  }

  take(type: string): IndexRunPlan | undefined {
    const plan = this.#plans.get(type);
    this.#plans.delete(type);
    return plan;
  }
}

/**
 * The indexer of a skipped run: the engine's index is left as it is (no
 * transaction, nothing replaced), and the run is recorded once the (empty)
 * collator has ended.
 */
export class SkippedRunIndexer extends Writable {
  constructor(private readonly onEnded: () => Promise<void>) {
    super({ objectMode: true });
  }

  _write(
    _document: unknown,
    _encoding: BufferEncoding,
    callback: (error?: Error | null) => void,
  ) {
    callback(new Error('A skipped index run received a document'));
  }

  _final(callback: (error?: Error | null) => void) {
    this.onEnded().then(
      () => callback(),
      error => callback(error),
    );
  }
}
