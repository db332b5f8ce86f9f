import { ConfigReader } from '@backstage/config';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import request from 'supertest';
import { createServer } from 'node:net';
import {
  readinessServiceFactory,
  readinessConnection,
  redisUses,
} from './readiness';

describe('readinessConnection', () => {
  it('checks nothing on SQLite', () => {
    const config = new ConfigReader({
      backend: {
        database: { client: 'better-sqlite3', connection: ':memory:' },
      },
    });
    expect(readinessConnection(config)).toBeUndefined();
  });

  it('reads a connection string or object, defaulting to the postgres database', () => {
    const url = 'postgresql://u:p@db:5433/portal';
    expect(
      readinessConnection(
        new ConfigReader({
          backend: { database: { client: 'pg', connection: url } },
        }),
      ),
    ).toMatchObject({ connectionString: url });
    expect(
      readinessConnection(
        new ConfigReader({
          backend: {
            database: {
              client: 'pg',
              connection: {
                host: 'db',
                port: '5433',
                user: 'u',
                password: 'p',
              },
            },
          },
        }),
      ),
    ).toMatchObject({
      host: 'db',
      port: 5433,
      user: 'u',
      password: 'p',
      database: 'postgres',
    });
  });
});

describe('readinessServiceFactory', () => {
  it('answers 503 with the reason while PostgreSQL does not answer, liveness 200', async () => {
    // A port that accepts and immediately closes: no PostgreSQL behind it.
    const server = createServer(socket => socket.destroy());
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    try {
      const backend = await startTestBackend({
        features: [
          readinessServiceFactory,
          mockServices.rootConfig.factory({
            data: {
              backend: {
                database: {
                  client: 'pg',
                  connection: { host: '127.0.0.1', port, user: 'x' },
                },
              },
            },
          }),
        ],
      });
      const ready = await request(backend.server).get(
        '/.backstage/health/v1/readiness',
      );
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({
        status: 'error',
        message: expect.stringMatching(/^Database unavailable: /),
      });
      const live = await request(backend.server).get(
        '/.backstage/health/v1/liveness',
      );
      expect(live.status).toBe(200);
      await backend.stop();
    } finally {
      server.close();
    }
  });
});

describe('redisUses', () => {
  it('names the cache and the rate limit of one Redis once, nothing without Redis', () => {
    const url = 'redis://:secret@redis:6379';
    expect(
      redisUses(
        new ConfigReader({
          backend: {
            cache: { store: 'redis', connection: url },
            rateLimit: { store: { type: 'redis', connection: url } },
          },
        }),
      ),
    ).toEqual([{ url, uses: ['cache', 'rate limit'] }]);
    expect(
      redisUses(
        new ConfigReader({
          backend: {
            cache: { store: 'memory' },
            rateLimit: { store: { type: 'memory', connection: url } },
          },
        }),
      ),
    ).toEqual([]);
  });
});

describe('readiness with Redis unreachable', () => {
  it('stays 200 and says degraded, naming what Redis is for and never its password', async () => {
    // A port that accepts and immediately closes: no Redis behind it.
    const server = createServer(socket => socket.destroy());
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    try {
      const backend = await startTestBackend({
        features: [
          readinessServiceFactory,
          mockServices.rootConfig.factory({
            data: {
              backend: {
                database: { client: 'better-sqlite3', connection: ':memory:' },
                cache: {
                  store: 'redis',
                  connection: `redis://:secret@127.0.0.1:${port}`,
                },
              },
            },
          }),
        ],
      });
      const ready = await request(backend.server).get(
        '/.backstage/health/v1/readiness',
      );
      expect(ready.status).toBe(200);
      expect(ready.body).toEqual({
        status: 'degraded',
        message: expect.stringMatching(/^Redis unavailable \(cache\): /),
      });
      expect(ready.text).not.toContain('secret');
      await backend.stop();
    } finally {
      server.close();
    }
  });
});
