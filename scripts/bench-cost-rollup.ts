/*
 * Cost roll-up benchmark: a generated organisation of 10,000 catalog entities
 * (10 departments of 4 teams, 200 shared systems, components and resources)
 * with 90 days of daily cost rows, served by the cost tracker's real router
 * and store over HTTP on 127.0.0.1. Prints p50/p99 of the team, system and
 * organisation roll-ups, and checks that the teams plus unallocated add up to
 * every stored cost.
 *
 *   node --require @backstage/cli-node/config/nodeTransform.cjs scripts/bench-cost-rollup.ts
 *
 * SQLite in memory by default; PostgreSQL with BENCH_POSTGRES_URL (or
 * IDP_TEST_POSTGRES_URL from scripts/postgres.sh), in a throw-away database.
 * BENCH_ENTITIES, BENCH_DAYS, BENCH_CATEGORIES and BENCH_SAMPLES change the
 * size. A benchmark, not a test: it fails only when the figures do not add up.
 */
import {
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import express from 'express';
import { AddressInfo } from 'net';
import knexFactory, { Knex } from 'knex';
import { CostStore } from '../plugins/cost-tracker-backend/src/database/CostStore';
import { createRouter } from '../plugins/cost-tracker-backend/src/router';
import { addDays } from '../plugins/cost-tracker-backend/src/service/window';
import {
  generateCosts,
  generateOrg,
  seeded,
} from '../plugins/cost-tracker-backend/src/__testUtils__/generatedOrg';

const ENTITIES = Number(process.env.BENCH_ENTITIES ?? 10_000);
const DAYS = Number(process.env.BENCH_DAYS ?? 90);
const CATEGORIES = Number(process.env.BENCH_CATEGORIES ?? 1);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);
const LAST_DAY = '2026-11-30';

/**
 * A catalog that answers from a map, as fast as a catalog can: the figures
 * are then the cost tracker's own work (catalog traversal, SQL, JSON), not
 * the in-memory test catalog's linear scans.
 */
function indexedCatalog(entities: Entity[]): CatalogService {
  const byRef = new Map(
    entities.map(e => [stringifyEntityRef(e).toLocaleLowerCase('en-US'), e]),
  );
  const get = (ref: string) =>
    byRef.get(
      stringifyEntityRef(parseEntityRef(ref)).toLocaleLowerCase('en-US'),
    );
  return {
    async getEntityByRef(ref: string) {
      return get(ref);
    },
    async getEntitiesByRefs(request: { entityRefs: string[] }) {
      return { items: request.entityRefs.map(get) };
    },
  } as unknown as CatalogService;
}

const httpAuth = {
  async credentials() {
    return {
      $$type: '@backstage/BackstageCredentials',
      principal: { type: 'user', userEntityRef: 'user:default/bench' },
    } as BackstageCredentials;
  },
} as unknown as HttpAuthService;

async function database(): Promise<{ knex: Knex; name: string }> {
  const url =
    process.env.BENCH_POSTGRES_URL ?? process.env.IDP_TEST_POSTGRES_URL;
  if (!url) {
    return {
      name: 'SQLite (in memory)',
      knex: knexFactory({
        client: 'better-sqlite3',
        connection: ':memory:',
        useNullAsDefault: true,
        pool: { min: 1, max: 1 },
      }),
    };
  }
  const admin = knexFactory({ client: 'pg', connection: url });
  await admin.raw('DROP DATABASE IF EXISTS cost_rollup_bench');
  await admin.raw('CREATE DATABASE cost_rollup_bench');
  await admin.destroy();
  const dbUrl = new URL(url);
  dbUrl.pathname = '/cost_rollup_bench';
  const knex = knexFactory({
    client: 'pg',
    connection: dbUrl.toString(),
    pool: { min: 1, max: 4 },
  });
  const version = (await knex.raw('show server_version')).rows[0]
    .server_version;
  return { knex, name: `PostgreSQL ${version}` };
}

