/*
 * What two replicas must share, tested on two real backends
 * (packages/backend/src/index.ts, production config) on one PostgreSQL and
 * one Redis, with the APP_CONFIG_* environment the Helm chart renders for
 * production (charts/acme-portal, values-production.yaml).
 *
 * The rate limit (backend.rateLimit): a client's requests are counted in
 * Redis, so the limit is the portal's: once the requests to both replicas
 * together reach it, both refuse (429), and not before. The client is
 * 127.0.0.2 (a loopback address of its own, so the probes and the replicas'
 * calls to themselves, from 127.0.0.1, are not in its count); the allow
 * list is production's. With the in-memory store (each replica counting
 * alone: app-config.production.yaml without the chart's
 * APP_CONFIG_backend_rateLimit_store_type) the first test fails: the client
 * gets twice the limit.
 *
 * publish:local-git: the chart turns it off without a shared volume; a
 * replica told it runs among several, with a directory of its own, refuses
 * to start.
 *
 * Needs helm (`. scripts/bootstrap.sh node policy`) and redis-server.
 */
import { execFile } from 'node:child_process';
import { request } from 'node:http';
import { findPolicyTool } from '@internal/test-fakes';
import { parseAllDocuments } from 'yaml';
import {
  productionEnv,
  repoRoot,
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

/**
 * The APP_CONFIG_* variables of the backend container, as `helm template`
 * renders them with the production values.
 */
async function chartConfigEnv(): Promise<Record<string, string>> {
  const helm = await findPolicyTool('helm');
  const out = await new Promise<string>((resolve, reject) =>
    execFile(
      helm,
      [
        'template',
        'acme-portal',
        'charts/acme-portal',
        '-f',
        'charts/acme-portal/values-production.yaml',
      ],
      { cwd: repoRoot },
      (error, stdout, stderr) =>
        error
          ? reject(new Error(`${error.message}\n${stderr}`))
          : resolve(stdout),
    ),
  );
  const deployment = parseAllDocuments(out)
    .map(d => d.toJSON())
    .find(m => m?.kind === 'Deployment');
  const env: { name: string; value?: string }[] =
    deployment.spec.template.spec.containers[0].env;
  return Object.fromEntries(
    env
      .filter(e => e.name.startsWith('APP_CONFIG_') && e.value !== undefined)
      .map(e => [e.name, e.value!]),
  );
}

/** Status of GET <path> on `backend`, sent from the local address `from`. */
function statusOf(
  backend: RunningBackend,
  pathAndQuery: string,
  from: string,
): Promise<{ status: number; body: string }> {
  const { port } = new URL(backend.baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: pathAndQuery,
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
      req.destroy(
        new Error(`GET ${pathAndQuery} on ${backend.baseUrl}: no answer`),
      ),
    );
    req.on('error', reject);
    req.end();
  });
}

