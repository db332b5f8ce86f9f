/*
 * The services a multi-instance test needs, started by the test itself:
 * a PostgreSQL cluster of its own (scripts/postgres.sh, so that stopping it
 * disturbs no other test) and a redis-server (Debian package, installed by
 * `scripts/bootstrap.sh redis`), each on a free port of 127.0.0.1.
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { findFreePort, repoRoot } from '../../__testUtils__/runBackend';

function bash(
  script: string,
  env: Record<string, string> = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'bash',
      ['-c', `set -e; . scripts/postgres.sh; ${script}`],
      { cwd: repoRoot, env: { ...process.env, ...env }, timeout: 120_000 },
      (error, stdout, stderr) =>
        error
          ? reject(new Error(`${script} failed: ${error.message}\n${stderr}`))
          : resolve(stdout),
    );
  });
}

export interface TestPostgres {
  url: URL;
  /** Immediate shutdown (like a crash); the data stays. */
  stopServer(): Promise<void>;
  /** Starts the same cluster again on the same port. */
  startServer(): Promise<void>;
  /** Stops the server and deletes the cluster. */
  destroy(): Promise<void>;
}

/** A fresh PostgreSQL cluster via scripts/postgres.sh (needs initdb on PATH). */
export async function startTestPostgres(): Promise<TestPostgres> {
  const out = await bash(
    'idp_pg_start; printf "%s\\n%s\\n" "$IDP_PG_DIR" "$IDP_TEST_POSTGRES_URL"',
  );
  const [dir, url] = out.trim().split('\n');
  const env = { IDP_PG_DIR: dir, IDP_PG_PORT: new URL(url).port };
  return {
    url: new URL(url),
    stopServer: () => bash('idp_pg_server_stop', env).then(() => {}),
    startServer: () => bash('idp_pg_server_start', env).then(() => {}),
    destroy: () => bash('idp_pg_stop', env).then(() => {}),
  };
}

export interface TestRedis {
  url: string;
  /** Sends one command (inline protocol) and returns the raw reply. */
  command(line: string): Promise<string>;
  stop(): Promise<void>;
}

function redisCommand(port: number, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    socket.setTimeout(2000, () => socket.destroy(new Error('redis timeout')));
    socket.on('connect', () => socket.write(`${line}\r\n`));
    socket.on('data', d => {
      reply += d;
      if (reply.endsWith('\r\n')) {
        socket.end();
        resolve(reply);
      }
    });
    socket.on('error', reject);
  });
}

/**
 * redis-server on a free port (or on `port`, e.g. to bring a stopped one back
 * where clients expect it), no persistence; fails if it is not installed.
 */
export async function startTestRedis(onPort?: number): Promise<TestRedis> {
  const port = onPort ?? (await findFreePort());
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', ''],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', d => (output += d));
  child.stderr!.on('data', d => (output += d));
  const spawnError = new Promise<never>((_, reject) =>
    child.once('error', e =>
      reject(
        new Error(
          `redis-server could not start (${e.message}); run: . scripts/bootstrap.sh redis`,
        ),
      ),
    ),
  );
  const deadline = Date.now() + 10_000;
  for (;;) {
    const pong = await Promise.race([
      redisCommand(port, 'PING').catch(() => ''),
      spawnError,
    ]);
    if (pong.startsWith('+PONG')) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`redis-server not answering:\n${output}`);
    }
    await new Promise(r => setTimeout(r, 100));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    command: line => redisCommand(port, line),
    stop: () =>
      new Promise<void>(resolve => {
        if (child.exitCode !== null) {
          resolve();
        } else {
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }
      }),
  };
}
