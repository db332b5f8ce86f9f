/*
 * backend.rateLimit of app-config.production.yaml across replicas: two real
 * backends (packages/backend/src/index.ts, production config) on one
 * PostgreSQL and one Redis, as the Helm chart runs them. A client's requests
 * are counted in Redis, so the limit is the portal's: once the requests to
 * both replicas together reach it, both refuse (429), and not before.
 *
 * The client is 127.0.0.2 (a loopback address of its own, so the probes and
 * the replicas' calls to themselves, from 127.0.0.1, are not in its count);
 * the allow list is production's. With the in-memory store (each replica
 * counting alone) the first test fails: the client gets twice the limit.
 */
import { spawn } from 'node:child_process';
import { request } from 'node:http';
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

const token = 'rate-limit-test-static-token-0123456789';
/** backend.rateLimit.incomingRequestLimit in this test (production: 600). */
const LIMIT = 10;

/** Status of GET <path> on `backend`, sent from the local address `from`. */
function statusOf(
  backend: RunningBackend,
  path: string,
  from: string,
): Promise<{ status: number; body: string }> {
  const { port } = new URL(backend.baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        localAddress: from,
        agent: false,
        headers: { Authorization: `Bearer ${token}` },
        timeout: 30_000,
      },
      res => {
        let body = '';
        res.on('data', d => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`GET ${path} on ${backend.baseUrl}: no answer`)),
    );
    req.on('error', reject);
    req.end();
  });
}

describe('rate limit shared by two replicas through Redis', () => {
  let postgres: TestPostgres;
  let redis: TestRedis;
  let a: RunningBackend;
  let b: RunningBackend;

  beforeAll(async () => {
    [postgres, redis] = await Promise.all([
      startTestPostgres(),
      startTestRedis(),
    ]);
    const start = () =>
      startBackendProcess({
        configs: ['app-config.yaml', 'app-config.production.yaml'],
        env: baseUrl => ({
          ...productionEnv({
            baseUrl,
            staticToken: token,
            postgresUrl: postgres.url,
          }),
          REDIS_URL: redis.url,
          APP_CONFIG_backend_rateLimit_incomingRequestLimit: String(LIMIT),
          // Long enough that no window ends during the test.
          APP_CONFIG_backend_rateLimit_window: JSON.stringify({ minutes: 10 }),
          // No catalog files to read: a faster start.
          APP_CONFIG_catalog_locations: '[]',
        }),
        timeoutMs: 180_000,
      });
    // One after the other: the second finds the migrations done.
    a = await start();
    b = await start();
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await Promise.all([postgres?.destroy(), redis?.stop()]);
  });

  it('refuses a client on both replicas once their requests together reach the limit', async () => {
    const path = '/api/catalog/entities?limit=1';
    const sent: string[] = [];
    const refusals: string[] = [];
    for (let i = 0; i < 2 * LIMIT + 2; i++) {
      const [name, backend] = i % 2 === 0 ? ['A', a] : ['B', b];
      const { status, body } = await statusOf(backend, path, '127.0.0.2');
      if (status === 429) refusals.push(JSON.parse(body).error.message);
      sent.push(`${i + 1} ${name} ${status}`);
    }
    // eslint-disable-next-line no-console
    console.log(`limit ${LIMIT}, alternating A/B: ${sent.join(', ')}`);
    // Requests 1..LIMIT accepted (half by each replica), every later one
    // refused by whichever replica gets it.
    expect(sent).toEqual(
      sent.map((_, i) => {
        const name = i % 2 === 0 ? 'A' : 'B';
        return `${i + 1} ${name} ${i < LIMIT ? 200 : 429}`;
      }),
    );
    expect(refusals).toEqual(
      refusals.map(() => 'Too many requests, please try again later'),
    );
    // The count is Redis's: one key for the client, every request in it.
    expect(await redis.command('GET rl:127.0.0.2')).toBe(
      `$${String(2 * LIMIT + 2).length}\r\n${2 * LIMIT + 2}\r\n`,
    );
  });

  it('does not count a replica calling itself (loopback, in the allow list)', async () => {
    // Plugins reach each other through http://localhost:7007 in the same
    // pod; with one count for all replicas these would add up across pods.
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 5; i++) {
      const { status } = await statusOf(
        i % 2 === 0 ? a : b,
        '/api/catalog/entities?limit=1',
        '127.0.0.1',
      );
      statuses.push(status);
    }
    expect(statuses).toEqual(statuses.map(() => 200));
    expect(await redis.command('EXISTS rl:127.0.0.1')).toBe(':0\r\n');
  });

  it('known limit: once Redis drops the connection, a replica holds every request until it restarts', async () => {
    // backend-defaults gives the rate limiter a Redis client without an
    // 'error' listener: the dropped connection throws (logged as "Uncaught
    // exception"), the client never reconnects and its commands wait for
    // good, so passOnStoreError never applies. Health probes pass through
    // the limiter too, so Kubernetes' liveness probe restarts the pod
    // (README, "Production at scale"). When this test fails, upstream fixed
    // it: update the README.
    const port = Number(new URL(redis.url).port);
    await redis.stop();
    const held = statusOf(a, '/.backstage/health/v1/liveness', '127.0.0.3');
    const outcome = (ms: number) =>
      Promise.race([
        held.then(
          r => `answered ${r.status}`,
          e => `failed: ${e}`,
        ),
        new Promise<string>(r => setTimeout(() => r('waiting'), ms)),
      ]);
    expect(await outcome(3_000)).toBe('waiting');
    const back = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', ''],
      { stdio: 'ignore' },
    );
    try {
      // Redis answers again (the test's own client can reach it) ...
      await waitFor(a, 'Redis to answer again', async () =>
        (await redis.command('PING').catch(() => '')).startsWith('+PONG')
          ? true
          : undefined,
      );
      // ... but the replica's rate limiter does not come back.
      expect(await outcome(10_000)).toBe('waiting');
      expect(a.output()).toContain('Socket closed unexpectedly');
    } finally {
      back.kill('SIGTERM');
    }
  });
});
