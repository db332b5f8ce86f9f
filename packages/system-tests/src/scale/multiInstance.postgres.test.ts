/*
 * Two replicas of the real backend (packages/backend/src/index.ts, production
 * config) on different ports, sharing one PostgreSQL and one Redis, the way
 * the Helm chart runs them. Each test proves one property a second replica
 * must not break; see README "Production at scale".
 *
 * PostgreSQL is a cluster of this test's own (scripts/postgres.sh), because
 * the test stops it and kills its connections; Redis is a redis-server from
 * Debian's package (`scripts/bootstrap.sh redis`). The tests share the two
 * backends and run in order; the last one kills replica A.
 */
import { Client } from 'pg';
import fs from 'node:fs/promises';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
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
} from './__testUtils__/testServices';

jest.setTimeout(300_000);

const token = 'multi-instance-test-static-token-0123456789';
const CONFIGS = [
  'app-config.yaml',
  'app-config.production.yaml',
  'packages/system-tests/src/scale/testdata/multiInstance.config.yaml',
];
/** search.collators.catalog.schedule.frequency in the test config. */
const COLLATOR_FREQUENCY_MS = 3_000;

type Task = { id: string; status: string };
type TaskEvent = {
  type: string;
  body: { message?: string; stepId?: string; status?: string };
};

/** One JSON log line of a backend (production format). */
type LogLine = { message: string; timestamp: string; [key: string]: unknown };

function logLines(backend: RunningBackend): LogLine[] {
  return backend
    .output()
    .split('\n')
    .flatMap(line => {
      if (!line.startsWith('{')) return [];
      try {
        return [JSON.parse(line) as LogLine];
      } catch {
        return [];
      }
    });
}

function component(name: string, description = 'multi-instance test') {
  return [
    'apiVersion: backstage.io/v1alpha1',
    'kind: Component',
    'metadata:',
    `  name: ${name}`,
    `  description: ${description}`,
    'spec:',
    '  type: service',
    '  lifecycle: experimental',
    '  owner: group:default/platform',
  ].join('\n');
}