function percentile(sorted: number[], p: number) {
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

async function timeIt(
  samples: number,
  fn: (i: number) => Promise<void>,
): Promise<string> {
  await fn(0); // warm-up
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = process.hrtime.bigint();
    await fn(i);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return `p50 ${percentile(times, 50).toFixed(1)} ms, p99 ${percentile(
    times,
    99,
  ).toFixed(1)} ms (${samples} samples)`;
}

async function main() {
  const { knex, name } = await database();
  const store = await CostStore.create({
    database: { getClient: async () => knex },
  });
  const org = generateOrg(ENTITIES);
  const firstDay = addDays(LAST_DAY, -(DAYS - 1));
  const loadStart = Date.now();
  let rows = 0;
  for (let d = 0; d < DAYS; d++) {
    const day = addDays(firstDay, d);
    const costs = generateCosts({
      org,
      days: [day],
      source: 'bench',
      categories: CATEGORIES,
      seed: d + 1,
    });
    await store.replaceSource({
      source: 'bench',
      from: day,
      to: day,
      ...costs,
    });
    rows += costs.rows.length + costs.unallocated.length;
  }
  const loadSeconds = (Date.now() - loadStart) / 1000;
  if (knex.client.config.client === 'pg') {
    await knex.raw('ANALYZE');
  }

  const app = express().use(
    '/api/cost-tracker',
    await createRouter({
      httpAuth,
      catalog: indexedCatalog(org.entities),
      store,
      config: {
        currency: 'USD',
        focus: { directories: [], defaultTagKey: 'app' },
        budgets: [],
      },
      now: () => new Date(`${LAST_DAY}T12:00:00Z`),
    }),
  );
  const server = app.listen(0, '127.0.0.1');
  await new Promise(resolve => server.once('listening', resolve));
  const base = `http://127.0.0.1:${
    (server.address() as AddressInfo).port
  }/api/cost-tracker`;
  const get = async (path: string) => {
    const response = await fetch(`${base}${path}`);
    if (!response.ok) {
      throw new Error(`${path}: ${response.status} ${await response.text()}`);
    }
    return response.json();
  };

  console.log(
    `${name}; ${
      org.entities.length
    } entities, ${DAYS} days x ${CATEGORIES} categories: ${rows} rows stored in ${loadSeconds.toFixed(
      1,
    )} s`,
  );

  // The figures must add up before they are worth timing.
  const window90 = `from=${firstDay}&to=${LAST_DAY}`;
  const organization = await get(`/organization?${window90}`);
  let stored = 0;
  for (const table of ['cost_daily', 'cost_unallocated_daily']) {
    const [row] = await knex(table).sum({ amount: 'amount' });
    stored += Number(row.amount);
  }
  const cents = (n: number) => Math.round(n * 100);
  const teamCents = organization.teams.reduce(
    (s: number, t: { amount: number }) => s + cents(t.amount),
    0,
  );
  console.log(
    `organisation, ${DAYS} days: total ${organization.total.toFixed(2)} = ${
      organization.teams.length
    } top-level owners ${(teamCents / 100).toFixed(
      2,
    )} + unallocated ${organization.unallocated.total.toFixed(
      2,
    )}; stored rows sum to ${stored.toFixed(2)}`,
  );
  if (
    cents(stored) !== cents(organization.total) ||
    teamCents + cents(organization.unallocated.total) !==
      cents(organization.total)
  ) {
    throw new Error('the organisation does not add up to the stored cost');
  }

  const random = seeded(99);
  const window30 = `from=${addDays(LAST_DAY, -29)}&to=${LAST_DAY}`;
  const department = await timeIt(SAMPLES, async () => {
    await get(`/costs/group/default/dept-${random(10)}?${window30}`);
  });
  const team = await timeIt(SAMPLES, async () => {
    await get(
      `/costs/group/default/team-${random(10)}-${random(4)}?${window30}`,
    );
  });
  const system = await timeIt(SAMPLES, async () => {
    await get(`/costs/system/default/system-${random(200)}?${window30}`);
  });
  const org30 = await timeIt(Math.max(10, SAMPLES / 10), async () => {
    await get(`/organization?${window30}`);
  });
  const org90 = await timeIt(Math.max(10, SAMPLES / 10), async () => {
    await get(`/organization?${window90}`);
  });
  const sizes = await Promise.all([
    get(`/costs/group/default/dept-0?${window30}`),
    get(`/costs/group/default/team-0-0?${window30}`),
    get(`/costs/system/default/system-0?${window30}`),
  ]);
  const [deptSize, teamSize, systemSize] = sizes.map(
    (b: { members: unknown[] }) => b.members.length,
  );
  console.log(
    `department roll-up (~${deptSize} entities, 30 days):   ${department}`,
  );
  console.log(`team roll-up (~${teamSize} entities, 30 days):         ${team}`);
  console.log(
    `system roll-up (~${systemSize} entities, 30 days):        ${system}`,
  );
  console.log(`organisation summary (30 days):              ${org30}`);
  console.log(`organisation summary (${DAYS} days):              ${org90}`);
  server.close();
  await knex.destroy();
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
