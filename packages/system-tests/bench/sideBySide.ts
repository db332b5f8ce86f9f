/*
 * The portal as shipped beside stock Backstage, on the same PostgreSQL, the
 * same generated entities and the same fixed-rate reads:
 *
 *   scripts/bench-side-by-side.sh
 *
 * - stock: bench/stockBackend.js, the catalog plugin alone, no permission
 *   layer, read with a static token;
 * - ours: the production build of packages/backend (the bundle the
 *   Dockerfile builds, bench/shippedBuild.ts) with its OpenTelemetry
 *   instrumentation, app-config.yaml + app-config.production.yaml (Redis,
 *   the permission policy, audit, every plugin), read by alice.nguyen
 *   signed in through GitHub's OAuth flow (the stand-in), so every read goes
 *   through the policy as a person's does.
 *
 * Both run as JavaScript, without the TypeScript loader or source maps, as
 * in production (scripts/bench-side-by-side.sh builds the bundle first).
 *
 * Runs alternate (stock, ours, stock, ours, ...; BENCH_RUNS of each, 3 by
 * default), each on new databases: start, ingest BENCH_ENTITIES (20,000)
 * while sampling the process's resident memory, VACUUM (ANALYZE) the
 * catalog's database (vacuumCatalog), then each read held at its
 * rate for BENCH_SECONDS (after a warm-up at the same rate, and with the
 * CPU the backend and PostgreSQL used per request), then the memory after
 * the load. Medians over the runs, and ours / stock.
 *
 * On a shared machine absolute figures move between runs; the ratios of
 * alternating runs are what mean something. A benchmark, not a test.
 *
 * BENCH_PROFILE=<dir>: each side runs with the inspector open; written
 * there are V8 sampling heap profiles of what startup and ingestion
 * allocate (ours-1-startup.heapprofile, ours-1-ingestion.heapprofile;
 * bench/allocationSummary.ts), a heap snapshot after ingestion (after a
 * full GC; bench/heapSummary.ts) and a V8 CPU profile of ingestion
 * (ours-1-ingestion.cpuprofile) and of each load and its warm-up, e.g.
 * ours-1-by-name.cpuprofile and ours-1-by-name-warm-up.cpuprofile
 * (bench/profileSummary.ts; or open them in Chrome DevTools or speedscope). Profiling costs time and memory: its
 * figures are for finding consumers, not for the table.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import {
  FakeGitHub,
  fakeGitHubAccount,
  githubSignIn,
} from '@internal/test-fakes';
import {
  dropTestDatabases,
  findFreePort,
  productionEnv,
  RunningBackend,
  startBackendProcess,
} from '../src/__testUtils__/runBackend';
import {
  catalogLoadEnv,
  componentCount,
  load,
  rateRuns,
  writeEntities,
} from './catalogLoad';
import { InspectorSession } from './inspector';
import { cpuDuring, rssMb } from './proc';
import { prepareShippedBuild } from './shippedBuild';
import { prepareStockWorkspace } from './stockWorkspace';

const ENTITIES = Number(process.env.BENCH_ENTITIES ?? 20_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CONNECTIONS = 20;
const PROFILE_DIR = process.env.BENCH_PROFILE;
// BENCH_LOG=<dir>: each backend's output (at BENCH_LOG_LEVEL, warn unless
// given) and when each phase began, to line background work up with the
// load windows
const LOG_DIR = process.env.BENCH_LOG;
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? 'warn';
const SIDES = (process.env.BENCH_SIDES ?? 'stock,ours').split(',') as Side[];
const STATIC_TOKEN = 'bench-static-token-0123456789abcdef';
const READER = 'alice.nguyen';

type Side = 'stock' | 'ours';

interface RunResult {
  side: Side;
  startupMs: number;
  ingestMs: number;
  peakIngestRssMb: number;
  rssAfterLoadMb: number;
  reads: {
    name: string;
    rate: number;
    p50: number;
    p99: number;
    errors: string;
    /** CPU per request during the measured load, ms */
    backendCpuPerRequestMs: number;
    postgresCpuPerRequestMs: number;
  }[];
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run scripts/bench-side-by-side.sh`);
  }
  return value;
}

/**
 * Where a process's resident memory is: V8 heap (used / reserved), memory
 * outside it (Buffers and other external memory), threads, and the
 * kernel's anonymous vs file-backed split.
 */
async function memoryBreakdown(
  inspector: InspectorSession,
  pid: number,
): Promise<string> {
  const { result } = await inspector.send('Runtime.evaluate', {
    expression: 'JSON.stringify(process.memoryUsage())',
    returnByValue: true,
  });
  const usage = JSON.parse(result.value) as NodeJS.MemoryUsage;
  const mib = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MiB`;
  const field = (file: string, key: string) =>
    Number(
      new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(
        readFileSync(`/proc/${pid}/${file}`, 'utf8'),
      )?.[1] ?? 0,
    );
  const kernel = (file: string, key: string) => field(file, key) * 1024;
  return [
    `rss ${mib(usage.rss)}`,
    `heap used ${mib(usage.heapUsed)} of ${mib(usage.heapTotal)}`,
    `external ${mib(usage.external)} (array buffers ${mib(
      usage.arrayBuffers,
    )})`,
    `anonymous ${mib(kernel('smaps_rollup', 'Anonymous'))}`,
    `file-backed ${mib(
      kernel('status', 'RssFile') + kernel('status', 'RssShmem'),
    )}`,
    `threads ${field('status', 'Threads')}`,
  ].join(', ');
}

