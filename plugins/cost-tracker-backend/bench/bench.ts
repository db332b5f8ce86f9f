/*
 * Cost tracker benchmark on PostgreSQL: 10,000 entities x 90 days x 3
 * categories of daily rows, then p50/p99 of the entity query and the team
 * roll-up query the REST API runs, and ingestion throughput.
 *
 *   plugins/cost-tracker-backend/bench/run.sh   (throw-away PostgreSQL)
 *   BENCH_POSTGRES_URL=postgresql://... yarn workspace @internal/backstage-plugin-cost-tracker-backend bench
 */
import { Entity } from '@backstage/catalog-model';
import { CostCategory } from '@internal/backstage-plugin-cost-tracker-common';
import knexFactory from 'knex';
import { CostStore } from '../src/database/CostStore';
import { EntityIndex } from '../src/ingestion/EntityIndex';
import { readFocusCsv } from '../src/ingestion/focus';
import { addDays } from '../src/service/window';
import { CostRow } from '../src/types';

const ENTITIES = Number(process.env.BENCH_ENTITIES ?? 10_000);
const DAYS = Number(process.env.BENCH_DAYS ?? 90);
const TEAM_SIZE = 50;
const SAMPLES = 200;
const CATEGORIES: CostCategory[] = ['compute', 'storage', 'network'];
const LAST_DAY = '2026-11-24';