describe('two backend replicas on one PostgreSQL and one Redis', () => {
  let postgres: TestPostgres;
  let redis: TestRedis;
  let a: RunningBackend;
  let b: RunningBackend;
  let filesDir: string;
  /** Serves filesDir over HTTP: the catalog registers url locations only. */
  let fileServer: Server;
  let filesUrl: string;
  /** Why a replica exited during startup (and was started again). */
  const restarts: string[] = [];

  beforeAll(async () => {
    [postgres, redis] = await Promise.all([
      startTestPostgres(),
      startTestRedis(),
    ]);
    filesDir = await fs.mkdtemp(path.join(os.tmpdir(), 'idp-scale-'));
    const docsDir = path.join(filesDir, 'techdocs-site');
    fileServer = createServer((req, res) => {
      const file = path.join(filesDir, path.basename(req.url ?? ''));
      fs.readFile(file).then(
        body => res.writeHead(200, { 'Content-Type': 'text/yaml' }).end(body),
        () => res.writeHead(404).end(),
      );
    });
    await new Promise<void>(r => fileServer.listen(0, '127.0.0.1', r));
    const host = `127.0.0.1:${(fileServer.address() as AddressInfo).port}`;
    filesUrl = `http://${host}`;
    const start = () =>
      startBackendProcess({
        configs: CONFIGS,
        env: baseUrl => ({
          ...productionEnv({
            baseUrl,
            staticToken: token,
            postgresUrl: postgres.url,
          }),
          REDIS_URL: redis.url,
          APP_CONFIG_backend_reading_allow: JSON.stringify([{ host }]),
          APP_CONFIG_techdocs_publisher_local_publishDirectory: docsDir,
        }),
        timeoutMs: 120_000,
      });
    // As Kubernetes runs a container: one that exits is started again.
    const replica = async (): Promise<RunningBackend> => {
      for (;;) {
        try {
          return await start();
        } catch (error) {
          const message = String(error);
          if (!/exited during startup/.test(message) || restarts.length > 4) {
            throw error;
          }
          restarts.push(
            /Migration table is already locked|already exists/.exec(
              message,
            )?.[0] ?? message.slice(0, 300),
          );
        }
      }
    };
    // Both at once on an empty database, like a fresh install.
    [a, b] = await Promise.all([replica(), replica()]);
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await Promise.all([postgres?.destroy(), redis?.stop()]);
    fileServer?.close();
    if (filesDir) await fs.rm(filesDir, { recursive: true, force: true });
  });

  async function api(
    backend: RunningBackend,
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
    });
  }

  async function json<T>(
    backend: RunningBackend,
    pathAndQuery: string,
    init: { method?: string; body?: unknown } = {},
  ): Promise<T> {
    const res = await api(backend, pathAndQuery, init);
    if (!res.ok) {
      throw new Error(
        `${init.method ?? 'GET'} ${pathAndQuery} on ${backend.baseUrl}: ${
          res.status
        } ${await res.text()}`,
      );
    }
    return res.json() as Promise<T>;
  }

  /** Registers a file of filesDir through `backend`, as a url location. */
  async function register(backend: RunningBackend, file: string) {
    await json(backend, '/catalog/locations', {
      method: 'POST',
      body: { type: 'url', target: `${filesUrl}/${path.basename(file)}` },
    });
  }

  async function entityExists(backend: RunningBackend, name: string) {
    const res = await api(
      backend,
      `/catalog/entities/by-name/component/default/${name}`,
    );
    return res.status === 200 ? true : undefined;
  }

  async function startTask(
    backend: RunningBackend,
    label: string,
    seconds: number,
  ): Promise<string> {
    const { id } = await json<{ id: string }>(backend, '/scaffolder/v2/tasks', {
      method: 'POST',
      body: {
        templateRef: 'template:default/scale-wait',
        values: { label, seconds },
      },
    });
    return id;
  }

  const taskOn = (backend: RunningBackend, id: string) =>
    json<Task>(backend, `/scaffolder/v2/tasks/${id}`);
  const eventsOn = (backend: RunningBackend, id: string) =>
    json<TaskEvent[]>(backend, `/scaffolder/v2/tasks/${id}/events`);

  async function finished(backend: RunningBackend, id: string, ms: number) {
    return waitFor(
      backend,
      `task ${id} to finish`,
      async () => {
        const task = await taskOn(backend, id);
        return ['completed', 'failed', 'cancelled'].includes(task.status)
          ? task
          : undefined;
      },
      { timeoutMs: ms, intervalMs: 250 },
    );
  }

  /** The task's log lines, without colours ("info: before x"). */
  const messages = (events: TaskEvent[]) =>
    events
      .filter(e => e.type === 'log')
      // eslint-disable-next-line no-control-regex
      .map(e => (e.body.message ?? '').replace(/\x1b\[[0-9;]*m/g, ''));

  it('starts two replicas at the same time on an empty database', async () => {
    // Both answer, and neither had to be restarted. Without the startup lock
    // (src/scale/serializedStartup.ts) both lose some race on the plugins'
    // knex migrations ("Migration table is already locked", "relation ...
    // already exists") and fail; upstream they then idle unready for good.
    for (const backend of [a, b]) {
      const res = await fetch(
        `${backend.baseUrl}/.backstage/health/v1/readiness`,
      );
      expect(res.status).toBe(200);
    }
    expect(restarts).toEqual([]);
    const waited = [a, b].map(backend =>
      logLines(backend).find(l => l.message.startsWith('Startup lock taken')),
    );
    // eslint-disable-next-line no-console
    console.log(`startup lock: ${waited.map(l => l?.message).join('; ')}`);
  });

  it('runs a scheduled task on only one replica per interval', async () => {
    // The catalog collator of search (scheduler task search_index_software_catalog).
    const runs = () =>
      [a, b]
        .flatMap((backend, i) =>
          logLines(backend)
            .filter(l =>
              /^Collating documents for software-catalog via/.test(l.message),
            )
            .map(l => ({ at: Date.parse(l.timestamp), on: 'AB'[i] })),
        )
        .sort((x, y) => x.at - y.at);
    // Awaits six runs instead of counting runs in a wall-clock window: on a
    // busy machine the scheduler may run late, but never on both replicas.
    const windowStart = Date.now();
    const inWindow = () => runs().filter(r => r.at >= windowStart);
    await waitFor(
      a,
      'six runs of the catalog collator',
      async () => (inWindow().length >= 6 ? true : undefined),
      { timeoutMs: 60 * COLLATOR_FREQUENCY_MS, intervalMs: 250 },
    );
    const observed = inWindow();
    const gaps = observed.slice(1).map((r, i) => r.at - observed[i].at);
    const summary = `runs on ${observed
      .map(r => r.on)
      .join('')}, gaps ${gaps.join(', ')} ms`;
    // Never twice in one interval (two replicas at once: ~0 ms apart).
    expect([summary, Math.min(...gaps) > COLLATOR_FREQUENCY_MS * 0.5]).toEqual([
      summary,
      true,
    ]);
    // eslint-disable-next-line no-console
    console.log(`search_index_software_catalog every 3 s: ${summary}`);
  });

  it('serves from B an entity registered through A', async () => {
    const file = path.join(filesDir, 'registered-through-a.yaml');
    await fs.writeFile(file, component('registered-through-a'));
    await register(a, file);
    await waitFor(b, 'B to serve the entity registered through A', () =>
      entityExists(b, 'registered-through-a'),
    );
    const entity = await json<{ metadata: { description: string } }>(
      b,
      '/catalog/entities/by-name/component/default/registered-through-a',
    );
    expect(entity.metadata.description).toBe('multi-instance test');
  });

  it('serves from B a TechDocs page that A put in the Redis cache', async () => {
    const page = 'default/component/registered-through-a/index.html';
    const file = path.join(filesDir, 'techdocs-site', page);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, '<h1>cached across replicas</h1>');
    const read = (backend: RunningBackend) =>
      api(backend, `/techdocs/static/docs/${page}`);
    const fromA = await read(a);
    expect(fromA.status).toBe(200);
    expect(await fromA.text()).toBe('<h1>cached across replicas</h1>');
    // Stored once the response has gone out, under the cache's namespace
    // (Backstage's cache client base64-encodes keys).
    const key = `acme-portal:techdocs:${Buffer.from(page).toString('base64')}`;
    await waitFor(
      a,
      `the page in Redis (${key})`,
      async () => {
        const keys = await redis.command('KEYS *');
        return keys.includes(key) ? true : undefined;
      },
      { timeoutMs: 10_000 },
    );
    // Gone from the publisher: B answers from the shared cache alone.
    await fs.rm(file);
    const fromB = await read(b);
    expect(fromB.status).toBe(200);
    expect(await fromB.text()).toBe('<h1>cached across replicas</h1>');
  });

  it('shows on B a task started on A; each task runs exactly once', async () => {
    const id = await startTask(a, 'seen-from-b', 2);
    // Visible from B at once, while it is still open or running on A.
    const early = await taskOn(b, id);
    expect(['open', 'processing']).toContain(early.status);
    expect((await finished(b, id, 30_000)).status).toBe('completed');
    expect(messages(await eventsOn(b, id))).toEqual(
      expect.arrayContaining([
        'info: before seen-from-b',
        'info: after seen-from-b',
      ]),
    );

    // Six tasks through both replicas: every one claimed by one worker only.
    const ids = await Promise.all(
      [a, b, a, b, a, b].map((backend, i) => startTask(backend, `t${i}`, 1)),
    );
    for (const [i, taskId] of ids.entries()) {
      expect((await finished(a, taskId, 30_000)).status).toBe('completed');
      const logs = messages(await eventsOn(a, taskId));
      expect(logs.filter(m => m === `info: before t${i}`)).toHaveLength(1);
      expect(logs.filter(m => m === `info: after t${i}`)).toHaveLength(1);
    }
  });

  it('keeps claiming tasks and processing the catalog after every database connection is terminated', async () => {
    const file = path.join(filesDir, 'after-terminate.yaml');
    await fs.writeFile(file, component('before-terminate'));
    await register(b, file);
    await waitFor(b, 'before-terminate', () =>
      entityExists(b, 'before-terminate'),
    );

    const admin = new Client({ connectionString: postgres.url.toString() });
    await admin.connect();
    try {
      const { rows } = await admin.query(
        `SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity
         WHERE pid <> pg_backend_pid() AND backend_type = 'client backend'`,
      );
      // Both replicas had connections open (one pool per plugin database).
      expect(rows.length).toBeGreaterThan(4);
    } finally {
      await admin.end();
    }
    const terminatedAt = Date.now();

    // The scaffolder claims a new task within 5 s...
    const id = await startTask(a, 'after-terminate', 0);
    await waitFor(
      a,
      'a task claimed within 5 s of pg_terminate_backend',
      async () => ((await taskOn(a, id)).status !== 'open' ? true : undefined),
      { timeoutMs: 5_000 - (Date.now() - terminatedAt), intervalMs: 100 },
    );
    // ...and the catalog processes a change to a file within 10 s.
    await fs.writeFile(
      file,
      [component('before-terminate'), component('after-terminate')].join(
        '\n---\n',
      ),
    );
    await waitFor(
      b,
      'catalog processing within 10 s of pg_terminate_backend',
      () => entityExists(b, 'after-terminate'),
      { timeoutMs: 10_000 - (Date.now() - terminatedAt), intervalMs: 250 },
    );
    expect((await finished(a, id, 30_000)).status).toBe('completed');
  });

  it('loses nothing when PostgreSQL restarts during catalog processing; readiness is 503 while it is down', async () => {
    const names = Array.from({ length: 200 }, (_, i) => `bulk-${i}`);
    const file = path.join(filesDir, 'bulk.yaml');
    await fs.writeFile(file, names.map(n => component(n)).join('\n---\n'));
    await register(a, file);
    const { items: before } = await json<{ items: unknown[] }>(
      b,
      '/catalog/entities/by-refs',
      {
        method: 'POST',
        body: { entityRefs: names.map(n => `component:default/${n}`) },
      },
    );
    // Processing of the 200 entities is under way; the server goes away.
    await postgres.stopServer();
    // eslint-disable-next-line no-console
    console.log(
      `PostgreSQL stopped with ${
        before.filter(Boolean).length
      } of 200 entities processed`,
    );
    try {
      for (const backend of [a, b]) {
        const res = await fetch(
          `${backend.baseUrl}/.backstage/health/v1/readiness`,
        );
        expect(res.status).toBe(503);
        expect(await res.json()).toMatchObject({
          message: expect.stringMatching(/^Database unavailable/),
        });
        // Liveness stays green: restarting the pod would not help.
        const live = await fetch(
          `${backend.baseUrl}/.backstage/health/v1/liveness`,
        );
        expect(live.status).toBe(200);
      }
      await new Promise(r => setTimeout(r, 3_000));
    } finally {
      await postgres.startServer();
    }
    for (const backend of [a, b]) {
      await waitFor(
        backend,
        'readiness 200 after PostgreSQL is back',
        async () => {
          const res = await fetch(
            `${backend.baseUrl}/.backstage/health/v1/readiness`,
          );
          return res.status === 200 ? true : undefined;
        },
        { timeoutMs: 10_000 },
      );
    }
    // Every entity arrives, served by both replicas.
    await waitFor(
      b,
      'all 200 entities after the restart',
      async () => {
        const { items } = await json<{ items: unknown[] }>(
          b,
          '/catalog/entities/by-refs',
          {
            method: 'POST',
            body: { entityRefs: names.map(n => `component:default/${n}`) },
          },
        );
        return items.every(Boolean) ? true : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 1_000 },
    );
    const { totalItems } = await json<{ totalItems: number }>(
      a,
      '/catalog/entities/by-query?filter=kind=component&limit=1',
    );
    // 200 bulk + registered-through-a + before/after-terminate
    expect(totalItems).toBe(203);
  });

  it('finishes on B a task whose replica A was killed (SIGKILL) in the middle', async () => {
    // Started on A, so A's worker claims it (the dispatch signal is local).
    const id = await startTask(a, 'killed', 8);
    await waitFor(a, 'the wait step running on A', async () => {
      const events = await eventsOn(a, id);
      return messages(events).includes('Beginning step Wait')
        ? true
        : undefined;
    });
    expect((await taskOn(b, id)).status).toBe('processing');

    a.process.kill('SIGKILL');
    const killedAt = Date.now();

    // No heartbeat for staleTimeout (3 s), B's recovery loop (every 10 s)
    // puts it back in the queue and resumes it after the last finished step.
    const task = await finished(b, id, 60_000);
    const events = await eventsOn(b, id);
    const logs = messages(events);
    expect({ status: task.status, logs }).toEqual({
      status: 'completed',
      logs: expect.arrayContaining(['info: after killed']),
    });
    // Recovered: its worker's heartbeat stopped, so A (now dead) was running
    // it, and B, the only replica left, finished it.
    expect(events.map(e => e.type)).toContain('recovered');
    // The step that had finished on A is not run again.
    expect(logs.filter(m => m === 'info: before killed')).toHaveLength(1);
    // eslint-disable-next-line no-console
    console.log(
      `task ${id}: A killed during step "wait"; B finished it ${
        Date.now() - killedAt
      } ms later with status ${task.status}; events:\n${events
        .map(e => `  ${e.type} ${e.body.message ?? JSON.stringify(e.body)}`)
        .join('\n')}`,
    );
  });
});
