/*
 * Prints how long the real backend takes to become ready and how much memory
 * it holds, on the laptop default (SQLite) and on PostgreSQL.
 *
 *   scripts/bench-startup.sh      (starts a throw-away PostgreSQL, runs this)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { rssMb } from './proc';
import {
  productionEnv,
  repoRoot,
  startBackendProcess,
} from '../src/__testUtils__/runBackend';

const token = 'bench-static-token-0123456789abcdef';
const externalAccess = JSON.stringify([
  { type: 'static', options: { token, subject: 'bench' } },
]);

async function entityCount(baseUrl: string): Promise<number> {
  const res = await fetch(
    `${baseUrl}/api/catalog/entities/by-query?limit=1&filter=kind=component`,
    { headers: { Authorization: `Bearer ${token}` } },
  );
  return res.ok ? ((await res.json()) as { totalItems: number }).totalItems : 0;
}

async function measure(
  name: string,
  options: Parameters<typeof startBackendProcess>[0],
) {
  const backend = await startBackendProcess(options);
  const readyMs = backend.startupMs;
  const pid = backend.process.pid!;
  const rssReady = Math.round(rssMb(pid));
  // Let the catalog ingest catalog/ (its first processing loop) before the
  // second reading, which is what a running portal holds.
  const until = Date.now() + 60_000;
  let components = await entityCount(backend.baseUrl);
  while (Date.now() < until && components < 6) {
    await new Promise(r => setTimeout(r, 1000));
    components = await entityCount(backend.baseUrl);
  }
  await new Promise(r => setTimeout(r, 10_000));
  const rssSettled = Math.round(rssMb(pid));
  await backend.stop();
  console.log(
    `${name}: ready in ${(readyMs / 1000).toFixed(
      1,
    )} s; RSS ${rssReady} MiB at ready, ${rssSettled} MiB after ingesting ${components} components`,
  );
}

async function main() {
  const sqliteDir = mkdtempSync(path.join(tmpdir(), 'idp-bench-sqlite-'));
  try {
    await measure('sqlite', {
      configs: ['app-config.yaml'],
      cwd: path.join(repoRoot, 'packages/backend'),
      env: () => ({
        APP_CONFIG_backend_database_connection_directory: sqliteDir,
        APP_CONFIG_backend_auth_externalAccess: externalAccess,
      }),
    });
  } finally {
    rmSync(sqliteDir, { recursive: true, force: true });
  }

  if (!process.env.IDP_TEST_POSTGRES_URL) {
    console.log('postgres: skipped (IDP_TEST_POSTGRES_URL not set)');
    return;
  }
  await measure('postgres', {
    configs: ['app-config.yaml', 'app-config.production.yaml'],
    env: baseUrl => productionEnv({ baseUrl, staticToken: token }),
  });
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
