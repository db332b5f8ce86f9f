import { LoggerService } from '@backstage/backend-plugin-api';
import { AuditStore } from '../database/AuditStore';
import { AuditSink } from './sinks';

/**
 * Moves stored records to the sink in insertion order (an outbox): a batch is
 * marked forwarded only after the sink accepted it, so records survive sink
 * outages and restarts (delivery is at least once; each record has a unique
 * `id` to de-duplicate on). Runs as a scheduled task, on one replica at a time.
 */
export class Forwarder {
  #failing = false;

  constructor(
    private readonly options: {
      store: AuditStore;
      sink: AuditSink;
      logger: LoggerService;
      batchSize?: number;
    },
  ) {}

  /** Whether the last run stopped because the sink refused a batch. */
  get failing(): boolean {
    return this.#failing;
  }

  /** Forwards everything pending; returns how many records were sent. */
  async run(signal?: AbortSignal): Promise<number> {
    const { store, sink, logger } = this.options;
    const batchSize = this.options.batchSize ?? 500;
    let sent = 0;
    while (!signal?.aborted) {
      const pending = await store.pendingForward(batchSize);
      if (pending.length === 0) {
        break;
      }
      try {
        await sink.send(pending.map(p => p.record));
      } catch (error) {
        logger.error(
          `Audit records not forwarded to ${sink.description}; they stay queued in the database and are retried on the next run: ${error}`,
        );
        this.#failing = true;
        return sent;
      }
      await store.markForwarded(pending.map(p => p.seq));
      sent += pending.length;
      if (pending.length < batchSize) {
        break;
      }
    }
    if (this.#failing && !signal?.aborted) {
      logger.info(`Audit sink ${sink.description} accepts records again`);
      this.#failing = false;
    }
    return sent;
  }
}
