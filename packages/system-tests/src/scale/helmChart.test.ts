/*
 * charts/acme-portal, rendered by helm as a release would be: values checked
 * by values.schema.json (helm lint --strict), the rendered manifests checked
 * against the platform policies (policies/, conftest) and against what
 * running several replicas needs. helm and conftest come from
 * `. scripts/bootstrap.sh node policy` (pinned; scripts/test.sh does it).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
// The golden paths' helm + conftest runner (same binaries, same errors).
import { policyTools, run } from '@internal/test-fakes';
import { repoRoot } from '../__testUtils__/runBackend';

jest.setTimeout(120_000);

const CHART = path.join(repoRoot, 'charts/acme-portal');
const PRODUCTION = path.join(CHART, 'values-production.yaml');

type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec: any;
};

/** `helm template` with the production values plus `--set` overrides. */
async function render(set: string[] = []): Promise<Manifest[]> {
  const { helm } = await policyTools();
  const out = await run(
    helm,
    [
      'template',
      'acme-portal',
      CHART,
      '-f',
      PRODUCTION,
      ...set.flatMap(s => ['--set', s]),
    ],
    { cwd: repoRoot },
  );
  return parseAllDocuments(out)
    .map(d => d.toJSON())
    .filter(Boolean);
}

/** The helm error for values that break values.schema.json. */
async function renderError(set: string[]): Promise<string> {
  return render(set).then(
    () => 'rendered without error',
    (e: Error) => e.message,
  );
}

const byKind = (manifests: Manifest[], kind: string) =>
  manifests.filter(m => m.kind === kind);

