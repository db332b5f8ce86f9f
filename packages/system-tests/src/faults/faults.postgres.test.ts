/*
 * Fault matrix (README, "When a part fails"): the real backend
 * (packages/backend/src/index.ts, production config) on a PostgreSQL cluster
 * and a redis-server of this test's own, each stopped in the middle of work
 * and started again. Each case ends in "clear error, nothing lost": what a
 * user or a probe sees during the fault, and what is still there after it.
 *
 * PostgreSQL: scripts/postgres.sh (a cluster this test may stop; needs
 * initdb, `. scripts/bootstrap.sh postgres`); Redis: Debian's redis-server
 * (`. scripts/bootstrap.sh redis`). The cases share one backend and run in
 * order.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  productionEnv,
  RunningBackend,
  startBackendProcess,
  waitFor,
} from '../__testUtils__/runBackend';
import {
  startTestPostgres,
  startTestRedis,
  TestPostgres,
  TestRedis,
} from '../scale/__testUtils__/testServices';

jest.setTimeout(400_000);

const token = 'fault-matrix-test-static-token-0123456789';
const CONFIGS = [
  'app-config.yaml',
  'app-config.production.yaml',
  'packages/system-tests/src/faults/testdata/faults.config.yaml',
];

type Task = { id: string; status: string };
type TaskEvent = {
  type: string;
  body: { message?: string; stepId?: string; status?: string; error?: unknown };
};

describe('fault matrix: PostgreSQL and Redis stop under a running backend', () => {
  let postgres: TestPostgres;
  let redis: TestRedis;
  let backend: RunningBackend;
  let docsDir: string;

  beforeAll(async () => {
    [postgres, redis] = await Promise.all([
      startTestPostgres(),
      startTestRedis(),
    ]);
    docsDir = await fs.mkdtemp(path.join(os.tmpdir(), 'idp-faults-docs-'));
    backend = await startBackendProcess({
      configs: CONFIGS,
      env: baseUrl => ({
        ...productionEnv({
          baseUrl,
          staticToken: token,
          postgresUrl: postgres.url,
        }),
        REDIS_URL: redis.url,
        APP_CONFIG_techdocs_publisher_local_publishDirectory: docsDir,
      }),
      timeoutMs: 240_000,
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await Promise.all([postgres?.destroy(), redis?.stop()]);
    if (docsDir) await fs.rm(docsDir, { recursive: true, force: true });
  });

  async function api(
    pathAndQuery: string,
    init: { method?: string; body?: unknown } = {},
  ): Promise<Response> {
    return fetch(`${backend.baseUrl}/api${pathAndQuery}`, {
      method: init.method ?? 'GET',
      headers: {
        Authorization: `Bearer ${token}`,
        ...(init.body ? { 'Content-Type': 'application/json' } : {}),
      },
      body: init.body ? JSON.stringify(init.body) : undefined,
      signal: AbortSignal.timeout(30_000),
    });
  }

  async function json<T>(
    pathAndQuery: string,
    init: { method?: string; body?: unknown } = {},
  ): Promise<T> {
    const res = await api(pathAndQuery, init);
    if (!res.ok) {
      throw new Error(
        `${init.method ?? 'GET'} ${pathAndQuery}: ${
          res.status
        } ${await res.text()}`,
      );
    }
    return res.json() as Promise<T>;
  }

  const probe = async (which: 'readiness' | 'liveness') => {
    const res = await fetch(
      `${backend.baseUrl}/.backstage/health/v1/${which}`,
      { signal: AbortSignal.timeout(30_000) },
    );
    return { status: res.status, body: await res.text() };
  };

  const taskOf = (id: string) => json<Task>(`/scaffolder/v2/tasks/${id}`);
  const eventsOf = (id: string) =>
    json<TaskEvent[]>(`/scaffolder/v2/tasks/${id}/events`);
  const messages = (events: TaskEvent[]) =>
    events
      .filter(e => e.type === 'log')
      // eslint-disable-next-line no-control-regex
      .map(e => (e.body.message ?? '').replace(/\x1b\[[0-9;]*m/g, ''));

  /**
   * Starts a faults-wait task (log, wait `seconds`, log), stops PostgreSQL
   * (immediate shutdown, like a crash or a failover) once the wait step has
   * begun, and starts it again: at once (`pastStepEnd: false`, an outage
   * inside the step) or once the step's `seconds` are over, so that the
   * worker has to record the step's end while the server is gone. Returns
   * what a client saw during and after the outage.
   */
  async function restartPostgresDuringTask(
    label: string,
    options: { seconds: number; pastStepEnd: boolean },
  ) {
    await waitFor(
      backend,
      'the faults-wait template in the catalog',
      async () =>
        (
          await api('/catalog/entities/by-name/template/default/faults-wait')
        ).status === 200
          ? true
          : undefined,
    );
    const { id } = await json<{ id: string }>('/scaffolder/v2/tasks', {
      method: 'POST',
      body: {
        templateRef: 'template:default/faults-wait',
        values: { label, seconds: options.seconds },
      },
    });
    await waitFor(backend, 'the wait step running', async () =>
      messages(await eventsOf(id)).includes('Beginning step Wait')
        ? true
        : undefined,
    );
    const stepStartedAt = Date.now();
    const pid = backend.process.pid;

    await postgres.stopServer();
    const stoppedAt = Date.now();
    let down: {
      readiness: string;
      liveness: number;
      list: string;
      task: string;
    };
    try {
      const readiness = await probe('readiness');
      const liveness = await probe('liveness');
      const list = await api('/scaffolder/v2/tasks');
      const one = await api(`/scaffolder/v2/tasks/${id}`);
      const error = async (res: Response) =>
        `${res.status} ${
          res.status === 200 ? 'ok' : (await res.json()).error?.message
        }`;
      down = {
        readiness: `${readiness.status} ${JSON.parse(readiness.body).message}`,
        liveness: liveness.status,
        list: await error(list),
        task: await error(one),
      };
      if (options.pastStepEnd) {
        // The step's own duration, plus a second for the worker to try to
        // record its end: nothing outside the worker shows that moment
        // while the database is gone.
        await waitFor(
          backend,
          'the end of the wait step',
          async () =>
            Date.now() - stepStartedAt > (options.seconds + 1) * 1000
              ? true
              : undefined,
          { timeoutMs: (options.seconds + 30) * 1000 },
        );
      }
    } finally {
      await postgres.startServer();
    }
    const downMs = Date.now() - stoppedAt;

    await waitFor(
      backend,
      'readiness 200 after PostgreSQL is back',
      async () =>
        (await probe('readiness')).status === 200 ? true : undefined,
      { timeoutMs: 30_000 },
    );
    const readyAfterMs = Date.now() - stoppedAt - downMs;
    const task = await waitFor(
      backend,
      `task ${id} to end after the restart`,
      async () => {
        const t = await taskOf(id).catch(() => undefined);
        return t && ['completed', 'failed', 'cancelled'].includes(t.status)
          ? t
          : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 500 },
    );
    const events = await eventsOf(id);
    const completion = events.find(e => e.type === 'completion')?.body as
      | { message?: string; error?: { message?: string } }
      | undefined;
    const { tasks } = await json<{ tasks: Task[] }>(
      '/scaffolder/v2/tasks?limit=100',
    );
    const logs = messages(events);
    const after = {
      status: task.status,
      error: completion?.error?.message?.replace(/:\d+$/, ':<port>'),
      listed: tasks.some(t => t.id === id),
      before: logs.filter(m => m === `info: before ${label}`).length,
      after: logs.filter(m => m === `info: after ${label}`).length,
      // Same process throughout: nobody had to restart the backend.
      sameProcess:
        backend.process.exitCode === null && backend.process.pid === pid,
    };

    // A new task runs to the end on the same backend.
    const { id: next } = await json<{ id: string }>('/scaffolder/v2/tasks', {
      method: 'POST',
      body: {
        templateRef: 'template:default/faults-wait',
        values: { label: `${label}-next`, seconds: 0 },
      },
    });
    const nextTask = await waitFor(
      backend,
      'a new task after the restart',
      async () => {
        const t = await taskOf(next);
        return ['completed', 'failed'].includes(t.status) ? t : undefined;
      },
      { timeoutMs: 60_000 },
    );
    // eslint-disable-next-line no-console
    console.log(
      `${label}: PostgreSQL down ${downMs} ms during step "wait" (${options.seconds} s) of task ${id}; readiness 200 again ${readyAfterMs} ms after the start\n` +
        `  while down: ${JSON.stringify(down)}\n` +
        `  after: ${JSON.stringify(after)}; a new task: ${nextTask.status}\n` +
        `  events: ${events
          .map(e => `${e.type} ${e.body.message ?? ''}`.trim())
          .join(' | ')}`,
    );
    return { down, after, next: nextTask.status };
  }

  /** What a client sees while PostgreSQL is down (port masked). */
  const whileDown = (port: string) => ({
    readiness: `503 Database unavailable: connect ECONNREFUSED 127.0.0.1:${port}`,
    liveness: 200,
    list: `500 connect ECONNREFUSED 127.0.0.1:${port}`,
    task: `500 connect ECONNREFUSED 127.0.0.1:${port}`,
  });

  it('PostgreSQL restarted inside a template step: the task completes; the API answers 500, readiness 503 meanwhile', async () => {
    const { down, after, next } = await restartPostgresDuringTask('pg-blip', {
      seconds: 8,
      pastStepEnd: false,
    });
    expect(down).toEqual(whileDown(postgres.url.port));
    expect({ after, next }).toEqual({
      after: {
        status: 'completed',
        error: undefined,
        listed: true,
        before: 1,
        after: 1,
        sameProcess: true,
      },
      next: 'completed',
    });
  });

  it('PostgreSQL down when a template step ends: the task fails with the connection error, stays listed, and the backend runs new tasks without a restart', async () => {
    const { down, after, next } = await restartPostgresDuringTask(
      'pg-restart',
      { seconds: 6, pastStepEnd: true },
    );
    expect(down).toEqual(whileDown(postgres.url.port));
    // Not resumed: the scaffolder fails a task whose step could not be
    // recorded (upstream). The user sees the error and runs it again.
    expect({ after, next }).toEqual({
      after: {
        status: 'failed',
        error: 'connect ECONNREFUSED 127.0.0.1:<port>',
        listed: true,
        before: 1,
        after: 0,
        sameProcess: true,
      },
      next: 'completed',
    });
  });

  it('Redis down: the portal keeps serving (catalog, tasks, TechDocs uncached), readiness stays 200 and says degraded; Redis back: the cache is used again without a restart', async () => {
    await waitFor(
      backend,
      'the faults-docs component in the catalog',
      async () =>
        (
          await api('/catalog/entities/by-name/component/default/faults-docs')
        ).status === 200
          ? true
          : undefined,
    );
    const page = 'default/component/faults-docs/index.html';
    const file = path.join(docsDir, page);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, '<h1>served without Redis</h1>');
    const readPage = async () => {
      const res = await api(`/techdocs/static/docs/${page}`).then(
        r => r,
        (e: Error) => e,
      );
      return res instanceof Error
        ? `error ${res.message}`
        : `${res.status} ${(await res.text()).slice(0, 200)}`;
    };
    expect(await readPage()).toBe('200 <h1>served without Redis</h1>');
    // Written to Redis once the response has gone out (keys base64-encoded).
    const key = `acme-portal:techdocs:${Buffer.from(page).toString('base64')}`;
    await waitFor(backend, `the page in Redis (${key})`, async () =>
      (await redis.command('KEYS *')).includes(key) ? true : undefined,
    );
    const pid = backend.process.pid;
    const port = Number(new URL(redis.url).port);

    /** Milliseconds of each observed TechDocs read (printed). */
    const timings: number[] = [];
    const beforeStarted = Date.now();
    await readPage();
    timings.push(Date.now() - beforeStarted);
    /** What a client sees, an answer or none within 30 s. */
    const observe = async () => {
      const status = (pathAndQuery: string) =>
        api(pathAndQuery).then(
          r => r.status,
          (e: Error) => `no answer (${e.name})`,
        );
      const health = (which: 'readiness' | 'liveness') =>
        probe(which).then(
          r => `${r.status} ${r.body}`,
          (e: Error) => `no answer (${e.name})`,
        );
      const docsStarted = Date.now();
      const docs = await readPage();
      const docsMs = Date.now() - docsStarted;
      const [catalog, tasks, readiness, liveness] = await Promise.all([
        status('/catalog/entities/by-name/template/default/faults-wait'),
        status('/scaffolder/v2/tasks?limit=1'),
        health('readiness'),
        health('liveness'),
      ]);
      timings.push(docsMs);
      return {
        catalog,
        tasks,
        readiness,
        liveness,
        docs,
        sameProcess:
          backend.process.exitCode === null && backend.process.pid === pid,
      };
    };

    const outputBefore = backend.output().length;
    await redis.stop();
    await waitFor(backend, 'Redis to refuse connections', async () =>
      (await redis.command('PING').then(
        () => false,
        () => true,
      ))
        ? true
        : undefined,
    );
    const down = await observe();

    // Redis back on the same port (empty: no persistence).
    const back = await startTestRedis(port);
    try {
      const redisBackAt = Date.now();
      const after = await observe();
      // The cache is used again without a restart: a read of the page
      // (a miss, Redis came back empty) stores it once more. Each read
      // tries; the client reconnects with a backoff of up to 2 s.
      const cachedAgain = await waitFor(
        backend,
        'the page in Redis again',
        async () => {
          if ((await redis.command('KEYS *')).includes(key)) {
            return `after ${Date.now() - redisBackAt} ms`;
          }
          if (Date.now() - redisBackAt > 30_000) return 'not within 30 s';
          await readPage();
          return undefined;
        },
        { intervalMs: 500, timeoutMs: 40_000 },
      );
      const warnings = backend
        .output()
        .slice(outputBefore)
        .split('\n')
        .filter(l => /"level":"(warn|error)"/.test(l))
        .map(l => JSON.parse(l).message as string);
      // eslint-disable-next-line no-console
      console.log(
        `Redis down: ${JSON.stringify(down)}\nRedis back: ${JSON.stringify(
          after,
        )}; page in the cache again: ${cachedAgain}\n  TechDocs page read ms (Redis up, down, back): ${timings.join(
          ', ',
        )}\n  ${warnings.length} warnings/errors logged meanwhile, e.g.:\n${[
          ...new Set(warnings),
        ]
          .slice(0, 6)
          .map(m => `    ${m.slice(0, 200)}`)
          .join('\n')}`,
      );
      // Readiness stays 200 (the Service keeps the replica: it serves)
      // and says why it is degraded; pages come from the publisher,
      // uncached, at once (no offline queue to wait in).
      const serving = {
        catalog: 200,
        tasks: 200,
        readiness: '200 {"status":"ok"}',
        liveness: '200 {"status":"ok"}',
        docs: '200 <h1>served without Redis</h1>',
        sameProcess: true,
      };
      expect(down).toEqual({
        ...serving,
        readiness: expect.stringMatching(
          /^200 \{"status":"degraded","message":"Redis unavailable \(cache\): .*ECONNREFUSED/,
        ),
      });
      expect(after).toEqual(serving);
      // The cache's client reconnects (our patch of @keyv/redis gives it an
      // 'error' listener; .yarn/patches): the page is cached again.
      expect(cachedAgain).toMatch(/^after \d+ ms$/);
      expect(warnings).not.toContain(
        'Uncaught exception Socket closed unexpectedly',
      );
    } finally {
      await back.stop();
    }
  });
});
