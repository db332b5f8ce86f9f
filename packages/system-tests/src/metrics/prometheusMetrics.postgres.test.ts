import { Entity } from '@backstage/catalog-model';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import {
  catalogDir,
  dropTestDatabases,
  findFreePort,
  productionEnv,
  repoRoot,
  RunningBackend,
  startBackendProcess,
  waitFor,
} from '../__testUtils__/runBackend';
import { loadCatalog } from '@internal/catalog-lint';
import {
  alertRuleMetricNames,
  metricNamesOf,
  readRuleGroups,
} from './__testUtils__/alertRules';
import { parsePrometheusText } from '@internal/test-fakes';

/*
 * Boots the real backend (every plugin, production config, PostgreSQL) with
 * the OpenTelemetry Prometheus exporter loaded exactly as `yarn start` loads
 * it (the --require of packages/backend's start script), computes the DevEx
 * metrics of the sample org in catalog/, and reads /metrics with a
 * Prometheus text parser: every metric an alert in monitoring/alert-rules.yaml
 * uses must be there.
 */
const token = 'metrics-test-static-token-0123456789abcdef';
// Databases of our own on the shared server: with a catalog left by an
// earlier run nothing is processed, and the processing metrics never appear.
const prefix = `metricstest${Date.now().toString(36)}_`;
jest.setTimeout(300_000);

const backendDir = path.join(repoRoot, 'packages/backend');
const rulesFile = path.join(repoRoot, 'monitoring/alert-rules.yaml');

/** The --require of the backend's start script, as an absolute path. */
function startScriptRequire(): string {
  const pkg = JSON.parse(
    fs.readFileSync(path.join(backendDir, 'package.json'), 'utf8'),
  );
  const m = String(pkg.scripts.start).match(/--require[= ](\S+)/);
  if (!m) {
    throw new Error(`start script has no --require: ${pkg.scripts.start}`);
  }
  return path.resolve(backendDir, m[1]);
}

/** Series names of a family as PromQL sees them. */
function seriesNames(name: string, type: string): string[] {
  return type === 'HISTOGRAM' || type === 'SUMMARY'
    ? [`${name}_bucket`, `${name}_sum`, `${name}_count`, name]
    : [name];
}

describe('PromQL metric names of the alert rules', () => {
  it('finds metrics, not functions, labels, strings or durations', () => {
    expect(
      metricNamesOf(
        'histogram_quantile(0.95, sum by (le) (rate(catalog_processing_queue_delay_bucket{job="x", le!="1e3"}[15m]))) > 6e2 and on (instance) up offset 5m',
      ).sort(),
    ).toEqual(['catalog_processing_queue_delay_bucket', 'up']);
  });
});

