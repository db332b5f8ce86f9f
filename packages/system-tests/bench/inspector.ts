import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/**
 * A Chrome DevTools Protocol session with a backend started with
 * `--inspect=127.0.0.1:<port>`, for profiles of one phase of a benchmark
 * (a CPU profile of one load, the allocations of ingestion, a heap snapshot
 * after it) rather than of the whole process life that `--cpu-prof`
 * records.
 */
export class InspectorSession {
  #nextId = 1;
  readonly #pending = new Map<
    number,
    { resolve(value: any): void; reject(error: Error): void }
  >();
  readonly #listeners = new Map<string, (params: any) => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.addEventListener('message', event => {
      const message = JSON.parse(String(event.data));
      if (message.id !== undefined) {
        const call = this.#pending.get(message.id);
        this.#pending.delete(message.id);
        if (message.error) {
          call?.reject(new Error(`inspector: ${message.error.message}`));
        } else {
          call?.resolve(message.result);
        }
      } else {
        this.#listeners.get(message.method)?.(message.params);
      }
    });
  }

  /**
   * Connects to the inspector on `port`, waiting up to `waitMs` for it to
   * listen (a process just spawned opens it a moment later).
   */
  static async connect(port: number, waitMs = 0): Promise<InspectorSession> {
    const deadline = Date.now() + waitMs;
    let targets;
    for (;;) {
      try {
        targets = await (
          await fetch(`http://127.0.0.1:${port}/json/list`)
        ).json();
        break;
      } catch (error) {
        if (Date.now() >= deadline) throw error;
        await new Promise(r => setTimeout(r, 20));
      }
    }
    const socket = new WebSocket(targets[0].webSocketDebuggerUrl);
    await new Promise<void>((resolve, reject) => {
      socket.addEventListener('open', () => resolve(), { once: true });
      socket.addEventListener(
        'error',
        () => reject(new Error(`inspector on port ${port}: cannot connect`)),
        { once: true },
      );
    });
    return new InspectorSession(socket);
  }

  send<T = any>(method: string, params: object = {}): Promise<T> {
    const id = this.#nextId++;
    this.socket.send(JSON.stringify({ id, method, params }));
    return new Promise<T>((resolve, reject) =>
      this.#pending.set(id, { resolve, reject }),
    );
  }

  /** A V8 CPU profile (`.cpuprofile`) of whatever runs during `work`. */
  async cpuProfile<T>(file: string, work: () => Promise<T>): Promise<T> {
    await this.send('Profiler.enable');
    await this.send('Profiler.setSamplingInterval', { interval: 500 });
    await this.send('Profiler.start');
    try {
      return await work();
    } finally {
      const { profile } = await this.send('Profiler.stop');
      await writeJson(file, profile);
    }
  }

  /**
   * A V8 sampling heap profile (`.heapprofile`) of what `work` allocates:
   * one sample per 64 KiB allocated on average, with the allocating stack,
   * kept whether or not the object has since been collected, so the sizes
   * are what was allocated, not what is live at the end.
   */
  async allocationProfile<T>(file: string, work: () => Promise<T>): Promise<T> {
    await this.send('HeapProfiler.enable');
    await this.send('HeapProfiler.startSampling', {
      samplingInterval: 65536,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
    try {
      return await work();
    } finally {
      const { profile } = await this.send('HeapProfiler.stopSampling');
      await writeJson(file, profile);
    }
  }

  /** A heap snapshot (`.heapsnapshot`) after a full garbage collection. */
  async heapSnapshot(file: string): Promise<void> {
    await this.send('HeapProfiler.enable');
    await this.send('HeapProfiler.collectGarbage');
    const out = createWriteStream(file);
    this.#listeners.set('HeapProfiler.addHeapSnapshotChunk', ({ chunk }) =>
      out.write(chunk),
    );
    await this.send('HeapProfiler.takeHeapSnapshot', {
      reportProgress: false,
    });
    this.#listeners.delete('HeapProfiler.addHeapSnapshotChunk');
    out.end();
    await once(out, 'finish');
  }

  close() {
    this.socket.close();
  }
}

/** Writes a profile the inspector returned as one JSON file. */
async function writeJson(file: string, value: unknown): Promise<void> {
  const out = createWriteStream(file);
  out.end(JSON.stringify(value));
  await once(out, 'finish');
}