describe('charts/acme-portal', () => {
  let manifests: Manifest[];
  let deployment: Manifest;
  let container: any;

  beforeAll(async () => {
    manifests = await render();
    [deployment] = byKind(manifests, 'Deployment');
    container = deployment.spec.template.spec.containers[0];
  });

  it('passes helm lint --strict (values.schema.json) with default and production values', async () => {
    const { helm } = await policyTools();
    const out = await run(helm, ['lint', '--strict', CHART, '-f', PRODUCTION], {
      cwd: repoRoot,
    });
    expect(out).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
    await run(helm, ['lint', '--strict', CHART], { cwd: repoRoot });
  });

  it('passes the platform policies (policies/, conftest) and they catch a violation', async () => {
    const { conftest } = await policyTools();
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'idp-chart-'));
    try {
      const check = async (docs: Manifest[]) => {
        const file = path.join(dir, 'rendered.yaml');
        await fs.writeFile(
          file,
          docs.map(d => JSON.stringify(d)).join('\n---\n'),
        );
        return run(
          conftest,
          ['test', '--no-color', '-p', path.join(repoRoot, 'policies'), file],
          { cwd: dir },
        ).catch((e: Error) => e.message);
      };
      expect(await check(manifests)).toMatch(/ 0 failures/);
      // The same chart with no CPU limit: the policy refuses it.
      const noLimit = structuredClone(manifests);
      delete byKind(noLimit, 'Deployment')[0].spec.template.spec.containers[0]
        .resources.limits.cpu;
      expect(await check(noLimit)).toMatch(/has no CPU limit/);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('runs 2+ replicas: HorizontalPodAutoscaler from 2, or replicaCount >= 2 without it', async () => {
    const [hpa] = byKind(manifests, 'HorizontalPodAutoscaler');
    expect(hpa.spec.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: deployment.metadata.name,
    });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas);
    // The HPA owns the count; a fixed replicas field would fight it.
    expect(deployment.spec.replicas).toBeUndefined();

    const fixed = await render(['autoscaling.enabled=false']);
    expect(byKind(fixed, 'HorizontalPodAutoscaler')).toEqual([]);
    expect(byKind(fixed, 'Deployment')[0].spec.replicas).toBe(2);
    expect(await renderError(['replicaCount=1'])).toMatch(
      /replicaCount.*minimum: got 1, want 2/,
    );
    expect(await renderError(['autoscaling.minReplicas=1'])).toMatch(
      /minReplicas.*minimum: got 1, want 2/,
    );
  });

  it('keeps one replica through voluntary disruptions (PodDisruptionBudget)', async () => {
    const [pdb] = byKind(manifests, 'PodDisruptionBudget');
    expect(pdb.spec.minAvailable).toBeGreaterThanOrEqual(1);
    expect(pdb.spec.selector.matchLabels).toEqual(
      deployment.spec.selector.matchLabels,
    );
    expect(deployment.spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
  });

  it("probes Backstage's health endpoints and sets requests and limits", () => {
    const probe = (p: any) => ({ path: p.httpGet.path, port: p.httpGet.port });
    expect(probe(container.readinessProbe)).toEqual({
      path: '/.backstage/health/v1/readiness',
      port: 'http',
    });
    expect(probe(container.livenessProbe)).toEqual({
      path: '/.backstage/health/v1/liveness',
      port: 'http',
    });
    expect(probe(container.startupProbe).path).toBe(
      '/.backstage/health/v1/readiness',
    );
    expect(container.ports).toEqual(
      expect.arrayContaining([
        { name: 'http', containerPort: 7007 },
        { name: 'metrics', containerPort: 9464 },
      ]),
    );
    for (const kind of ['requests', 'limits']) {
      expect(Object.keys(container.resources[kind]).sort()).toEqual([
        'cpu',
        'memory',
      ]);
    }
  });

  it('pins the image (never :latest) and labels everything with its owner', async () => {
    expect(container.image).toBe(
      'ghcr.io/acme-commerce/idp-portal:2026.11.24-1fc1c67',
    );
    expect(await renderError(['image.tag=latest'])).toMatch(
      /image\/tag.*'not' failed/,
    );
    for (const m of manifests) {
      expect([m.kind, m.metadata.labels?.owner]).toEqual([m.kind, 'platform']);
    }
    expect(deployment.spec.template.metadata.labels.owner).toBe('platform');
  });

  it('serves HTTPS through the Ingress and scrapes /metrics on 9464 (ServiceMonitor)', () => {
    const [ingress] = byKind(manifests, 'Ingress');
    expect(ingress.spec.tls).toEqual([
      {
        hosts: ['portal.acme-commerce.com'],
        secretName: 'portal-acme-commerce-com-tls',
      },
    ]);
    const [service] = byKind(manifests, 'Service');
    const backend = ingress.spec.rules[0].http.paths[0].backend.service;
    expect(backend).toEqual({
      name: service.metadata.name,
      port: { name: 'http' },
    });
    const [monitor] = byKind(manifests, 'ServiceMonitor');
    expect(monitor.spec.endpoints).toEqual([
      { port: 'metrics', path: '/metrics', interval: '30s' },
    ]);
    expect(monitor.spec.selector.matchLabels).toEqual(service.spec.selector);
    expect(service.spec.ports).toEqual(
      expect.arrayContaining([
        { name: 'metrics', port: 9464, targetPort: 'metrics' },
      ]),
    );
  });

  it('reads secrets only from a Secret (ExternalSecret or existing), never from values', async () => {
    const env: Array<{ name: string; value?: string }> = container.env;
    const names = env.map(e => e.name);
    // The external PostgreSQL and the production config's variables.
    expect(Object.fromEntries(env.map(e => [e.name, e.value]))).toMatchObject({
      BACKSTAGE_BASE_URL: 'https://portal.acme-commerce.com',
      POSTGRES_HOST: 'portal-db.rds.acme-commerce.internal',
      POSTGRES_PORT: '5432',
      POSTGRES_USER: 'backstage',
      PGSSLMODE: 'verify-full',
    });
    for (const secret of ['POSTGRES_PASSWORD', 'REDIS_URL', 'GITHUB_TOKEN']) {
      expect(names).not.toContain(secret);
    }
    const [external] = byKind(manifests, 'ExternalSecret');
    expect(container.envFrom).toEqual([
      { secretRef: { name: external.spec.target.name } },
    ]);
    expect(external.spec.dataFrom).toEqual([
      { extract: { key: 'platform/acme-portal/production' } },
    ]);
    expect(byKind(manifests, 'Secret')).toEqual([]);

    const existing = await render(['secrets.existingSecret=portal-env']);
    expect(byKind(existing, 'ExternalSecret')).toEqual([]);
    expect(
      byKind(existing, 'Deployment')[0].spec.template.spec.containers[0]
        .envFrom,
    ).toEqual([{ secretRef: { name: 'portal-env' } }]);
    expect(await renderError(['env.REDIS_URL=redis://x'])).toMatch(
      /env.*REDIS_URL/,
    );
  });
});