describe('two replicas as the Helm chart runs them', () => {
  let postgres: TestPostgres;
  let redis: TestRedis;
  let chartEnv: Record<string, string>;
  let a: RunningBackend;
  let b: RunningBackend;

  const start = (env: Record<string, string> = chartEnv) =>
    startBackendProcess({
      configs: ['app-config.yaml', 'app-config.production.yaml'],
      env: baseUrl => ({
        ...productionEnv({
          baseUrl,
          staticToken: token,
          postgresUrl: postgres.url,
        }),
        REDIS_URL: redis.url,
        ...env,
        APP_CONFIG_backend_rateLimit_incomingRequestLimit: String(LIMIT),
        // Long enough that no window ends during the test.
        APP_CONFIG_backend_rateLimit_window: JSON.stringify({ minutes: 10 }),
        // No catalog files to read: a faster start.
        APP_CONFIG_catalog_locations: '[]',
      }),
      timeoutMs: 180_000,
    });

  beforeAll(async () => {
    [postgres, redis, chartEnv] = await Promise.all([
      startTestPostgres(),
      startTestRedis(),
      chartConfigEnv(),
    ]);
    // One after the other: the second finds the migrations done.
    a = await start();
    b = await start();
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await Promise.all([postgres?.destroy(), redis?.stop()]);
  });

  it('refuses a client on both replicas once their requests together reach the limit', async () => {
    // The chart's switch from app-config.production.yaml's memory store.
    expect(chartEnv.APP_CONFIG_backend_rateLimit_store_type).toBe('redis');
    const entities = '/api/catalog/entities?limit=1';
    const sent: string[] = [];
    const refusals: string[] = [];
    for (let i = 0; i < 2 * LIMIT + 2; i++) {
      const [name, backend] = i % 2 === 0 ? ['A', a] : ['B', b];
      const { status, body } = await statusOf(backend, entities, '127.0.0.2');
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

  it('publish:local-git: off without a shared volume; a replica among several with a directory of its own refuses to start', async () => {
    // What the chart renders for production (no localGit.existingClaim).
    expect(chartEnv).toMatchObject({
      APP_CONFIG_scaffolder_localGit_replicas: '8',
      APP_CONFIG_scaffolder_localGit_enabled: 'false',
      APP_CONFIG_backend_trustProxy: '1',
    });
    // A and B started with it. Without the switch, a replica does not.
    const { APP_CONFIG_scaffolder_localGit_enabled: _, ...switchedOn } =
      chartEnv;
    const refused = await start(switchedOn).then(
      async backend => {
        await backend.stop();
        return 'started';
      },
      (error: Error) => error.message,
    );
    expect(refused).toMatch(/backend exited during startup/);
    expect(refused).toContain(
      'publish:local-git cannot run on 8 backend replicas (scaffolder.localGit.replicas)',
    );
    expect(refused).toContain('scaffolder.localGit.shared: true');
    expect(refused).toContain('scaffolder.localGit.enabled: false');
  });

  it('Redis down: requests pass (uncounted) and readiness says degraded; Redis back: the limit counts again, no restart', async () => {
    // The rate limiter's Redis client (@keyv/redis under backend-defaults)
    // gets an 'error' listener and no offline queue from our patch
    // (.yarn/patches): without them the dropped connection was an uncaught
    // exception, the client never reconnected and every request, health
    // probes included, waited until the pod restarted.
    const port = Number(new URL(redis.url).port);
    await redis.stop();
    // passOnStoreError: the request passes while the store fails.
    const during = await statusOf(
      a,
      '/api/catalog/entities?limit=1',
      '127.0.0.3',
    );
    expect(during.status).toBe(200);
    const readiness = await statusOf(
      a,
      '/.backstage/health/v1/readiness',
      '127.0.0.1',
    );
    expect(readiness.status).toBe(200);
    expect(JSON.parse(readiness.body)).toEqual({
      status: 'degraded',
      message: expect.stringMatching(
        /^Redis unavailable \(cache, rate limit\): .*ECONNREFUSED/,
      ),
    });
    // Redis answers again (empty: no persistence) on the same port.
    const back = await startTestRedis(port);
    try {
      // The client reconnects (backoff of at most 2 s): a new client's
      // requests are counted again and refused past the limit.
      const statuses = await waitFor(
        a,
        'the limit to count again after Redis is back',
        async () => {
          const { status } = await statusOf(
            a,
            '/api/catalog/entities?limit=1',
            '127.0.0.4',
          );
          return status === 429 ? status : undefined;
        },
        { intervalMs: 100, timeoutMs: 60_000 },
      );
      expect(statuses).toBe(429);
      expect(await back.command('EXISTS rl:127.0.0.4')).toBe(':1\r\n');
      expect(
        JSON.parse(
          (await statusOf(a, '/.backstage/health/v1/readiness', '127.0.0.1'))
            .body,
        ),
      ).toEqual({ status: 'ok' });
      expect(a.output()).not.toContain('Uncaught exception');
    } finally {
      await back.stop();
    }
  });
});
