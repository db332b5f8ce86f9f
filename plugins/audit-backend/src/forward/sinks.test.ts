import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import type { AuditEventRecord } from '@internal/backstage-plugin-audit-common';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  batchIdempotencyKey,
  FileSink,
  HttpSink,
  readSinkFromConfig,
} from './sinks';

const records: AuditEventRecord[] = ['a', 'b'].map(id => ({
  id,
  correlationId: `c-${id}`,
  occurredAt: '2026-11-24T10:00:00.000Z',
  plugin: 'catalog',
  eventId: 'entity-mutate',
  action: 'catalog.entity-mutate.refresh',
  severityLevel: 'medium',
  status: 'succeeded',
  outcome: 'allowed',
  actor: { actorId: 'user:default/ada' },
  entityRefs: ['component:default/payments'],
}));

type Received = { headers: IncomingMessage['headers']; body: string };

/** A SIEM collector on 127.0.0.1 answering with the given statuses in turn. */
async function startCollector(statuses: number[]) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', chunk => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      const status = statuses.shift() ?? 200;
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(status >= 400 ? `collector says ${status}` : 'ok');
    });
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/ingest`,
    received,
    close: () => new Promise(r => server.close(r)),
  };
}

describe('HttpSink', () => {
  const logger = mockServices.logger.mock();

  it('posts JSON lines with the configured headers, retrying a 503 until accepted', async () => {
    const collector = await startCollector([503, 502, 200]);
    try {
      const sink = new HttpSink({
        url: collector.url,
        headers: { authorization: 'Bearer siem-token' },
        initialBackoffMs: 10,
        logger,
      });
      await sink.send(records);
      expect(collector.received).toHaveLength(3);
      const last = collector.received[2];
      expect(last.headers['content-type']).toBe('application/x-ndjson');
      expect(last.headers.authorization).toBe('Bearer siem-token');
      // every attempt of the batch carries the same idempotency key, and
      // every line its record's id
      const keys = collector.received.map(r => r.headers['idempotency-key']);
      expect(keys[0]).toMatch(/^[\w-]{43}$/);
      expect(new Set(keys).size).toBe(1);
      expect(keys[0]).not.toBe(batchIdempotencyKey([records[1], records[0]]));
      expect(
        last.body
          .trim()
          .split('\n')
          .map(line => JSON.parse(line).id),
      ).toEqual(['a', 'b']);
      expect(last.body.split('\n')).toEqual([
        JSON.stringify(records[0]),
        JSON.stringify(records[1]),
        '',
      ]);
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining(
          'attempt 1 of 4 failed (HTTP 503 Service Unavailable: collector says 503)',
        ),
      );
    } finally {
      await collector.close();
    }
  });

  it('gives up after maxAttempts with an error naming the collector and the last answer', async () => {
    const collector = await startCollector([500, 500, 500]);
    try {
      const sink = new HttpSink({
        url: collector.url,
        maxAttempts: 3,
        initialBackoffMs: 5,
        logger,
      });
      await expect(sink.send(records)).rejects.toThrow(
        `audit sink ${collector.url} did not accept 2 records after 3 attempts: HTTP 500 Internal Server Error: collector says 500`,
      );
      expect(collector.received).toHaveLength(3);
    } finally {
      await collector.close();
    }
  });

  it('does not retry a 400 (it will not heal by itself)', async () => {
    const collector = await startCollector([400]);
    try {
      const sink = new HttpSink({
        url: collector.url,
        initialBackoffMs: 5,
        logger,
      });
      await expect(sink.send(records)).rejects.toThrow(
        'after 1 attempt: HTTP 400',
      );
      expect(collector.received).toHaveLength(1);
    } finally {
      await collector.close();
    }
  });

  it('retries when nothing listens and reports the connection error', async () => {
    const collector = await startCollector([]);
    await collector.close();
    const sink = new HttpSink({
      url: collector.url,
      maxAttempts: 2,
      initialBackoffMs: 5,
      logger,
    });
    await expect(sink.send(records)).rejects.toThrow(
      /after 2 attempts: TypeError/,
    );
  });
});

describe('FileSink', () => {
  it('appends one JSON object per line, creating the directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'audit-sink-'));
    try {
      const path = join(dir, 'nested', 'audit.jsonl');
      const sink = new FileSink(path);
      await sink.send(records.slice(0, 1));
      await sink.send(records.slice(1));
      const lines = (await readFile(path, 'utf8')).split('\n');
      expect(lines).toEqual([
        JSON.stringify(records[0]),
        JSON.stringify(records[1]),
        '',
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('readSinkFromConfig', () => {
  const logger = mockServices.logger.mock();
  const read = (sink?: JsonObject) =>
    readSinkFromConfig(
      new ConfigReader(sink ? { audit: { sink } } : {}),
      logger,
    );

  it('reads a file or an http sink', () => {
    expect(read(undefined)).toBeUndefined();
    expect(read({ file: { path: '/var/log/audit.jsonl' } })?.description).toBe(
      'file /var/log/audit.jsonl',
    );
    expect(
      read({
        http: {
          url: 'https://siem.example.com/collect?token=x',
          headers: { authorization: 'Bearer y' },
        },
      })?.description,
    ).toBe('https://siem.example.com/collect');
  });

  it('treats an http sink without url (unset environment variable) as none', () => {
    expect(read({ http: { headers: { authorization: 'x' } } })).toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(
      'audit.sink.http has no url: audit records are stored but not forwarded',
    );
  });

  it('refuses ambiguous or broken sinks with a clear error', () => {
    expect(() =>
      read({ file: { path: 'a' }, http: { url: 'https://siem' } }),
    ).toThrow('audit.sink: configure either file or http, not both');
    expect(() => read({ http: { url: 'not a url' } })).toThrow(
      "audit.sink.http.url is not a URL: 'not a url'",
    );
    expect(() => read({ http: { url: 'ftp://siem/x' } })).toThrow(
      "audit.sink.http.url must be http(s), got 'ftp:'",
    );
  });
});
