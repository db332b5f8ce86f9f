import type { AuditEventRecord } from '@internal/backstage-plugin-audit-common';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  createServer as createHttpServer,
  IncomingMessage,
  ServerResponse,
} from 'node:http';
import { AddressInfo } from 'node:net';
import { resolve as resolvePath } from 'node:path';
import { findFreePort, testDatabases } from '@internal/test-fakes';

/*
 * "Acknowledged means durable": a real backend (audit plugin + a plugin
 * performing audited actions) in a child process on PostgreSQL, forwarding
 * to a stand-in SIEM on 127.0.0.1. A burst of concurrent audited actions;
 * the child is SIGKILLed in the middle of it; a new child on the same
 * database must then forward everything. Every action that was answered
 * 200 must be stored and reach the SIEM (exactly once after de-duplication
 * on the record id).
 */

jest.setTimeout(240_000);

const BURST = 200;
/**
 * Once this many burst actions were acknowledged, the test locks the audit
 * table (commits wait, as on a slow database)...
 */
const LOCK_AFTER_ACKS = 40;
/**
 * ...and kills the child once this many more actions called `success()`
 * while their records could not be committed.
 */
const KILL_AFTER_BLOCKED_SUCCESS_CALLS = 10;
/** Simulated duration of an action, spread so the burst lasts a while. */
const MAX_WORK_MS = 1_500;

async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs: number,
  diagnostics?: () => string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out waiting for ${what}${
          diagnostics ? `\n${diagnostics()}` : ''
        }`,
      );
    }
    await new Promise(r => setTimeout(r, 50));
  }
}

/**
 * A SIEM HTTP collector: keeps every record it receives (duplicates too).
 * While `hold` is set it reads a batch but never answers, as if the
 * acknowledgement were lost: the sender cannot know it arrived.
 */
async function startSiem() {
  const received: AuditEventRecord[] = [];
  const held: ServerResponse[] = [];
  const state = { hold: true, posts: 0, idempotencyKeys: [] as string[] };
  const server = createHttpServer(
    (req: IncomingMessage, res: ServerResponse) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', chunk => (body += chunk));
      req.on('end', () => {
        state.posts++;
        state.idempotencyKeys.push(String(req.headers['idempotency-key']));
        for (const line of body.split('\n')) {
          if (line.trim()) received.push(JSON.parse(line));
        }
        if (state.hold) {
          held.push(res);
        } else {
          res.writeHead(204).end();
        }
      });
    },
  );
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/ingest`,
    received,
    state,
    release() {
      state.hold = false;
      held.splice(0).forEach(res => res.destroy());
    },
    close: () =>
      new Promise(r => {
        held.splice(0).forEach(res => res.destroy());
        server.closeAllConnections();
        server.close(r);
      }),
  };
}

type Child = { process: ChildProcess; baseUrl: string; output: string[] };

async function startBackend(config: (port: number) => object): Promise<Child> {
  const port = await findFreePort();
  const output: string[] = [];
  const child = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      resolvePath(__dirname, '__testUtils__/durabilityBackend.ts'),
    ],
    {
      cwd: resolvePath(__dirname, '..'),
      env: {
        ...process.env,
        NODE_ENV: 'development',
        LOG_LEVEL: 'warn',
        AUDIT_DURABILITY_CONFIG: JSON.stringify(config(port)),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 400) output.shift();
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitFor(
    'the backend to be ready',
    async () => {
      if (child.exitCode !== null) {
        throw new Error(
          `backend exited with ${child.exitCode}:\n${output.join('')}`,
        );
      }
      const ok = await fetch(`${baseUrl}/.backstage/health/v1/readiness`)
        .then(r => r.ok)
        .catch(() => false);
      return ok;
    },
    120_000,
    () => output.join(''),
  );
  return { process: child, baseUrl, output };
}

async function stop(child: Child, signal: NodeJS.Signals) {
  if (child.process.exitCode !== null || child.process.signalCode !== null) {
    return;
  }
  const exited = new Promise(r => child.process.once('exit', r));
  child.process.kill(signal);
  await exited;
}