describe('Prometheus metrics of the backend', () => {
  let backend: RunningBackend;
  let metricsPort: number;

  beforeAll(async () => {
    metricsPort = await findFreePort();
    const instrumentation = startScriptRequire();
    backend = await startBackendProcess({
      configs: ['app-config.yaml', 'app-config.production.yaml'],
      env: baseUrl => ({
        ...productionEnv({ baseUrl, staticToken: token }),
        APP_CONFIG_backend_database_prefix: prefix,
        NODE_OPTIONS: `--require ${instrumentation}`,
        OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
        OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort),
      }),
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await dropTestDatabases(prefix);
  });

  async function api<T>(method: string, p: string): Promise<T> {
    const res = await fetch(`${backend.baseUrl}${p}`, {
      method,
      headers: { Authorization: `Bearer ${token}` },
    });
    if (!res.ok) throw new Error(`${p}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<T>;
  }

  it('computes the sample org and exports every metric the alert rules use', async () => {
    const components = loadCatalog(catalogDir)
      .entities.map(e => e.entity)
      .filter(e => e.kind === 'Component');
    await waitFor(
      backend,
      'the sample org in the catalog',
      async () => {
        const items = await api<Entity[]>(
          'GET',
          '/api/catalog/entities?filter=kind=component',
        );
        return items.length >= components.length ? items : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 1000 },
    );

    // Computed on demand with a service token (what POST /refresh serves)
    const snapshot = await api<{
      catalog: { servicesInCatalog: number; repositoriesDiscovered: number };
      goldenPath: { fromTemplate: number; executions: { template: string }[] };
      teams: { owner: string; services: number }[];
    }>('POST', '/api/devex-metrics/refresh');
    const slugs = new Set(
      components.map(c => c.metadata.annotations?.['github.com/project-slug']),
    );
    expect(snapshot.catalog.servicesInCatalog).toBe(components.length);
    expect(snapshot.catalog.repositoriesDiscovered).toBe(slugs.size);
    expect(snapshot.goldenPath.fromTemplate).toBe(
      components.filter(
        c => c.metadata.annotations?.['backstage.io/source-template'],
      ).length,
    );
    // every template the catalog registers (templates/all.yaml), listed
    // even before it ran
    const location = yaml.parse(
      fs.readFileSync(path.join(repoRoot, 'templates/all.yaml'), 'utf8'),
    ) as { spec: { targets: string[] } };
    const templates = location.spec.targets.map(
      target => `template:default/${path.basename(target, '.template.yaml')}`,
    );
    expect(templates.length).toBeGreaterThan(0);
    expect(snapshot.goldenPath.executions.map(e => e.template)).toEqual(
      expect.arrayContaining(templates),
    );
    expect(snapshot.teams.reduce((n, t) => n + t.services, 0)).toBe(
      components.length,
    );

    const used = alertRuleMetricNames(readRuleGroups(rulesFile));
    expect([...used.keys()]).toEqual(
      expect.arrayContaining([
        'services_in_catalog_total',
        'golden_path_usage_total',
        'template_executions_total',
        'catalog_processing_queue_delay_bucket',
      ]),
    );
    // A series appears once its first value is recorded (the catalog's
    // processing histograms after the processing loop's first rounds, later on
    // a busy machine): scrape until every series the alert rules use is there.
    let families: ReturnType<typeof parsePrometheusText> = new Map();
    let missing: string[] = [];
    let status = 0;
    await waitFor(
      backend,
      'every series the alert rules use',
      async () => {
        const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
        status = res.status;
        if (status !== 200) return true; // fails below, as any non-200 did
        families = parsePrometheusText(await res.text());
        const exported = new Set(
          [...families.values()].flatMap(f => seriesNames(f.name, f.type)),
        );
        exported.add('up');
        missing = [...used.entries()]
          .filter(([name]) => !exported.has(name))
          .map(([name, alerts]) => `${name} (used by ${alerts.join(', ')})`);
        return missing.length === 0 ? true : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 1000 },
    ).catch(() => undefined); // the assertions below say what is wrong
    // a 200 here is what Prometheus records as up == 1
    expect(status).toBe(200);
    expect(missing).toEqual([]);

    // the metric names, with their types
    expect(families.get('services_in_catalog_total')?.metrics[0].value).toBe(
      String(components.length),
    );
    expect(families.get('template_executions_total')?.type).toBe('COUNTER');
    expect(
      families
        .get('template_executions_total')
        ?.metrics.map(m => m.labels?.template)
        .filter(Boolean),
    ).toEqual(expect.arrayContaining(templates));
  });

  it('is started the same way by the production image', () => {
    const dockerfile = fs.readFileSync(
      path.join(repoRoot, 'Dockerfile'),
      'utf8',
    );
    const cmd = dockerfile.match(/^CMD (\[.*\])$/m);
    const args: string[] = JSON.parse(cmd![1]);
    const required = args[args.indexOf('--require') + 1];
    expect(args.indexOf('--require')).toBeGreaterThan(0);
    expect(dockerfile).toMatch(
      new RegExp(
        `^COPY .*packages/backend/src/instrumentation\\.js \\./(${path.posix.basename(
          required,
        )})?$`,
        'm',
      ),
    );
  });
});