/**
 * VACUUM (ANALYZE) of a side's catalog database once it holds every entity.
 * Both sides read it with the same SQL, but which plan PostgreSQL picks for
 * the by-query count depends on how much of each table autovacuum has
 * already marked all-visible, and that depends on when autovacuum happened
 * to run: in one profiled run one side's count scanned 20,000 index entries
 * where the other's probed 480 (pg_stat_statements: 18 against 12 ms a
 * count). Measured from the same state, the reads compare the backends.
 */
async function vacuumCatalog(postgresUrl: URL, database: string) {
  const url = new URL(postgresUrl);
  url.pathname = `/${database}`;
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const started = Date.now();
    await client.query('VACUUM (ANALYZE)');
    return Date.now() - started;
  } finally {
    await client.end();
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function main() {
  const postgresUrl = new URL(required('IDP_TEST_POSTGRES_URL'));
  const redisUrl = required('IDP_TEST_REDIS_URL');
  const dir = mkdtempSync(path.join(tmpdir(), 'idp-bench-side-'));
  const entitiesFile = writeEntities(dir, ENTITIES);
  const shipped = prepareShippedBuild(dir);
  const stockWorkspace = prepareStockWorkspace(path.join(dir, 'stock'));
  const stockConfig = path.join(dir, 'stock-config.json');
  writeFileSync(
    stockConfig,
    JSON.stringify({
      app: { baseUrl: 'http://localhost:3000' },
      backend: {
        database: {
          client: 'pg',
          connection: {
            host: postgresUrl.hostname,
            port: Number(postgresUrl.port),
            user: decodeURIComponent(postgresUrl.username),
            password: decodeURIComponent(postgresUrl.password) || 'unused',
          },
        },
        auth: {
          externalAccess: [
            {
              type: 'static',
              options: { token: STATIC_TOKEN, subject: 'bench' },
            },
          ],
        },
      },
      catalog: {
        locations: [{ type: 'file', target: entitiesFile }],
        rules: [{ allow: ['Component', 'Location'] }],
      },
    }),
  );
  const gh = await new FakeGitHub({
    org: {
      login: 'acme',
      repos: [],
      teams: [],
      users: [fakeGitHubAccount(READER, 0)],
    },
    token: 'ghs_benchSideBySideToken0123456789ab',
    oauthApp: {
      clientId: 'Iv1.benchsidebyside',
      clientSecret: 'bench-side-by-side-oauth-secret-0123',
    },
  }).start();

  const start = (
    side: Side,
    prefix: string,
    nodeArgs: string[],
  ): Promise<RunningBackend> =>
    side === 'stock'
      ? startBackendProcess({
          entry: path.join(__dirname, 'stockBackend.js'),
          cwd: stockWorkspace.cwd,
          typescript: false,
          nodeArgs,
          configs: [stockConfig],
          env: baseUrl => ({
            NODE_ENV: 'production',
            LOG_LEVEL,
            APP_CONFIG_backend_baseUrl: baseUrl,
            APP_CONFIG_backend_database_prefix: prefix,
          }),
        })
      : findFreePort().then(metricsPort =>
          startBackendProcess({
            entry: shipped.entry,
            cwd: shipped.cwd,
            typescript: false,
            configs: ['app-config.yaml', 'app-config.production.yaml'],
            nodeArgs: [...shipped.nodeArgs, ...nodeArgs],
            env: baseUrl => ({
              ...shipped.env,
              OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
              OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort),
              ...productionEnv({
                baseUrl,
                staticToken: STATIC_TOKEN,
                postgresUrl,
              }),
              REDIS_URL: redisUrl,
              ...gh.authEnv(),
              APP_CONFIG_backend_database_prefix: prefix,
              ...catalogLoadEnv(entitiesFile),
              LOG_LEVEL,
            }),
          }),
        );

  async function run(side: Side, index: number): Promise<RunResult> {
    const prefix = `bench_${side}_${process.pid}_${index}_`;
    const inspectPort = PROFILE_DIR ? await findFreePort() : undefined;
    const profileFile = (what: string) =>
      path.join(PROFILE_DIR!, `${side}-${index + 1}-${what}`);
    const starting = start(
      side,
      prefix,
      inspectPort ? [`--inspect=127.0.0.1:${inspectPort}`] : [],
    );
    let inspector: InspectorSession | undefined;
    let backend: RunningBackend;
    if (inspectPort) {
      // connected while the backend starts, so that what startup allocates
      // is recorded apart from what ingestion does
      try {
        inspector = await InspectorSession.connect(inspectPort, 30_000);
      } catch (error) {
        await (await starting).stop(); // or says why it did not start
        throw error;
      }
      try {
        backend = await inspector.allocationProfile(
          profileFile('startup.heapprofile'),
          () => starting,
        );
      } catch (error) {
        inspector.close();
        throw error;
      }
    } else {
      backend = await starting;
    }
    const pid = backend.process.pid!;
    const phases: string[] = [];
    const phase = (what: string) =>
      phases.push(`${new Date().toISOString()} ${what}`);
    phase('ready');
    try {
      let peak = rssMb(pid);
      const ingest = async () => {
        const ingestStart = Date.now();
        for (;;) {
          peak = Math.max(peak, rssMb(pid));
          if (
            (await componentCount(backend.baseUrl, STATIC_TOKEN)) >= ENTITIES
          ) {
            return Date.now() - ingestStart;
          }
          if (Date.now() - ingestStart > 30 * 60_000) {
            throw new Error(
              `${side}: not all ${ENTITIES} entities after 30 min`,
            );
          }
          await new Promise(r => setTimeout(r, 500));
        }
      };
      const ingestMs = inspector
        ? await inspector.allocationProfile(
            profileFile('ingestion.heapprofile'),
            () =>
              inspector!.cpuProfile(
                profileFile('ingestion.cpuprofile'),
                ingest,
              ),
          )
        : await ingest();
      phase('ingested');
      const vacuumMs = await vacuumCatalog(postgresUrl, `${prefix}catalog`);
      phase(`catalog vacuumed and analyzed in ${vacuumMs} ms`);
      await inspector?.heapSnapshot(
        profileFile('after-ingestion.heapsnapshot'),
      );
      const token =
        side === 'stock'
          ? STATIC_TOKEN
          : await githubSignIn(backend.baseUrl, gh, READER);
      const reads: RunResult['reads'] = [];
      for (const { endpoint, rate } of rateRuns(ENTITIES)) {
        const options = {
          token,
          baseUrls: [backend.baseUrl],
          endpoint,
          seconds: SECONDS,
          connections: CONNECTIONS,
          overallRate: rate,
        };
        phase(`${endpoint.name} warm-up`);
        // warm-up, not counted (profiled too: background work that starts
        // after ingestion often lands here)
        await (inspector
          ? inspector.cpuProfile(
              profileFile(`${endpoint.name}-warm-up.cpuprofile`),
              () => load(options),
            )
          : load(options));
        phase(`${endpoint.name} measured`);
        const measured = await cpuDuring(pid, () =>
          inspector
            ? inspector.cpuProfile(
                profileFile(`${endpoint.name}.cpuprofile`),
                () => load(options),
              )
            : load(options),
        );
        const requests = measured.result.rps * SECONDS;
        reads.push({
          name: endpoint.name,
          rate,
          ...measured.result,
          backendCpuPerRequestMs: measured.backendCpuMs / requests,
          postgresCpuPerRequestMs: measured.postgresCpuMs / requests,
        });
      }
      phase('loads done');
      if (inspector) {
        console.log(
          `${side} memory after the load: ${await memoryBreakdown(
            inspector,
            pid,
          )}`,
        );
      }
      const result = {
        side,
        startupMs: backend.startupMs,
        ingestMs,
        peakIngestRssMb: peak,
        rssAfterLoadMb: rssMb(pid),
        reads,
      };
      console.log(
        `run ${index + 1} ${side}: startup ${(result.startupMs / 1000).toFixed(
          1,
        )} s, ingestion ${(ingestMs / 1000).toFixed(0)} s (VACUUM ${(
          vacuumMs / 1000
        ).toFixed(1)} s), RSS peak ${peak.toFixed(
          0,
        )} MiB, after load ${result.rssAfterLoadMb.toFixed(0)} MiB; p99 ${reads
          .map(r => `${r.name} ${r.p99} ms${r.errors ? ` (${r.errors})` : ''}`)
          .join(', ')}`,
      );
      return result;
    } finally {
      inspector?.close();
      await backend.stop();
      if (LOG_DIR) {
        const name = `${side}-${index + 1}`;
        writeFileSync(
          path.join(LOG_DIR, `${name}-backend.log`),
          backend.output(),
        );
        writeFileSync(
          path.join(LOG_DIR, `${name}-phases.log`),
          `${phases.join('\n')}\n`,
        );
      }
      await dropTestDatabases(prefix, postgresUrl);
    }
  }

  const results: RunResult[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      // alternate which side goes first, so neither always runs on a
      // machine the other has just warmed
      const order: Side[] = i % 2 ? ['ours', 'stock'] : ['stock', 'ours'];
      for (const side of order.filter(s => SIDES.includes(s))) {
        results.push(await run(side, i));
      }
    }
  } finally {
    await gh.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  report(results);
}