function percentile(sorted: number[], p: number) {
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

async function timeIt(fn: () => Promise<unknown>, samples: number) {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return {
    p50: percentile(times, 50).toFixed(1),
    p99: percentile(times, 99).toFixed(1),
  };
}

const entityRef = (i: number) => `component:default/svc-${i}`;

async function main() {
  const url =
    process.env.BENCH_POSTGRES_URL ?? process.env.IDP_TEST_POSTGRES_URL;
  if (!url) {
    throw new Error('Set BENCH_POSTGRES_URL (or run bench/run.sh)');
  }
  const admin = knexFactory({ client: 'pg', connection: url });
  await admin.raw('DROP DATABASE IF EXISTS cost_tracker_bench');
  await admin.raw('CREATE DATABASE cost_tracker_bench');
  await admin.destroy();
  const dbUrl = new URL(url);
  dbUrl.pathname = '/cost_tracker_bench';
  const knex = knexFactory({
    client: 'pg',
    connection: dbUrl.toString(),
    pool: { min: 1, max: 4 },
  });
  const store = await CostStore.create({
    database: { getClient: async () => knex },
  });
  const firstDay = addDays(LAST_DAY, -(DAYS - 1));
  console.log(
    `PostgreSQL ${
      (await knex.raw('show server_version')).rows[0].server_version
    }; ${ENTITIES} entities x ${DAYS} days x ${CATEGORIES.length} categories`,
  );

  // Ingestion: one day of every entity per call, like an OpenCost run.
  let rowsWritten = 0;
  const ingestStart = Date.now();
  for (let d = 0; d < DAYS; d++) {
    const day = addDays(firstDay, d);
    const rows: CostRow[] = [];
    for (let e = 0; e < ENTITIES; e++) {
      for (const category of CATEGORIES) {
        rows.push({
          entityRef: entityRef(e),
          day,
          category,
          source: 'opencost',
          amount: ((e % 97) + 1) * (category === 'compute' ? 1.3 : 0.4),
        });
      }
    }
    rowsWritten += await store.upsertDaily(rows);
  }
  const ingestSeconds = (Date.now() - ingestStart) / 1000;
  await knex.raw('ANALYZE cost_daily');
  const stored = Number((await knex('cost_daily').count({ n: '*' }))[0].n);

  // Re-ingesting a day replaces rows; the count must not change.
  const reStart = Date.now();
  const day = LAST_DAY;
  const again: CostRow[] = [];
  for (let e = 0; e < ENTITIES; e++) {
    for (const category of CATEGORIES) {
      again.push({
        entityRef: entityRef(e),
        day,
        category,
        source: 'opencost',
        amount: 1,
      });
    }
  }
  await store.upsertDaily(again);
  const reSeconds = (Date.now() - reStart) / 1000;
  const afterRe = Number((await knex('cost_daily').count({ n: '*' }))[0].n);
  if (afterRe !== stored) {
    throw new Error(
      `re-ingestion changed the row count: ${stored} -> ${afterRe}`,
    );
  }

  // FOCUS parsing and mapping, in memory (no database).
  const focusRows = 100_000;
  const entities: Entity[] = Array.from({ length: ENTITIES }, (_, i) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: `svc-${i}`,
      namespace: 'default',
      annotations: { 'backstage.io/kubernetes-id': `svc-${i}` },
    },
  }));
  const index = new EntityIndex(entities, {
    labelKey: 'app',
    defaultTagKey: 'app',
  });
  const lines = [
    'BilledCost,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,ServiceCategory,ResourceId,Tags',
  ];
  for (let i = 0; i < focusRows; i++) {
    const d = addDays(firstDay, i % DAYS);
    lines.push(
      `${(i % 13) + 0.25},USD,${d}T00:00:00Z,${addDays(
        d,
        1,
      )}T00:00:00Z,Compute,i-${i},"{""app"":""svc-${i % ENTITIES}""}"`,
    );
  }
  const focusStart = Date.now();
  const focus = readFocusCsv({
    text: lines.join('\n'),
    source: 'focus:bench.csv',
    index,
    currency: 'USD',
  });
  await store.upsertDaily(focus.rows);
  const focusSeconds = (Date.now() - focusStart) / 1000;

  // Queries, as the REST API runs them for a 30-day window.
  const from = addDays(LAST_DAY, -29);
  let seed = 42;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const entityQuery = await timeIt(
    () =>
      store.dailyByCategory({
        entityRefs: [entityRef(random(ENTITIES))],
        from,
        to: LAST_DAY,
      }),
    SAMPLES,
  );
  const teamRefs = () => {
    const team = random(Math.floor(ENTITIES / TEAM_SIZE));
    return Array.from({ length: TEAM_SIZE }, (_, i) =>
      entityRef(team * TEAM_SIZE + i),
    );
  };
  const teamQuery = await timeIt(async () => {
    const refs = teamRefs();
    await store.dailyByCategory({ entityRefs: refs, from, to: LAST_DAY });
    await store.totalsByEntity({ entityRefs: refs, from, to: LAST_DAY });
  }, SAMPLES);
  const top = await timeIt(
    () => store.totalsByEntity({ from, to: LAST_DAY, limit: 10 }),
    10,
  );

  console.log(
    `ingestion (upsert):        ${rowsWritten} rows in ${ingestSeconds.toFixed(
      1,
    )} s = ${Math.round(rowsWritten / ingestSeconds)} rows/s`,
  );
  console.log(
    `re-ingestion of one day:   ${again.length} rows in ${reSeconds.toFixed(
      1,
    )} s = ${Math.round(
      again.length / reSeconds,
    )} rows/s; row count unchanged (${stored})`,
  );
  console.log(
    `FOCUS parse+map+upsert:    ${focusRows} CSV rows in ${focusSeconds.toFixed(
      1,
    )} s = ${Math.round(focusRows / focusSeconds)} rows/s`,
  );
  console.log(
    `entity query (1 entity, 30 days):           p50 ${entityQuery.p50} ms, p99 ${entityQuery.p99} ms (${SAMPLES} samples)`,
  );
  console.log(
    `team roll-up (${TEAM_SIZE} entities, 30 days, 2 queries): p50 ${teamQuery.p50} ms, p99 ${teamQuery.p99} ms (${SAMPLES} samples)`,
  );
  console.log(
    `top 10 spenders (all entities, 30 days):    p50 ${top.p50} ms, p99 ${top.p99} ms (10 samples)`,
  );
  await knex.destroy();
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
