import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import {
  Counter,
  Histogram,
  Registry,
  collectDefaultMetrics,
} from 'prom-client';

/** Creates the HTTP server: /health, /metrics (Prometheus) and the API. */
export function createApp(): Server {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route and status code',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method and route',
    labelNames: ['method', 'route'],
    registers: [registry],
  });

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const handle = async (
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<string> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'GET' && url.pathname === '/health') {
      send(res, 200, { status: 'ok' });
      return '/health';
    }
    if (req.method === 'GET' && url.pathname === '/metrics') {
      res.writeHead(200, { 'content-type': registry.contentType });
      res.end(await registry.metrics());
      return '/metrics';
    }
    const hello = /^\/api\/v1\/hello\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && hello) {
      send(res, 200, { message: `Hello, ${decodeURIComponent(hello[1])}!` });
      return '/api/v1/hello/:name';
    }
    send(res, 404, { error: 'not found' });
    return 'unmatched';
  };

  return createServer((req, res) => {
    const end = latency.startTimer({ method: req.method });
    handle(req, res)
      .then(route => {
        if (route !== '/metrics') {
          end({ route });
          requests.inc({ method: req.method, route, status: res.statusCode });
        }
      })
      .catch(error => {
        send(res, 500, { error: String(error) });
      });
  });
}