function report(results: RunResult[]) {
  const of = (side: Side) => results.filter(r => r.side === side);
  const med = (side: Side, pick: (r: RunResult) => number) =>
    median(of(side).map(pick));
  const row = (cells: string[]) =>
    `| ${cells
      .map((c, i) => (i ? c.padStart(12) : c.padEnd(48)))
      .join(' | ')} |`;
  const lines = [
    `${ENTITIES} entities, ${RUNS} alternating runs of each, ${SECONDS} s per rate, medians; ${new Date()
      .toISOString()
      .slice(0, 10)}`,
    row(['', 'stock', 'ours', 'ours/stock']),
    row(['---', '---', '---', '---']),
  ];
  const ratioRow = (
    label: string,
    pick: (r: RunResult) => number,
    unit: string,
    digits = 0,
  ) => {
    const stock = med('stock', pick);
    const ours = med('ours', pick);
    lines.push(
      row([
        label,
        `${stock.toFixed(digits)} ${unit}`,
        `${ours.toFixed(digits)} ${unit}`,
        (ours / stock).toFixed(2),
      ]),
    );
  };
  const names = results[0].reads.map(r => ({ name: r.name, rate: r.rate }));
  const readOf = (name: string) => (r: RunResult) =>
    r.reads.find(x => x.name === name)!;
  for (const { name, rate } of names) {
    const read = readOf(name);
    ratioRow(`${name} @${rate}/s p50`, r => read(r).p50, 'ms');
    ratioRow(`${name} @${rate}/s p99`, r => read(r).p99, 'ms');
  }
  for (const { name } of names) {
    const read = readOf(name);
    ratioRow(
      `${name} backend CPU/request`,
      r => read(r).backendCpuPerRequestMs,
      'ms',
      2,
    );
    ratioRow(
      `${name} PostgreSQL CPU/request`,
      r => read(r).postgresCpuPerRequestMs,
      'ms',
      2,
    );
  }
  ratioRow('ingestion', r => r.ingestMs / 1000, 's');
  ratioRow('RSS peak during ingestion', r => r.peakIngestRssMb, 'MiB');
  ratioRow('RSS after the load', r => r.rssAfterLoadMb, 'MiB');
  ratioRow('startup', r => r.startupMs / 1000, 's');
  const errors = results.flatMap(r =>
    r.reads.filter(x => x.errors).map(x => `${r.side} ${x.name}: ${x.errors}`),
  );
  if (errors.length) lines.push(`not 200: ${errors.join('; ')}`);
  console.log(`\n${lines.join('\n')}`);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
