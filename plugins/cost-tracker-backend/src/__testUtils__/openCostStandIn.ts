import http from 'http';
import { AddressInfo } from 'net';

/** Costs of one allocation on one day, as OpenCost reports them. */
export type StandInCosts = {
  cpuCost: number;
  gpuCost?: number;
  ramCost: number;
  pvCost: number;
  networkCost: number;
  loadBalancerCost?: number;
  sharedCost?: number;
};

/**
 * A stand-in for the OpenCost API on 127.0.0.1: `GET /allocation/compute`
 * with `window=<start>,<end>` (RFC 3339), `aggregate`, `step=1d` and
 * `accumulate=false`, answering one allocation set per day in the shape of
 * OpenCost's `/allocation/compute` response.
 */
export async function startOpenCostStandIn(options: {
  /** aggregate → day (YYYY-MM-DD) → allocation name → costs */
  data: Record<string, Record<string, Record<string, StandInCosts>>>;
}) {
  const requests: URL[] = [];
  let failWith: number | undefined;

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(url);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (failWith) {
      send(failWith, {
        code: failWith,
        message: 'Error: prometheus query failed',
      });
      return;
    }
    if (req.method !== 'GET' || url.pathname !== '/allocation/compute') {
      send(404, { code: 404, message: `no route ${url.pathname}` });
      return;
    }
    const [startText, endText] = (url.searchParams.get('window') ?? '').split(
      ',',
    );
    const start = Date.parse(startText);
    const end = Date.parse(endText);
    if (Number.isNaN(start) || Number.isNaN(end) || end <= start) {
      send(400, { code: 400, message: `invalid window` });
      return;
    }
    if (url.searchParams.get('step') !== '1d') {
      send(400, { code: 400, message: 'this stand-in only knows step=1d' });
      return;
    }
    const aggregate = url.searchParams.get('aggregate') ?? '';
    const byDay = options.data[aggregate] ?? {};
    const sets: Array<Record<string, unknown>> = [];
    for (let t = start; t < end; t += 86400000) {
      const day = new Date(t).toISOString().slice(0, 10);
      const dayStart = `${day}T00:00:00Z`;
      const dayEnd = new Date(t + 86400000).toISOString().replace('.000Z', 'Z');
      const set: Record<string, unknown> = {};
      for (const [name, c] of Object.entries(byDay[day] ?? {})) {
        const totalCost =
          c.cpuCost +
          (c.gpuCost ?? 0) +
          c.ramCost +
          c.pvCost +
          c.networkCost +
          (c.loadBalancerCost ?? 0) +
          (c.sharedCost ?? 0);
        set[name] = {
          name,
          properties: {
            cluster: 'cluster-one',
            ...(aggregate.startsWith('label:')
              ? { labels: { [aggregate.slice(6)]: name } }
              : { namespace: name }),
          },
          window: { start: dayStart, end: dayEnd },
          start: dayStart,
          end: dayEnd,
          minutes: 1440,
          cpuCores: 0.5,
          cpuCoreRequestAverage: 0.5,
          cpuCoreUsageAverage: 0.2,
          cpuCoreHours: 12,
          cpuCost: c.cpuCost,
          cpuCostAdjustment: 0,
          cpuEfficiency: 0.4,
          gpuCount: 0,
          gpuHours: 0,
          gpuCost: c.gpuCost ?? 0,
          gpuCostAdjustment: 0,
          networkTransferBytes: 1024,
          networkReceiveBytes: 2048,
          networkCost: c.networkCost,
          networkCostAdjustment: 0,
          loadBalancerCost: c.loadBalancerCost ?? 0,
          loadBalancerCostAdjustment: 0,
          pvBytes: 10737418240,
          pvByteHours: 257698037760,
          pvCost: c.pvCost,
          pvs: null,
          pvCostAdjustment: 0,
          ramBytes: 536870912,
          ramByteRequestAverage: 536870912,
          ramByteUsageAverage: 268435456,
          ramByteHours: 12884901888,
          ramCost: c.ramCost,
          ramCostAdjustment: 0,
          ramEfficiency: 0.5,
          sharedCost: c.sharedCost ?? 0,
          externalCost: 0,
          totalCost,
          totalEfficiency: 0.45,
          rawAllocationOnly: null,
        };
      }
      sets.push(set);
    }
    send(200, { code: 200, data: sets });
  });

  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    /** Answer every request with this HTTP status until cleared. */
    failWith(status: number | undefined) {
      failWith = status;
    },
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

/** A port on 127.0.0.1 that refuses connections (nothing listens on it). */
export async function refusedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>(resolve => server.close(() => resolve()));
  return port;
}
