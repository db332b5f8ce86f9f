import { mockServices } from '@backstage/backend-test-utils';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import express from 'express';
import request from 'supertest';
import { identityEncodingForLocalCallers } from './loopbackCompression';

/**
 * The middleware in front of Backstage's own compression middleware, as
 * loopbackUncompressedRootHttpRouterServiceFactory puts it; supertest calls
 * from 127.0.0.1.
 */
function app() {
  const middleware = MiddlewareFactory.create({
    config: mockServices.rootConfig(),
    logger: mockServices.logger.mock(),
  });
  return express()
    .use(identityEncodingForLocalCallers)
    .use(middleware.compression())
    .get('/entities', (_req, res) => {
      res.json({
        items: Array.from({ length: 500 }, (_, i) => ({ name: `svc-${i}` })),
      });
    });
}

describe('identityEncodingForLocalCallers', () => {
  it('answers a caller on this host uncompressed, although it asks for gzip', async () => {
    const res = await request(app())
      .get('/entities')
      .set('Accept-Encoding', 'gzip');
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body.items).toHaveLength(500);
  });

  it('leaves compression to Backstage for a caller a proxy relayed', async () => {
    const res = await request(app())
      .get('/entities')
      .set('Accept-Encoding', 'gzip')
      .set('X-Forwarded-For', '203.0.113.7');
    expect(res.headers['content-encoding']).toBe('gzip');
    // (superagent inflates it)
    expect(res.body.items).toHaveLength(500);
  });
});
