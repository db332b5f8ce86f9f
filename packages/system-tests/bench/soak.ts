/*
 * Soak run: two replicas of the real backend (packages/backend/src/index.ts,
 * app-config.yaml + app-config.production.yaml) on one PostgreSQL and one
 * Redis, a fixed-rate mix of requests sent round-robin to both for
 * SOAK_MINUTES, replica A killed (SIGKILL) at 40% of the run and started
 * again. Prints requests served per replica, errors by status (and how many
 * fell inside the kill window), p50/p99 per kind, template runs started vs
 * completed, audit events acknowledged vs stored.
 *
 *   scripts/soak.sh        (starts PostgreSQL and Redis, runs this)
 *
 * Knobs: SOAK_MINUTES (10), SOAK_RATE (20 requests/s in total),
 * SOAK_KILL_AT (0.4 of the run), SOAK_TASK_SECONDS (5, how long each
 * template run waits). A soak run, not a test: it exits 1 only when a task or
 * an audit record was lost, or when an error fell outside the kill window.
 *
 * The mix (per 20 requests, each kind sent to A and B alike): 8 catalog by-name, 4 catalog by-query, 4 search
 * queries, 3 catalog refreshes (each an audited action,
 * catalog.entity-mutate.refresh) and 1 template run (scale-wait: debug:log,
 * debug:wait, debug:log; audited as scaffolder.task.create). Requests carry
 * a static external-access token (a service principal, as a CI job), so the
 * permission policy's user rules are not exercised here.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import {
  dropTestDatabases,
  productionEnv,
  RunningBackend,
  startBackendProcess,
} from '../src/__testUtils__/runBackend';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 10);
const RATE = Number(process.env.SOAK_RATE ?? 20);
const KILL_AT = Number(process.env.SOAK_KILL_AT ?? 0.4);
const TASK_SECONDS = Number(process.env.SOAK_TASK_SECONDS ?? 5);
/** Every Nth template run is a golden path published to local git (0: none). */
const GOLDEN_EVERY = Number(process.env.SOAK_GOLDEN_EVERY ?? 4);
const token = `soak-static-token-${randomUUID()}`;
const RUN = Date.now().toString(36);
const PREFIX = `soak_${RUN}_`;

type Kind = 'by-name' | 'by-query' | 'search' | 'refresh' | 'template';
const MIX: Kind[] = [
  'by-name',
  'by-query',
  'search',
  'by-name',
  'refresh',
  'by-name',
  'by-query',
  'search',
  'by-name',
  'template',
  'by-name',
  'refresh',
  'search',
  'by-name',
  'by-query',
  'by-name',
  'refresh',
  'search',
  'by-name',
  'by-query',
];
const SEARCH_TERMS = ['payments', 'checkout', 'platform', 'service', 'alice'];

