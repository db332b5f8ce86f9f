/*
 * GitHub discovery against the GitHub stand-in, into PostgreSQL, with the
 * production config: for each org size, seconds until every generated
 * repository's entity is served, the duration of a second discovery run with
 * nothing changed (with the share of catalog file reads answered 304 and the
 * entity writes it caused), the GitHub requests and rate-limit points both
 * used, and seconds from a signed `push` webhook to the changed entity served.
 *
 *   . scripts/bootstrap.sh node postgres && . scripts/postgres.sh && idp_pg_start
 *   node --require @backstage/cli-node/config/nodeTransform.cjs \
 *     packages/system-tests/bench/githubDiscovery.ts [repos...]   (default: 100 1000)
 *   idp_pg_stop
 *
 * Needs IDP_TEST_POSTGRES_URL (idp_pg_start exports it).
 * BENCH_GITHUB_LATENCY_MS sets the stand-in's latency per call (default 20).
 * BENCH_PROCESSING_INTERVAL (default PT2M; production: PT15M) is how often the
 * catalog reprocesses every entity: the second pass is one such cycle, so it
 * must come round within the run.
 */
import { createHmac } from 'node:crypto';
import { Client } from 'pg';
import {
  FakeGitHub,
  FakeGitHubRequest,
  generateFakeGitHubOrg,
} from '@internal/test-fakes';
import {
  dropTestDatabases,
  productionEnv,
  RunningBackend,
  startBackendProcess,
  waitFor as waitForBackend,
} from '../src/__testUtils__/runBackend';
import type { ProviderHealth } from '@internal/backstage-plugin-catalog-health-common';

const token = 'bench-static-token-0123456789abcdef';
const webhookSecret = 'bench-webhook-secret';
const ghToken = 'ghs_benchInstallationToken0123456789';
// Generous, so that the budget a run uses can be measured, not hit.
const STAND_IN_BUDGET = 1_000_000;

function summarize(requests: FakeGitHubRequest[]) {
  const graphql = requests.filter(r => r.operation);
  const reads = requests.filter(r => r.path.includes('/contents/'));
  return {
    total: requests.length,
    graphql: graphql.length,
    contentReads: reads.length,
    contentReads304: reads.filter(r => r.status === 304).length,
    other: requests.length - graphql.length - reads.length,
  };
}

const waitFor = <T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  backend: RunningBackend,
) => waitForBackend(backend, what, probe, { timeoutMs, intervalMs: 500 });

