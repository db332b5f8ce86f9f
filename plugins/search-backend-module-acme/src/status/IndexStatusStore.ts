/**
 * What is known about the index of one document type (`software-catalog`,
 * `techdocs`, ...).
 */
export type IndexRecord = {
  type: string;
  /**
   * A run completed after the type's prerequisites were met (the catalog had
   * settled; for TechDocs also the first pass of building every entity's
   * docs). Until then the index is still being built.
   */
  ready: boolean;
  /** Documents in the current index (0 while there is none). */
  documents: number;
  /** When the current index was written (a run with at least one document). */
  lastIndexedAt?: Date;
  lastRunStartedAt?: Date;
  lastRunEndedAt?: Date;
  /** Message of the last run, if it failed. */
  lastError?: string;
  /** Stamp of the source the current index was written from, if known. */
  sourceStamp?: string;
};

/** Progress of building the TechDocs of every entity that has them. */
export type PrebuildRecord = {
  lastPassStartedAt?: Date;
  lastPassEndedAt?: Date;
  /** When a pass over every entity first completed; unset until then. */
  firstPassCompletedAt?: Date;
  /** Docs built, already generated (skipped) and failed in the last pass. */
  built: number;
  skipped: number;
  failed: number;
  /** Entities with docs found by the last pass. */
  entities: number;
  lastError?: string;
};

/**
 * A run that wrote the index, or kept it: with no documents (a run its
 * collator skipped, or one the engine did not let replace the index).
 */
export type SucceededRun = {
  startedAt: Date;
  endedAt: Date;
  documents: number;
  ready: boolean;
  sourceStamp?: string;
};

/**
 * Where the index status lives: in memory next to an in-memory (Lunr)
 * index, in the search database next to a PostgreSQL index so that every
 * replica reports the same.
 */
export interface IndexStatusStore {
  runStarted(type: string, startedAt: Date): Promise<void>;
  runSucceeded(type: string, run: SucceededRun): Promise<void>;
  runFailed(type: string, run: { endedAt: Date; error: string }): Promise<void>;
  listIndexes(): Promise<IndexRecord[]>;

  prebuildStarted(startedAt: Date): Promise<void>;
  prebuildProgress(
    progress: Pick<
      PrebuildRecord,
      'built' | 'skipped' | 'failed' | 'entities' | 'lastError'
    >,
  ): Promise<void>;
  prebuildPassCompleted(endedAt: Date): Promise<void>;
  getPrebuild(): Promise<PrebuildRecord | undefined>;
}

/** Index status of an in-memory index: it starts afresh with the process. */
export class MemoryIndexStatusStore implements IndexStatusStore {
  readonly #indexes = new Map<string, IndexRecord>();
  #prebuild: PrebuildRecord | undefined;

  #get(type: string): IndexRecord {
    let record = this.#indexes.get(type);
    if (!record) {
      record = { type, ready: false, documents: 0 };
      this.#indexes.set(type, record);
    }
    return record;
  }

  async runStarted(type: string, startedAt: Date) {
    this.#get(type).lastRunStartedAt = startedAt;
  }

  async runSucceeded(type: string, run: SucceededRun) {
    const record = this.#get(type);
    record.lastRunEndedAt = run.endedAt;
    record.lastError = undefined;
    record.ready = record.ready || run.ready;
    // An engine keeps its previous index when a run yields no documents.
    if (run.documents > 0) {
      record.documents = run.documents;
      record.lastIndexedAt = run.endedAt;
      record.sourceStamp = run.sourceStamp;
    }
  }

  async runFailed(type: string, run: { endedAt: Date; error: string }) {
    const record = this.#get(type);
    record.lastRunEndedAt = run.endedAt;
    record.lastError = run.error;
  }

  async listIndexes() {
    return [...this.#indexes.values()].map(r => ({ ...r }));
  }

  async prebuildStarted(startedAt: Date) {
    this.#prebuild = {
      built: 0,
      skipped: 0,
      failed: 0,
      entities: 0,
      ...this.#prebuild,
      lastPassStartedAt: startedAt,
    };
  }

  async prebuildProgress(
    progress: Pick<
      PrebuildRecord,
      'built' | 'skipped' | 'failed' | 'entities' | 'lastError'
    >,
  ) {
    this.#prebuild = { ...this.#prebuild, ...progress };
  }

  async prebuildPassCompleted(endedAt: Date) {
    if (!this.#prebuild) {
      return;
    }
    this.#prebuild.lastPassEndedAt = endedAt;
    this.#prebuild.firstPassCompletedAt ??= endedAt;
  }

  async getPrebuild() {
    return this.#prebuild ? { ...this.#prebuild } : undefined;
  }
}
