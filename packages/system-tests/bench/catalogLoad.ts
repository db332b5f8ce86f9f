/*
 * What the catalog read benchmarks share: the generated entities, the reads
 * (by-name, by-refs, by-query) and autocannon driving them.
 */
import autocannon from 'autocannon';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

/** `count` Components in one file, owned by 50 teams. */
export function writeEntities(dir: string, count: number): string {
  const docs = Array.from({ length: count }, (_, i) =>
    [
      'apiVersion: backstage.io/v1alpha1',
      'kind: Component',
      'metadata:',
      `  name: svc-${i}`,
      `  description: Generated service ${i} for the scale benchmark`,
      `  tags: [bench, tier-${i % 3}]`,
      'spec:',
      '  type: service',
      '  lifecycle: production',
      `  owner: group:default/team-${i % 50}`,
    ].join('\n'),
  );
  const file = path.join(dir, 'entities.yaml');
  writeFileSync(file, docs.join('\n---\n'));
  return file;
}

/** Components the catalog serves (0 while it cannot answer). */
export async function componentCount(
  baseUrl: string,
  token: string,
): Promise<number> {
  try {
    const res = await fetch(
      `${baseUrl}/api/catalog/entities/by-query?limit=1&filter=kind=component`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    return res.ok
      ? ((await res.json()) as { totalItems: number }).totalItems
      : 0;
  } catch {
    return 0;
  }
}

export type Endpoint = {
  name: string;
  request: () => { method: 'GET' | 'POST'; path: string; body?: string };
};

/** The three reads, over `count` generated entities. */
export function catalogEndpoints(count: number): Endpoint[] {
  const random = () => Math.floor(Math.random() * count);
  return [
    {
      name: 'GET by-name',
      request: () => ({
        method: 'GET',
        path: `/api/catalog/entities/by-name/component/default/svc-${random()}`,
      }),
    },
    {
      name: 'POST by-refs (20)',
      request: () => ({
        method: 'POST',
        path: '/api/catalog/entities/by-refs',
        body: JSON.stringify({
          entityRefs: Array.from(
            { length: 20 },
            () => `component:default/svc-${random()}`,
          ),
        }),
      }),
    },
    {
      name: 'GET by-query (20, owner)',
      request: () => ({
        method: 'GET',
        path: `/api/catalog/entities/by-query?limit=20&filter=kind=component,spec.owner=group:default/team-${
          random() % 50
        }&fields=kind,metadata.name,metadata.namespace,spec.owner`,
      }),
    },
  ];
}

/**
 * Each read held at its rate (the catalog's latency targets), plus the
 * selective query without its total count (`totalItems=exclude`), as a
 * picker asks it.
 */
export function rateRuns(
  count: number,
): { endpoint: Endpoint; rate: number }[] {
  const [byName, byRefs, byQuery] = catalogEndpoints(count);
  return [
    { endpoint: byName, rate: 500 },
    { endpoint: byRefs, rate: 200 },
    { endpoint: byQuery, rate: 50 },
    {
      endpoint: {
        name: 'GET by-query, no count',
        request: () => {
          const query = byQuery.request();
          return { ...query, path: `${query.path}&totalItems=exclude` };
        },
      },
      rate: 50,
    },
  ];
}

export type Figures = { rps: number; p50: number; p99: number; errors: string };

/**
 * Drives `endpoint` on every base URL at once (one autocannon each, the
 * connections split between them) for `seconds`, as fast as it answers or
 * at `overallRate` requests/s: requests/s is the sum, p50/p99 the worst.
 */
export async function load(options: {
  token: string;
  baseUrls: string[];
  endpoint: Endpoint;
  seconds: number;
  connections: number;
  overallRate?: number;
}): Promise<Figures> {
  const { baseUrls, endpoint, overallRate } = options;
  const results = await Promise.all(
    baseUrls.map(url =>
      autocannon({
        url,
        connections: Math.max(
          1,
          Math.round(options.connections / baseUrls.length),
        ),
        // A fixed rate (spread over the connections) instead of "as fast as
        // it answers": latency at a given load, not capacity.
        ...(overallRate ? { overallRate } : {}),
        duration: options.seconds,
        headers: {
          Authorization: `Bearer ${options.token}`,
          'Content-Type': 'application/json',
        },
        requests: [
          { setupRequest: req => ({ ...req, ...endpoint.request() }) },
        ],
      }),
    ),
  );
  return {
    rps: results.reduce((sum, r) => sum + r.requests.average, 0),
    p50: Math.max(...results.map(r => r.latency.p50)),
    p99: Math.max(...results.map(r => r.latency.p99)),
    // Anything but 200 (by status) and socket errors, e.g. "429:12 err:3".
    errors: results
      .flatMap(r => [
        ...Object.entries(r.statusCodeStats ?? {})
          .filter(([code]) => code !== '200')
          .map(([code, { count }]) => `${code}:${count}`),
        ...(r.errors ? [`err:${r.errors}`] : []),
      ])
      .join(' '),
  };
}

/**
 * Backend environment for reading generated entities at fixed rates: the
 * entities file and the org (people sign in as catalog Users; arrays
 * replace the configured list), no request logging (every call would
 * measure the logger), and capacity rather than the per-client limit
 * (backend.rateLimit): the load comes from one address, which the
 * dual-stack listener reports as ::ffff:127.0.0.1 (not in the default
 * loopback allow list).
 */
export function catalogLoadEnv(entitiesFile: string): Record<string, string> {
  return {
    APP_CONFIG_catalog_locations: JSON.stringify([
      { type: 'file', target: entitiesFile },
      {
        type: 'file',
        target: './catalog/org/users.yaml',
        rules: [{ allow: ['User'] }],
      },
      {
        type: 'file',
        target: './catalog/org/groups.yaml',
        rules: [{ allow: ['Group'] }],
      },
    ]),
    APP_CONFIG_catalog_rules: JSON.stringify([
      { allow: ['Component', 'Location'] },
    ]),
    LOG_LEVEL: 'warn',
    APP_CONFIG_backend_rateLimit_ipAllowList: JSON.stringify([
      '127.0.0.1',
      '::1',
      '::ffff:127.0.0.1',
    ]),
  };
}