async function bench(
  repos: number,
  pgUrl: URL,
  latencyMs: number,
  processingInterval: string,
) {
  const prefix = `ghbench${Date.now().toString(36)}_`;
  const gh = await new FakeGitHub({
    org: generateFakeGitHubOrg({ repos, teams: 10, usersPerTeam: 5 }),
    token: ghToken,
    latencyMs,
    rateLimit: STAND_IN_BUDGET,
  }).start();
  const start = Date.now();
  const backend = await startBackendProcess({
    configs: ['app-config.yaml', 'app-config.production.yaml'],
    timeoutMs: 300_000,
    env: baseUrl => ({
      ...productionEnv({ baseUrl, staticToken: token }),
      APP_CONFIG_backend_database_prefix: prefix,
      CATALOG_PROCESSING_INTERVAL: processingInterval,
      ...gh.backendEnv({ webhookSecret }),
    }),
  });
  const headers = {
    Authorization: `Bearer ${token}`,
    'Content-Type': 'application/json',
  };
  const discovery = async () => {
    const res = await fetch(`${backend.baseUrl}/api/catalog/github-ingestion`, {
      headers,
    });
    const { providers } = (await res.json()) as {
      providers: ProviderHealth[];
    };
    return providers.find(p => p.kind === 'discovery')!;
  };
  const refs = Array.from(
    { length: repos },
    (_, i) => `component:default/service-${String(i + 1).padStart(4, '0')}`,
  );
  const served = async () => {
    let count = 0;
    for (let i = 0; i < refs.length; i += 1000) {
      const res = await fetch(
        `${backend.baseUrl}/api/catalog/entities/by-refs`,
        {
          method: 'POST',
          headers,
          body: JSON.stringify({
            entityRefs: refs.slice(i, i + 1000),
            fields: ['metadata.name'],
          }),
        },
      );
      if (!res.ok) {
        throw new Error(
          `entities/by-refs: ${res.status} ${(await res.text()).slice(0, 500)}`,
        );
      }
      const { items } = (await res.json()) as { items: unknown[] };
      count += items.filter(Boolean).length;
    }
    return count;
  };

  /**
   * Rows inserted, updated or deleted in the catalog's stitched entities
   * (what readers see) since the database started.
   */
  const catalogQuery = async (sql: string, params: unknown[] = []) => {
    const url = new URL(pgUrl.toString());
    url.pathname = `/${prefix}catalog`;
    const client = new Client({ connectionString: url.toString() });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows;
    } finally {
      await client.end();
    }
  };
  const entityWrites = async () => {
    // Statistics are flushed by each backend at most once a second.
    await new Promise(r => setTimeout(r, 1500));
    const rows = await catalogQuery(
      `select coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)::int as n
         from pg_stat_user_tables where relname = 'final_entities'`,
    );
    return rows[0].n as number;
  };
  /** Stitched entities (rows) that changed since `since`, by kind. */
  const changedEntities = async (since: Date) => {
    const rows = await catalogQuery(
      `select split_part(entity_ref, ':', 1) as kind, count(*)::int as n
         from final_entities where last_updated_at >= $1 group by 1`,
      [since],
    );
    const total = rows.reduce((sum, r) => sum + r.n, 0);
    return `${total}${
      total ? ` (${rows.map(r => `${r.kind} ${r.n}`).join(', ')})` : ''
    }`;
  };

  try {
    const readyS = (Date.now() - start) / 1000;
    const first = await waitFor(
      'first discovery run',
      async () => {
        const d = await discovery();
        return d.lastRunEndedAt ? d : undefined;
      },
      600_000,
      backend,
    );
    const runS =
      (Date.parse(first.lastRunEndedAt!) -
        Date.parse(first.lastRunStartedAt!)) /
      1000;
    await waitFor(
      `${repos} entities served`,
      async () => ((await served()) === repos ? true : undefined),
      1_800_000,
      backend,
    );
    const allServedS = (Date.now() - start) / 1000 - readyS;
    const firstPass = summarize(gh.requests);
    const points = STAND_IN_BUDGET - gh.remaining('graphql');
    const core = STAND_IN_BUDGET - gh.remaining('core');
    console.log(
      `${repos} repos (+6 fixtures), ${latencyMs} ms per GitHub call, processing interval ${processingInterval}: backend ready in ${readyS.toFixed(
        1,
      )} s; discovery run ${runS.toFixed(1)} s (${first.status}, ${
        first.entitiesFound
      } locations); all ${repos} entities served ${allServedS.toFixed(
        1,
      )} s after ready`,
    );
    console.log(
      `  first pass GitHub requests: ${JSON.stringify(
        firstPass,
      )}; budget used: graphql ${points} points, core ${core} requests`,
    );

    // Second pass, nothing changed: once stitching of the first pass has
    // settled, a discovery run plus one processing cycle of every location
    // (each re-reads its catalog file, conditionally).
    let writesBefore = await entityWrites();
    for (;;) {
      await new Promise(r => setTimeout(r, 3000));
      const now = await entityWrites();
      if (now === writesBefore) break;
      writesBefore = now;
    }
    gh.requests.length = 0;
    const secondPassStart = new Date();
    const before = { points, core };
    const triggeredAt = new Date().toISOString();
    await fetch(
      `${
        backend.baseUrl
      }/api/catalog/.backstage/scheduler/v1/tasks/${encodeURIComponent(
        first.taskId,
      )}/trigger`,
      { method: 'POST', headers },
    );
    const second = await waitFor(
      'second discovery run',
      async () => {
        const d = await discovery();
        return d.lastRunStartedAt! >= triggeredAt &&
          d.lastRunEndedAt! >= d.lastRunStartedAt! &&
          ['succeeded', 'failed'].includes(d.status)
          ? d
          : undefined;
      },
      600_000,
      backend,
    );
    const secondS =
      (Date.parse(second.lastRunEndedAt!) -
        Date.parse(second.lastRunStartedAt!)) /
      1000;
    const locations = first.entitiesFound ?? repos;
    await waitFor(
      'every location re-read once',
      async () =>
        summarize(gh.requests).contentReads >= locations ? true : undefined,
      600_000,
      backend,
    );
    const secondPass = summarize(gh.requests);
    const writes = (await entityWrites()) - writesBefore;
    console.log(
      `  second pass (nothing changed): discovery run ${secondS.toFixed(
        1,
      )} s (${second.status}); GitHub requests: ${JSON.stringify(
        secondPass,
      )}; budget used: graphql ${
        STAND_IN_BUDGET - gh.remaining('graphql') - before.points
      } points, core ${
        STAND_IN_BUDGET - gh.remaining('core') - before.core
      }; catalog file reads answered 304: ${(
        (100 * secondPass.contentReads304) /
        Math.max(1, secondPass.contentReads)
      ).toFixed(1)} %; entity writes: ${await changedEntities(
        secondPassStart,
      )} stitched entities changed (last_updated_at); pg_stat tuple counters on final_entities: ${writes}`,
    );

    // A push changes one catalog file; the signed webhook refreshes it.
    const repo = gh.repo('service-0001');
    repo.files.set(
      'catalog-info.yaml',
      repo.files
        .get('catalog-info.yaml')!
        .replace(/description: .*/, 'description: changed by a push'),
    );
    const body = JSON.stringify({
      ref: 'refs/heads/main',
      repository: {
        name: repo.name,
        html_url: `${gh.url}/${gh.org.login}/${repo.name}`,
        default_branch: 'main',
        archived: false,
        fork: false,
        topics: [],
        visibility: 'private',
        owner: { login: gh.org.login },
      },
      organization: { login: gh.org.login },
      commits: [{ added: [], removed: [], modified: ['catalog-info.yaml'] }],
    });
    const pushedAt = Date.now();
    const delivery = await fetch(`${backend.baseUrl}/api/events/http/github`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-GitHub-Event': 'push',
        'X-Hub-Signature-256': `sha256=${createHmac('sha256', webhookSecret)
          .update(body)
          .digest('hex')}`,
      },
      body,
    });
    if (delivery.status !== 202) {
      throw new Error(`push webhook: ${delivery.status}`);
    }
    await waitFor(
      'the pushed change served',
      async () => {
        const res = await fetch(
          `${backend.baseUrl}/api/catalog/entities/by-name/component/default/service-0001`,
          { headers },
        );
        const entity = res.ok ? await res.json() : undefined;
        return entity?.metadata.description === 'changed by a push'
          ? true
          : undefined;
      },
      120_000,
      backend,
    );
    console.log(
      `  push webhook -> changed entity served: ${(
        (Date.now() - pushedAt) /
        1000
      ).toFixed(1)} s`,
    );
  } finally {
    await backend.stop();
    await gh.stop();
    await dropTestDatabases(prefix, pgUrl);
  }
}

async function main() {
  const pg = process.env.IDP_TEST_POSTGRES_URL;
  if (!pg) {
    throw new Error(
      'IDP_TEST_POSTGRES_URL is not set: start a throw-away PostgreSQL with scripts/postgres.sh (idp_pg_start) first',
    );
  }
  const sizes = process.argv.slice(2).map(Number);
  for (const n of sizes.length ? sizes : [100, 1000]) {
    if (!Number.isInteger(n) || n < 1) {
      throw new Error(`repository count must be a positive integer, not ${n}`);
    }
  }
  const latencyMs = Number(process.env.BENCH_GITHUB_LATENCY_MS ?? 20);
  const interval = process.env.BENCH_PROCESSING_INTERVAL ?? 'PT2M';
  for (const n of sizes.length ? sizes : [100, 1000]) {
    await bench(n, new URL(pg), latencyMs, interval);
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