describe('audit durability across a SIGKILL', () => {
  const databases = testDatabases(['POSTGRES_15']);

  it.each(databases.eachSupportedId())(
    'every acknowledged action is stored and forwarded (%p)',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const connection = knex.client.config.connection;
      const siem = await startSiem();
      const prefix = `audit_dur_${randomBytes(4).toString('hex')}_`;
      const config = (port: number) => ({
        backend: {
          baseUrl: `http://127.0.0.1:${port}`,
          listen: { host: '127.0.0.1', port },
          database: {
            client: 'pg',
            connection,
            prefix,
            // the audit plugin uses the test's database
            plugin: {
              audit: { connection: { database: connection.database } },
            },
          },
        },
        audit: {
          // commits waiting on the test's table lock must not time out first
          store: { timeout: { seconds: 60 } },
          sink: {
            http: { url: siem.url, timeoutMs: 120_000, maxAttempts: 1 },
            // The killed process's forward run holds the task until this
            // timeout has passed and a scheduler janitor released it (each
            // process runs one at startup, then every minute).
            schedule: { frequency: { seconds: 1 }, timeout: { seconds: 3 } },
          },
        },
      });
      const children: Child[] = [];
      try {
        const first = await startBackend(config);
        children.push(first);
        const post = (id: string, workMs: number) =>
          fetch(`${first.baseUrl}/api/burst/actions/${id}?workMs=${workMs}`, {
            method: 'POST',
          });

        // Warm-up: acknowledged actions whose records reach the SIEM, which
        // never answers: after the kill they are sent again (duplicates).
        for (let i = 0; i < 5; i++) {
          expect((await post(`warm-${i}`, 0)).status).toBe(200);
        }
        await waitFor(
          'a batch at the SIEM',
          () => siem.state.posts >= 1,
          30_000,
        );

        // The burst, killed in the middle.
        const acknowledged = new Set<string>();
        const refused = new Map<string, number>();
        const broken = new Set<string>();
        const sent = Array.from({ length: BURST }, (_, i) => `burst-${i}`);
        const requests = sent.map(async id => {
          try {
            const response = await post(
              id,
              Math.floor(Math.random() * MAX_WORK_MS),
            );
            await response.arrayBuffer();
            if (response.status === 200) acknowledged.add(id);
            else refused.set(id, response.status);
          } catch {
            broken.add(id); // the connection died with the backend
          }
        });
        await waitFor(
          `${LOCK_AFTER_ACKS} acknowledged actions`,
          () => acknowledged.size >= LOCK_AFTER_ACKS,
          60_000,
          () => first.output.join(''),
        );
        // Commits now wait on the lock. An auditor that answered before its
        // record was committed would acknowledge actions meanwhile, and
        // lose them with the process.
        const lock = await knex.transaction();
        await lock.raw('LOCK TABLE audit_events IN EXCLUSIVE MODE');
        const successCalls = async () => {
          const response = await fetch(`${first.baseUrl}/api/burst/stats`);
          return ((await response.json()) as { successCalls: number })
            .successCalls;
        };
        const callsAtLock = await successCalls();
        const ackedAtLock = acknowledged.size;
        await waitFor(
          `${KILL_AFTER_BLOCKED_SUCCESS_CALLS} success() calls after the lock`,
          async () =>
            (await successCalls()) >=
            callsAtLock + KILL_AFTER_BLOCKED_SUCCESS_CALLS,
          60_000,
          () => first.output.join(''),
        );
        await stop(first, 'SIGKILL');
        const ackedAtKill = acknowledged.size;
        await lock.rollback();
        await Promise.all(requests);
        // nothing answered after the process was gone
        expect(acknowledged.size).toBe(ackedAtKill);
        expect(refused).toEqual(new Map());
        expect(broken.size).toBeGreaterThan(0);
        const storedAtKill = Number(
          (await knex('audit_events').count({ n: '*' }))[0].n,
        );

        // A new process on the same database forwards what is pending.
        siem.release();
        const restartedAt = Date.now();
        const second = await startBackend(config);
        const readyAfterMs = Date.now() - restartedAt;
        children.push(second);
        const pending = async () =>
          Number(
            (
              await knex('audit_events')
                .whereNull('forwarded_at')
                .count({ n: '*' })
            )[0].n,
          );
        await waitFor(
          'the forwarder to drain the outbox',
          async () => (await pending()) === 0,
          90_000,
          () => second.output.join(''),
        );

        const drainedAfterMs = Date.now() - restartedAt;
        const stored = (await knex('audit_events').select('record')).map(
          row => JSON.parse(row.record) as AuditEventRecord,
        );
        const storedIds = new Set(stored.map(r => r.id));
        const statusesByAction = new Map<string, string[]>();
        for (const record of stored) {
          const actionId = String(record.meta?.actionId);
          statusesByAction.set(actionId, [
            ...(statusesByAction.get(actionId) ?? []),
            record.status,
          ]);
        }

        // 1. every acknowledged action is stored, both its records
        const warmUp = Array.from({ length: 5 }, (_, i) => `warm-${i}`);
        const missing = [...warmUp, ...acknowledged].filter(
          id =>
            (statusesByAction.get(id) ?? []).sort().join() !==
            'initiated,succeeded',
        );
        expect(missing).toEqual([]);

        // 2. the SIEM got each stored record, and nothing else; after
        //    de-duplication on the id, exactly once
        const receivedIds = siem.received.map(r => r.id);
        const distinct = new Set(receivedIds);
        expect([...distinct].sort()).toEqual([...storedIds].sort());
        const duplicates = receivedIds.length - distinct.size;
        // the batch whose acknowledgement was lost was sent again
        expect(duplicates).toBeGreaterThan(0);
        // a duplicate is the same record, byte for byte
        const firstSeen = new Map<string, string>();
        for (const record of siem.received) {
          const json = JSON.stringify(record);
          expect(firstSeen.get(record.id) ?? json).toBe(json);
          firstSeen.set(record.id, json);
        }

        const unacked = sent.filter(id => !acknowledged.has(id));
        const storedUnacked = unacked.filter(id => statusesByAction.has(id));
        // eslint-disable-next-line no-console
        console.log(
          [
            `burst sent ${BURST}, acknowledged ${
              acknowledged.size
            } (${ackedAtLock} before the table lock, ${
              ackedAtKill - ackedAtLock
            } while it was held), connection lost ${broken.size}`,
            `records stored ${
              stored.length
            } (${storedAtKill} at the kill; acknowledged actions all stored: ${
              missing.length === 0
            }; of the unacknowledged actions ${
              storedUnacked.length
            } have records, e.g. initiated only)`,
            `SIEM received ${receivedIds.length} records in ${siem.state.posts} POSTs, ${distinct.size} distinct ids, ${duplicates} duplicates`,
            `new process ready ${readyAfterMs} ms after the restart, outbox drained after ${drainedAfterMs} ms (the killed run's task lock expires after audit.sink.schedule.timeout)`,
          ].join('\n'),
        );
      } finally {
        for (const child of children) await stop(child, 'SIGTERM');
        await siem.close();
      }
    },
  );
});