type Outcome = {
  kind: Kind;
  replica: 'A' | 'B';
  sentAt: number;
  doneAt: number;
  /** HTTP status, or the network error's code (ECONNREFUSED, timeout). */
  status: string;
  ok: boolean;
  taskId?: string;
  golden?: boolean;
  /** Position in the run (names the golden path's component). */
  index: number;
  /** The start of an error's body. */
  message?: string;
};

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run scripts/soak.sh`);
  return value;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length
    ? sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]
    : NaN;

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

async function api(
  baseUrl: string,
  pathAndQuery: string,
  init: { method?: string; body?: unknown; timeoutMs?: number } = {},
): Promise<Response> {
  return fetch(`${baseUrl}/api${pathAndQuery}`, {
    method: init.method ?? 'GET',
    headers: {
      Authorization: `Bearer ${token}`,
      ...(init.body ? { 'Content-Type': 'application/json' } : {}),
    },
    body: init.body ? JSON.stringify(init.body) : undefined,
    signal: AbortSignal.timeout(init.timeoutMs ?? 30_000),
  });
}

async function waitUntil<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(1000);
  }
}

async function main() {
  const postgresUrl = new URL(required('IDP_TEST_POSTGRES_URL'));
  const redisUrl = required('IDP_TEST_REDIS_URL');
  // publish:local-git on one directory both replicas mount, as the chart
  // runs it with localGit.existingClaim (a ReadWriteMany volume).
  const gitDir = mkdtempSync(path.join(tmpdir(), 'idp-soak-git-'));
  const start = () =>
    startBackendProcess({
      configs: ['app-config.yaml', 'app-config.production.yaml'],
      env: baseUrl => ({
        ...productionEnv({ baseUrl, staticToken: token, postgresUrl }),
        REDIS_URL: redisUrl,
        // Both replicas on the same databases (one per plugin), of this
        // run only: dropped at the end.
        APP_CONFIG_backend_database_prefix: PREFIX,
        // Production's catalog (the org, domains, systems, components) plus
        // the wait template of the multi-instance test.
        APP_CONFIG_catalog_locations: JSON.stringify([
          {
            type: 'file',
            target: './catalog/all.yaml',
            rules: [{ allow: ['User', 'Group'] }],
          },
          {
            type: 'file',
            target: './templates/all.yaml',
            rules: [{ allow: ['Template', 'Location'] }],
          },
          {
            type: 'file',
            target:
              './packages/system-tests/src/scale/testdata/wait-template.yaml',
            rules: [{ allow: ['Template'] }],
          },
        ]),
        APP_CONFIG_scaffolder_localGit_replicas: '2',
        APP_CONFIG_scaffolder_localGit_baseDir: gitDir,
        APP_CONFIG_scaffolder_localGit_shared: 'true',
        APP_CONFIG_scaffolder_localGit_enabled: 'true',
        // Request logging of every call would measure the logger.
        LOG_LEVEL: 'warn',
      }),
      timeoutMs: 300_000,
    });

  let a: RunningBackend | undefined;
  let b: RunningBackend | undefined;
  const stopped: RunningBackend[] = [];
  try {
    // One after the other: the second finds the migrations done.
    a = await start();
    b = await start();
    console.log(
      `replicas ready: A ${a.baseUrl} (${a.startupMs} ms), B ${b.baseUrl} (${b.startupMs} ms), database prefix ${PREFIX}`,
    );
    const first = a;
    await waitUntil(
      'the scale-wait template in the catalog',
      async () =>
        (
          await api(
            first.baseUrl,
            '/catalog/entities/by-name/template/default/scale-wait',
          )
        ).ok || undefined,
      300_000,
    );
    const entities = await waitUntil(
      'the catalog to hold components',
      async () => {
        const res = await api(
          first.baseUrl,
          '/catalog/entities/by-query?limit=500&fields=kind,metadata.namespace,metadata.name',
        );
        const { items } = (await res.json()) as {
          items: {
            kind: string;
            metadata: { namespace?: string; name: string };
          }[];
        };
        const refs = items.map(
          e =>
            `${e.kind.toLocaleLowerCase('en-US')}/${
              e.metadata.namespace ?? 'default'
            }/${e.metadata.name}`,
        );
        return refs.some(r => r.startsWith('component/')) ? refs : undefined;
      },
      300_000,
    );
    console.log(`${entities.length} entities in the catalog`);

    // The run.
    const outcomes: Outcome[] = [];
    let current: { A: string | undefined; B: string } = {
      A: a.baseUrl,
      B: b.baseUrl,
    };
    const durationMs = MINUTES * 60_000;
    const total = Math.round((durationMs / 1000) * RATE);
    const t0 = Date.now();
    const killAt = t0 + durationMs * KILL_AT;
    let killedAt: number | undefined;
    let aReadyAt: number | undefined;
    let restartOf: Promise<void> | undefined;
    const golden = new Set<number>();
    /** Template runs sent so far. */
    let templateRuns = 0;
    const pick = <T>(list: T[], i: number) => list[i % list.length];

    const send = async (i: number): Promise<void> => {
      // Each kind of the mix twice in a row: once to A, once to B.
      const kind = MIX[Math.floor(i / 2) % MIX.length];
      const replica = i % 2 === 0 ? 'A' : 'B';
      // Template runs in pairs (A, B); every GOLDEN_EVERY-th pair golden.
      const templateRun = kind === 'template' ? templateRuns++ : 0;
      // While A is down its old address answers nothing (as a Service
      // endpoint that has not been removed yet).
      const baseUrl = current[replica] ?? a!.baseUrl;
      const entity = pick(entities, Math.floor(i / MIX.length) * 7 + i);
      const sentAt = Date.now();
      let taskId: string | undefined;
      let status: string;
      let ok = false;
      let message: string | undefined;
      try {
        let res: Response;
        if (kind === 'by-name') {
          res = await api(baseUrl, `/catalog/entities/by-name/${entity}`);
        } else if (kind === 'by-query') {
          const kinds = ['component', 'user', 'group', 'system', 'resource'];
          res = await api(
            baseUrl,
            `/catalog/entities/by-query?limit=20&filter=kind=${pick(
              kinds,
              i,
            )}&fields=kind,metadata.name,spec.owner`,
          );
        } else if (kind === 'search') {
          res = await api(
            baseUrl,
            `/search/query?term=${pick(SEARCH_TERMS, i)}&pageLimit=10`,
          );
        } else if (kind === 'refresh') {
          const [k, ns, n] = entity.split('/');
          res = await api(baseUrl, '/catalog/refresh', {
            method: 'POST',
            body: { entityRef: `${k}:${ns}/${n}` },
          });
        } else if (
          GOLDEN_EVERY > 0 &&
          Math.floor(templateRun / 2) % GOLDEN_EVERY === 0
        ) {
          res = await api(baseUrl, '/scaffolder/v2/tasks', {
            method: 'POST',
            body: {
              templateRef: 'template:default/typescript-node-service',
              values: {
                name: `soak-${RUN}-${i}`,
                description: 'Soak run',
                owner: 'group:default/platform',
                publishTo: 'local',
              },
            },
          });
          golden.add(i);
        } else {
          res = await api(baseUrl, '/scaffolder/v2/tasks', {
            method: 'POST',
            body: {
              templateRef: 'template:default/scale-wait',
              values: { label: `soak-${i}`, seconds: TASK_SECONDS },
            },
          });
        }
        status = String(res.status);
        ok = res.ok;
        const body = await res.text();
        if (kind === 'template' && ok) taskId = JSON.parse(body).id;
        if (!ok) message = body.slice(0, 300);
      } catch (error) {
        const e = error as Error & { cause?: { code?: string } };
        status =
          e.name === 'TimeoutError' ? 'timeout' : e.cause?.code ?? e.name;
      }
      outcomes.push({
        kind,
        replica,
        sentAt,
        doneAt: Date.now(),
        status,
        ok,
        taskId,
        golden: golden.has(i),
        index: i,
        message,
      });
    };

    /**
     * SIGKILL of A, then A started again (as Kubernetes restarts a
     * container); requests meant for A go to its old address meanwhile.
     */
    const killAndRestartA = async (): Promise<void> => {
      const killed = a!;
      killedAt = Date.now();
      killed.process.kill('SIGKILL');
      stopped.push(killed);
      console.log(
        `${((killedAt - t0) / 1000).toFixed(0)} s: replica A killed (SIGKILL)`,
      );
      const backend = await start();
      a = backend;
      aReadyAt = Date.now();
      current = { A: backend.baseUrl, B: current.B };
      console.log(
        `${((aReadyAt - t0) / 1000).toFixed(0)} s: replica A ready again (${
          backend.startupMs
        } ms after restart)`,
      );
    };

    const inFlight = new Set<Promise<void>>();
    let lastReport = t0;
    for (let i = 0; i < total; i++) {
      const due = t0 + (i * 1000) / RATE;
      const wait = due - Date.now();
      if (wait > 0) await sleep(wait);
      if (!killedAt && Date.now() >= killAt) restartOf = killAndRestartA();
      const p = send(i);
      inFlight.add(p);
      p.finally(() => inFlight.delete(p));
      if (Date.now() - lastReport > 30_000) {
        lastReport = Date.now();
        const failed = outcomes.filter(o => !o.ok).length;
        console.log(
          `${((lastReport - t0) / 1000).toFixed(0)} s: ${
            outcomes.length
          } answered, ${failed} errors, ${inFlight.size} in flight`,
        );
      }
    }
    await Promise.all(inFlight);
    const sentFor = (Date.now() - t0) / 1000;
    await restartOf;

    // Every task started must finish; the replica that stayed up is asked.
    const started = outcomes.filter(o => o.taskId);
    type TaskState = {
      status: string;
      createdAt?: string;
      lastHeartbeatAt?: string;
    };
    const tasks = new Map<string, TaskState>();
    const done = (t?: TaskState) =>
      !!t && ['completed', 'failed', 'cancelled'].includes(t.status);
    const taskDeadline = Date.now() + 300_000;
    while (Date.now() < taskDeadline) {
      for (const { taskId } of started) {
        if (done(tasks.get(taskId!))) continue;
        const res = await api(
          b.baseUrl,
          `/scaffolder/v2/tasks/${taskId}`,
        ).catch(() => undefined);
        tasks.set(
          taskId!,
          res?.ok
            ? ((await res.json()) as TaskState)
            : { status: `http ${res?.status ?? 'error'}` },
        );
      }
      if (started.every(o => done(tasks.get(o.taskId!)))) break;
      await sleep(2000);
    }
    const taskLines: string[] = [];
    for (const [label, runs] of [
      ['scale-wait', started.filter(o => !o.golden)],
      ['golden path', started.filter(o => o.golden)],
    ] as const) {
      const counts: Record<string, number> = {};
      let slowest = 0;
      let atKill = 0;
      for (const o of runs) {
        const t = tasks.get(o.taskId!)!;
        counts[t.status] = (counts[t.status] ?? 0) + 1;
        if (t.createdAt && t.lastHeartbeatAt) {
          // Running (on either replica) when A was killed.
          if (
            Date.parse(t.createdAt) < killedAt! &&
            Date.parse(t.lastHeartbeatAt) > killedAt!
          ) {
            atKill++;
          }
          slowest = Math.max(
            slowest,
            Date.parse(t.lastHeartbeatAt) - Date.parse(t.createdAt),
          );
        }
      }
      const { completed = 0, failed = 0, ...other } = counts;
      taskLines.push(
        `  ${label.padEnd(11)} ${
          runs.length
        } started, ${completed} completed, ${failed} failed${
          Object.keys(other).length ? `, other: ${JSON.stringify(other)}` : ''
        }; ${atKill} in progress at the kill; slowest ${(
          slowest / 1000
        ).toFixed(1)} s (created to last heartbeat)`,
      );
    }
    // A completed golden path registered its component.
    let registered = 0;
    const goldenDone = started.filter(
      o => o.golden && tasks.get(o.taskId!)?.status === 'completed',
    );
    for (const o of goldenDone) {
      const res = await api(
        b.baseUrl,
        `/catalog/entities/by-name/component/default/soak-${RUN}-${o.index}`,
      ).catch(() => undefined);
      if (res?.ok) registered++;
    }
    if (goldenDone.length) {
      taskLines.push(
        `  golden-path components in the catalog: ${registered} of ${goldenDone.length} completed runs`,
      );
    }
    // Why the first failed runs failed: their last log lines.
    for (const o of started
      .filter(x => tasks.get(x.taskId!)?.status === 'failed')
      .slice(0, 3)) {
      const res = await api(
        b.baseUrl,
        `/scaffolder/v2/tasks/${o.taskId}/events`,
      ).catch(() => undefined);
      const events = res?.ok
        ? ((await res.json()) as { body: { message?: string } }[])
        : [];
      taskLines.push(
        `  failed ${o.taskId}: ${events
          .map(e => e.body.message ?? '')
          .filter(Boolean)
          .slice(-3)
          .join(' | ')
          // eslint-disable-next-line no-control-regex
          .replace(/\x1b\[[0-9;]*m/g, '')
          .slice(0, 600)}`,
      );
    }
    const completedTasks = started.filter(
      o => tasks.get(o.taskId!)?.status === 'completed',
    ).length;

    // Audit: every acknowledged (2xx) refresh and task creation must have
    // its `succeeded` record. Read through the API first (needs
    // audit.events.read), the audit database otherwise.
    const acknowledged = {
      'catalog.entity-mutate.refresh': outcomes.filter(
        o => o.kind === 'refresh' && o.ok,
      ).length,
      'scaffolder.task.create': started.length,
    };
    const stored: Record<string, number> = {};
    let source = 'GET /api/audit/events';
    for (const action of Object.keys(acknowledged)) {
      let count = 0;
      let cursor: string | undefined;
      let viaApi = true;
      for (;;) {
        const res = await api(
          b.baseUrl,
          `/audit/events?action=${action}&outcome=allowed&limit=500${
            cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''
          }`,
        );
        if (!res.ok) {
          viaApi = false;
          source = `the audit database (the API answered ${res.status})`;
          break;
        }
        const page = (await res.json()) as {
          items: unknown[];
          nextCursor?: string;
          cursor?: string;
        };
        count += page.items.length;
        cursor = page.nextCursor ?? page.cursor;
        if (!cursor || page.items.length === 0) break;
      }
      if (!viaApi) {
        const client = new Client({
          connectionString: new URL(`${PREFIX}audit`, postgresUrl).toString(),
        });
        await client.connect();
        try {
          const { rows } = await client.query(
            "select count(*)::int as n from audit_events where (action = $1 or action like $1 || '.%') and outcome = 'allowed'",
            [action],
          );
          count = rows[0].n;
        } finally {
          await client.end();
        }
      }
      stored[action] = count;
    }

    // Report.
    const windowEnd = aReadyAt ?? Date.now();
    const inWindow = (o: Outcome) =>
      killedAt !== undefined && o.doneAt >= killedAt && o.sentAt <= windowEnd;
    const errors = outcomes.filter(o => !o.ok);
    const byStatus: Record<string, { all: number; inWindow: number }> = {};
    for (const o of errors) {
      const s = (byStatus[`${o.replica} ${o.kind} ${o.status}`] ??= {
        all: 0,
        inWindow: 0,
      });
      s.all++;
      if (inWindow(o)) s.inWindow++;
    }
    const lines: string[] = [];
    lines.push(
      `\nsoak: ${MINUTES} min at ${RATE} req/s (${
        outcomes.length
      } requests sent in ${sentFor.toFixed(0)} s), replica A killed at ${(
        (killedAt! - t0) /
        1000
      ).toFixed(0)} s, ready again at ${((windowEnd - t0) / 1000).toFixed(
        0,
      )} s (window ${((windowEnd - killedAt!) / 1000).toFixed(0)} s)`,
    );
    for (const r of ['A', 'B'] as const) {
      const mine = outcomes.filter(o => o.replica === r);
      lines.push(
        `replica ${r}: ${mine.length} sent, ${
          mine.filter(o => o.ok).length
        } served (2xx)`,
      );
    }
    lines.push(
      `errors: ${errors.length}, ${
        errors.filter(inWindow).length
      } inside the kill window, ${
        errors.filter(o => !inWindow(o)).length
      } outside`,
    );
    for (const [s, n] of Object.entries(byStatus)) {
      lines.push(`  ${s.padEnd(22)} ${n.all} (${n.inWindow} in the window)`);
    }
    // What the errors outside the window said (at most 5).
    for (const o of errors.filter(x => !inWindow(x)).slice(0, 5)) {
      lines.push(
        `  outside the window, at ${((o.sentAt - t0) / 1000).toFixed(1)} s: ${
          o.replica
        } ${o.kind} ${o.status} ${o.message ?? ''}`,
      );
    }
    lines.push('latency of answered requests (ms):');
    for (const kind of [...new Set(MIX)]) {
      const ms = outcomes
        .filter(o => o.kind === kind && o.ok)
        .map(o => o.doneAt - o.sentAt)
        .sort((x, y) => x - y);
      lines.push(
        `  ${kind.padEnd(9)} n ${String(ms.length).padStart(6)}  p50 ${String(
          percentile(ms, 0.5),
        ).padStart(5)}  p99 ${String(percentile(ms, 0.99)).padStart(5)}`,
      );
    }
    lines.push('template runs (asked on replica B):', ...taskLines);
    lines.push(`audit (stored, from ${source}):`);
    for (const [action, n] of Object.entries(acknowledged)) {
      lines.push(
        `  ${action.padEnd(30)} acknowledged ${n}, stored ${stored[action]}`,
      );
    }
    console.log(lines.join('\n'));

    const lostTasks = started.length - completedTasks;
    const lostAudit = Object.entries(acknowledged).some(
      ([action, n]) => stored[action] < n,
    );
    const stray = errors.filter(o => !inWindow(o)).length;
    if (lostTasks || lostAudit || stray) {
      console.log(
        `NOT MET: ${lostTasks} tasks not completed, audit lost: ${lostAudit}, ${stray} errors outside the kill window`,
      );
      process.exitCode = 1;
    } else {
      console.log(
        'met: no task or audit record lost, errors only in the kill window',
      );
    }
    if (process.env.SOAK_SHOW_LOGS) {
      for (const backend of [...stopped, a, b]) {
        console.log(`--- ${backend.baseUrl}\n${backend.output().slice(-8000)}`);
      }
    }
  } finally {
    await Promise.all([a?.stop(), b?.stop()]);
    if (!process.env.SOAK_KEEP_DATABASES) {
      rmSync(gitDir, { recursive: true, force: true });
      await dropTestDatabases(PREFIX, postgresUrl).catch(e =>
        console.error(`could not drop ${PREFIX}*: ${e}`),
      );
    }
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
