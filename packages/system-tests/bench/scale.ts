/*
 * Catalog read throughput through one and through two backend replicas on one
 * PostgreSQL and one Redis, with 10,000 entities: requests/s and p99 latency
 * of by-name, by-refs and by-query, side by side, and the scaling factor.
 *
 *   scripts/bench-scale.sh        (starts PostgreSQL and Redis, runs this)
 *
 * BENCH_MODE=rates instead holds each read at a fixed rate through one
 * instance (by-name 500/s, by-refs 200/s, by-query 50/s, the catalog's
 * latency targets) and prints p50/p99; use it with BENCH_ENTITIES=20000.
 *
 * Load comes from autocannon in this process. With two replicas it runs two
 * autocannon instances at once, half the connections each, one per replica
 * (round-robin by connection, as a Service spreads them): requests/s is the
 * sum, p99 the worse of the two. A benchmark, not a test: the figures depend
 * on the machine (and on whatever else runs on it).
 *
 * Reads are made as a person, alice.nguyen (a developer; catalog/org), signed
 * in through GitHub's OAuth flow against the GitHub stand-in, so every
 * request goes through the permission policy as a user's would. A static
 * (service) token would skip the policy altogether.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  FakeGitHub,
  fakeGitHubAccount,
  githubSignIn,
} from '@internal/test-fakes';
import {
  productionEnv,
  RunningBackend,
  startBackendProcess,
} from '../src/__testUtils__/runBackend';
import {
  catalogEndpoints,
  catalogLoadEnv,
  componentCount,
  Endpoint,
  Figures,
  load as loadCatalog,
  rateRuns,
  writeEntities,
} from './catalogLoad';

const ENTITIES = Number(process.env.BENCH_ENTITIES ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
/** Service token: only to watch ingestion. */
const token = 'bench-static-token-0123456789abcdef';
const READER = 'alice.nguyen';

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run scripts/bench-scale.sh`);
  }
  return value;
}

function load(
  bearer: string,
  baseUrls: string[],
  endpoint: Endpoint,
  overallRate?: number,
): Promise<Figures> {
  return loadCatalog({
    token: bearer,
    baseUrls,
    endpoint,
    overallRate,
    seconds: SECONDS,
    connections: CONNECTIONS,
  });
}

async function main() {
  const postgresUrl = new URL(required('IDP_TEST_POSTGRES_URL'));
  const redisUrl = required('IDP_TEST_REDIS_URL');
  const dir = mkdtempSync(path.join(tmpdir(), 'idp-bench-scale-'));
  const file = writeEntities(dir, ENTITIES);
  const gh = await new FakeGitHub({
    org: {
      login: 'acme',
      repos: [],
      teams: [],
      users: [fakeGitHubAccount(READER, 0)],
    },
    token: 'ghs_benchScaleToken0123456789abcdef',
    oauthApp: {
      clientId: 'Iv1.benchscaleclient',
      clientSecret: 'bench-scale-oauth-secret-0123456789',
    },
  }).start();
  const start = () =>
    startBackendProcess({
      configs: ['app-config.yaml', 'app-config.production.yaml'],
      env: baseUrl => ({
        ...productionEnv({ baseUrl, staticToken: token, postgresUrl }),
        REDIS_URL: redisUrl,
        ...gh.authEnv(),
        ...catalogLoadEnv(file),
      }),
    });
  const backends: RunningBackend[] = [];
  try {
    const a = await start();
    backends.push(a);
    const ingestStart = Date.now();
    for (;;) {
      const count = await componentCount(a.baseUrl, token);
      if (count >= ENTITIES) break;
      if (Date.now() - ingestStart > 30 * 60_000) {
        throw new Error(`only ${count} of ${ENTITIES} entities after 30 min`);
      }
      await new Promise(r => setTimeout(r, 5000));
    }
    console.log(
      `ingested ${ENTITIES} entities in ${Math.round(
        (Date.now() - ingestStart) / 1000,
      )} s`,
    );
    const userToken = await githubSignIn(a.baseUrl, gh, READER);
    if (process.env.BENCH_MODE === 'rates') {
      const lines = [];
      for (const { endpoint, rate } of rateRuns(ENTITIES)) {
        await load(userToken, [a.baseUrl], endpoint); // warm-up, not counted
        const at = await load(userToken, [a.baseUrl], endpoint, rate);
        lines.push(
          `${endpoint.name.padEnd(26)} | ${String(rate).padStart(
            4,
          )}/s held: ${at.rps.toFixed(0).padStart(4)} req/s  p50 ${String(
            at.p50,
          ).padStart(4)} ms  p99 ${String(at.p99).padStart(4)} ms${
            at.errors ? `  not 200: ${at.errors}` : ''
          }`,
        );
      }
      console.log(
        `\n${ENTITIES} entities, one instance, ${SECONDS} s per rate, as user:default/${READER}\n${lines.join(
          '\n',
        )}`,
      );
      return;
    }
    const b = await start();
    backends.push(b);

    const rows: string[] = [];
    for (const endpoint of catalogEndpoints(ENTITIES)) {
      await load(userToken, [a.baseUrl], endpoint); // warm-up, not counted
      const one = await load(userToken, [a.baseUrl], endpoint);
      const two = await load(userToken, [a.baseUrl, b.baseUrl], endpoint);
      rows.push(
        [
          endpoint.name.padEnd(26),
          `${one.rps.toFixed(0).padStart(7)} req/s  p99 ${String(
            one.p99,
          ).padStart(5)} ms`,
          `${two.rps.toFixed(0).padStart(7)} req/s  p99 ${String(
            two.p99,
          ).padStart(5)} ms`,
          `x${(two.rps / one.rps).toFixed(2)}`,
          [one.errors, two.errors].some(Boolean)
            ? `not 200: 1 instance ${one.errors || '-'}, 2 instances ${
                two.errors || '-'
              }`
            : '',
        ].join(' | '),
      );
    }
    console.log(
      `\n${ENTITIES} entities, ${CONNECTIONS} connections, ${SECONDS} s per run\n` +
        `${'endpoint'.padEnd(26)} | ${'1 instance'.padEnd(
          27,
        )} | ${'2 instances'.padEnd(27)} | scaling\n${rows.join('\n')}`,
    );
  } finally {
    await Promise.all(backends.map(b => b.stop()));
    await gh.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
