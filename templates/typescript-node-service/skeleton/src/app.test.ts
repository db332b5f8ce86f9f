import assert from 'node:assert/strict';
import { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { createApp } from './app.js';

const server = createApp();
let base = '';

before(async () => {
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => {
  server.close();
});

test('GET /health answers ok', async () => {
  const res = await fetch(`${base}/health`);
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { status: 'ok' });
});

test('GET /api/v1/hello/:name greets', async () => {
  const res = await fetch(`${base}/api/v1/hello/acme`);
  assert.deepEqual(await res.json(), { message: 'Hello, acme!' });
});

test('unknown paths are 404', async () => {
  const res = await fetch(`${base}/nope`);
  assert.equal(res.status, 404);
});

test('/metrics counts requests by route', async () => {
  await fetch(`${base}/api/v1/hello/a`);
  await fetch(`${base}/api/v1/hello/b`);
  const body = await (await fetch(`${base}/metrics`)).text();
  assert.match(
    body,
    /http_requests_total\{method="GET",route="\/api\/v1\/hello\/:name",status="200"\} 3/,
  );
  assert.match(body, /http_request_duration_seconds_bucket/);
});
