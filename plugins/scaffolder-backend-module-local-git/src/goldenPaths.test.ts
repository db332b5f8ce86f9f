import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import yaml from 'yaml';
import {
  checkChartPolicies,
  EXPECTED_TEST_REPORTS,
  kyvernoSummary,
  policyTools,
  REPO_CHECKS,
  run,
} from '@internal/test-fakes';
import { REPO_ROOT, TEMPLATE_NAMES } from './__testUtils__/goldenPathFiles';
import {
  ScaffolderHarness,
  startScaffolderBackend,
} from './__testUtils__/scaffolderHarness';

// Each test runs scaffolder tasks and stops a backend: far beyond jest's
// 5 s on a busy 2-core machine.
jest.setTimeout(180_000);

const exists = (p: string) =>
  fs.stat(p).then(
    () => true,
    () => false,
  );

/** What the base of a golden path is told it generates (templates/README.md). */
function baseValuesOf(template: any): {
  postgresFrom: 'claim-secret' | 'external-secret';
  workload: { kind: 'deployment' | 'cronjob'; schedule?: string };
} {
  return template.spec.steps.find((s: any) => s.id === 'fetch-base').input
    .values;
}

/** The pod template of a rendered Deployment or CronJob. */
function podTemplateOf(workload: any) {
  return workload.kind === 'CronJob'
    ? workload.spec.jobTemplate.spec.template
    : workload.spec.template;
}

/**
 * "Need Postgres?": the FastAPI and data-pipeline golden paths provision it
 * with Crossplane; the others receive DATABASE_URL through their
 * ExternalSecret.
 */
async function expectDatabaseWiring(
  template: any,
  dir: string,
  name: string,
  docs: any[],
  workload: any,
  harness: ScaffolderHarness,
) {
  if (baseValuesOf(template).postgresFrom === 'claim-secret') {
    await expectCrossplaneDatabase(dir, name, workload, harness);
    return;
  }
  const externalSecret = docs.find(d => d.kind === 'ExternalSecret');
  expect(externalSecret.spec.data).toEqual([
    expect.objectContaining({ secretKey: 'DATABASE_URL' }),
  ]);
}

/**
 * "Need Postgres?" on a Crossplane golden path (GitOps mode, the default):
 * the Crossplane claim is in the repo, the database is a catalog Resource
 * next to the component, and the workload (Deployment or CronJob) reads the
 * claim's connection secret.
 */
async function expectCrossplaneDatabase(
  dir: string,
  name: string,
  workload: any,
  harness?: ScaffolderHarness,
) {
  const claim = yaml.parse(
    await fs.readFile(
      path.join(dir, 'deploy/crossplane/database.yaml'),
      'utf8',
    ),
  );
  expect(claim).toMatchObject({
    apiVersion: 'db.example.org/v1alpha1',
    kind: 'PostgreSQLDatabase',
    metadata: { name: `${name}-db`, namespace: 'team-checkout' },
    spec: {
      parameters: { storageGB: 100, tier: 'medium', region: 'eu-west-1' },
      writeConnectionSecretToRef: { name: `${name}-db-conn` },
    },
  });
  const catalogDocs = yaml
    .parseAllDocuments(
      await fs.readFile(path.join(dir, 'catalog-info.yaml'), 'utf8'),
    )
    .map(d => d.toJS());
  expect(catalogDocs).toContainEqual(
    expect.objectContaining({
      kind: 'Resource',
      metadata: expect.objectContaining({ name: `${name}-db` }),
      spec: expect.objectContaining({
        type: 'database',
        owner: 'group:default/team-checkout',
        dependencyOf: [`component:default/${name}`],
      }),
    }),
  );
  // The Crossplane card: committed, not applied yet (no cluster has it).
  if (harness) {
    const claims = await harness.api(
      'GET',
      `/api/crossplane/claims?entityRef=component:default/${name}`,
    );
    expect(claims.status).toBe(200);
    expect(claims.body.items).toEqual([]);
    expect(claims.body.committed).toEqual([
      expect.objectContaining({
        state: 'committed',
        path: 'deploy/crossplane/database.yaml',
        kind: 'PostgreSQLDatabase',
        namespace: 'team-checkout',
        name: `${name}-db`,
      }),
    ]);
  }
  const env = podTemplateOf(workload).spec.containers[0].env;
  expect(env).toEqual(
    expect.arrayContaining([
      {
        name: 'DB_PASSWORD',
        valueFrom: {
          secretKeyRef: { name: `${name}-db-conn`, key: 'password' },
        },
      },
      {
        name: 'DB_HOST',
        valueFrom: {
          secretKeyRef: { name: `${name}-db-conn`, key: 'endpoint' },
        },
      },
    ]),
  );
}

/**
 * A scheduled batch job (the data-pipeline golden path): a CronJob on the
 * schedule from the form that never overlaps itself, retries and is pinned;
 * alerts for its owner; a runbook that says how to rerun it by hand.
 */
async function expectScheduledJob(
  dir: string,
  name: string,
  schedule: string,
  docs: any[],
) {
  const cronJob = docs.find(d => d.kind === 'CronJob');
  expect(cronJob.spec).toMatchObject({
    schedule,
    concurrencyPolicy: 'Forbid',
    jobTemplate: {
      metadata: { labels: { owner: 'team-checkout' } },
      spec: {
        backoffLimit: expect.any(Number),
        activeDeadlineSeconds: expect.any(Number),
        template: {
          metadata: { labels: { owner: 'team-checkout' } },
          spec: { restartPolicy: 'Never' },
        },
      },
    },
  });
  expect(podTemplateOf(cronJob).spec.containers[0].image).toBe(
    `ghcr.io/acme-commerce/${name}:0.1.0`,
  );
  const rule = docs.find(d => d.kind === 'PrometheusRule');
  expect(
    rule.spec.groups[0].rules.map((r: any) => [
      r.alert,
      r.labels.owner,
      r.labels.cronjob,
    ]),
  ).toEqual([
    ['CronJobRunFailed', 'team-checkout', name],
    ['CronJobNoRecentSuccess', 'team-checkout', name],
  ]);
  const runbook = await fs.readFile(path.join(dir, 'docs/runbook.md'), 'utf8');
  expect(runbook).toContain(`create job --from=cronjob/${name}`);
  expect(runbook).toContain('CronJobRunFailed');
}

/** What a golden path's chart has besides the platform's objects. */
const OWN_CHART_KINDS: Record<string, string[]> = {
  'ml-model-serving': ['PrometheusRule'],
};

/**
 * The ML model serving golden path: ready only once its model is loaded
 * (the readiness probe reads /health, which answers 503 before; its own
 * checks start it without and with the model), the model trained when the
 * image is built, alerts for its owner on an unavailable model, slow or
 * failing predictions, and a model card and runbook in its TechDocs.
 */
async function expectModelServing(dir: string, name: string, docs: any[]) {
  const deployment = docs.find(d => d.kind === 'Deployment');
  const container = deployment.spec.template.spec.containers[0];
  expect(container.readinessProbe.httpGet).toEqual({
    path: '/health',
    port: 'http',
  });
  const rules = docs.find(d => d.kind === 'PrometheusRule').spec.groups[0]
    .rules;
  expect(
    rules.map((r: any) => [r.alert, r.labels.owner, r.labels.service]),
  ).toEqual([
    ['ModelServingUnavailable', 'team-checkout', name],
    ['PredictionLatencyHigh', 'team-checkout', name],
    ['PredictionErrorsHigh', 'team-checkout', name],
  ]);
  // the service's own prediction latency histogram, by model version
  expect(rules[1].expr).toContain(
    `model_prediction_duration_seconds_bucket{namespace="default", job="${name}"}`,
  );
  expect(rules[1].expr).toContain('> 0.1');
  // trained in the image's build stage, served from the artefact it wrote
  const dockerfile = await fs.readFile(path.join(dir, 'Dockerfile'), 'utf8');
  expect(dockerfile).toMatch(/^RUN \/venv\/bin\/python -m app\.train /m);
  expect(dockerfile).toMatch(/^COPY --from=build \/app\/model \.\/model$/m);
  const api = await fs.readFile(path.join(dir, 'docs/api.md'), 'utf8');
  expect(api).toContain('[Model card](model-card.md)');
  expect(api).toContain('[Runbook: the model](model-runbook.md)');
  const card = await fs.readFile(path.join(dir, 'docs/model-card.md'), 'utf8');
  expect(card).toContain('load_iris');
  const runbook = await fs.readFile(
    path.join(dir, 'docs/model-runbook.md'),
    'utf8',
  );
  for (const text of [
    'ModelServingUnavailable',
    'PredictionLatencyHigh',
    'PredictionErrorsHigh',
    `helm -n ${name} rollback ${name} <revision>`,
  ]) {
    expect(runbook).toContain(text);
  }
}

/**
 * The CI of a generated repository: its workflow and the local actions the
 * workflow uses (`uses: ./.github/actions/...`, the language's own steps).
 */
async function ciDefinition(dir: string): Promise<string> {
  const workflow = await fs.readFile(
    path.join(dir, '.github/workflows/ci.yaml'),
    'utf8',
  );
  const localActions = Object.values<any>(yaml.parse(workflow).jobs)
    .flatMap(job => job.steps ?? [])
    .map(step => step.uses)
    .filter((uses?: string) => uses?.startsWith('./'));
  const actions = await Promise.all(
    localActions.map((uses: string) =>
      fs.readFile(path.join(dir, uses, 'action.yaml'), 'utf8'),
    ),
  );
  return [workflow, ...actions].join('\n');
}

/** The readiness scorecard of the new service, as its entity page shows it. */
async function scorecardOf(harness: ScaffolderHarness, name: string) {
  const res = await harness.api(
    'GET',
    `/api/devex-metrics/scorecard?entityRef=component:default/${name}`,
  );
  expect(res.status).toBe(200);
  return res.body as {
    level: string | null;
    checks: { id: string; passed: boolean; reason?: string }[];
  };
}

/**
 * Gold on our own scorecard with PagerDuty answering (CI found in the
 * repository's .github/workflows, dashboard link, the team's PagerDuty
 * service, runbook and TechDocs, owner, lifecycle, golden path); silver
 * with the reason when PagerDuty is not configured.
 */
async function expectGold(harness: ScaffolderHarness, name: string) {
  const gold = await scorecardOf(harness, name);
  process.stdout.write(
    `[golden-path] ${name}: readiness ${gold.level} (${gold.checks
      .filter(c => !c.passed)
      .map(c => `${c.id}: ${c.reason}`)
      .join('; ')})\n`,
  );
  expect(gold.checks.filter(c => !c.passed)).toEqual([]);
  expect(gold.level).toBe('gold');

  harness.pagerDuty.configured = false;
  try {
    const silver = await scorecardOf(harness, name);
    expect(silver.level).toBe('silver');
    expect(silver.checks.filter(c => !c.passed)).toEqual([
      {
        id: 'on-call',
        title: 'On-call (PagerDuty)',
        passed: false,
        reason: 'PagerDuty is not configured',
      },
    ]);
    process.stdout.write(
      `[golden-path] ${name}: readiness without PagerDuty ${
        silver.level
      } (on-call: ${silver.checks.find(c => c.id === 'on-call')?.reason})\n`,
    );
  } finally {
    harness.pagerDuty.configured = true;
  }
}

describe('golden-path templates through the real scaffolder', () => {
  let harness: ScaffolderHarness;
  let workDir: string;
  /** The golden paths generated below. */
  const exercised = new Set<string>();

  beforeAll(async () => {
    const started = await startScaffolderBackend();
    harness = started;
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'idp-golden-'));
    for (const name of TEMPLATE_NAMES) {
      await started.waitFor(`template ${name} in the catalog`, () =>
        started.getEntity(`template:default/${name}`),
      );
    }
    await harness.waitFor('group team-checkout', () =>
      harness.getEntity('group:default/team-checkout'),
    );
  }, 120_000);

  afterAll(async () => {
    await harness?.stop();
    if (workDir) await fs.rm(workDir, { recursive: true, force: true });
  });

  it.each(TEMPLATE_NAMES)(
    '%s: publishes to local git, registers, and the repo passes its own checks and the policies',
    async templateName => {
      exercised.add(templateName);
      const name = `gp-${templateName}`.slice(0, 40).replace(/-$/, '');
      const template = await harness.getEntity(
        `template:default/${templateName}`,
      );
      const { workload } = baseValuesOf(template);
      const schedule = '30 3 * * *';
      const started = Date.now();
      const submitted = await harness.submit(templateName, {
        name,
        description: `Generated by the ${templateName} test`,
        owner: 'group:default/team-checkout',
        system: 'system:default/developer-platform',
        needPostgres: true,
        postgresSize: 'medium',
        publishTo: 'local',
        ...(workload.kind === 'cronjob' ? { schedule } : {}),
      });
      expect(submitted.status).toBe(201);
      const task = await harness.waitForTask(submitted.body.id);
      expect(task).toMatchObject({ status: 'completed', error: undefined });
      // acme:catalog:wait: a completed task means the entity is served now.
      const entity = await harness.getEntity(`component:default/${name}`);
      expect(entity).toBeTruthy();
      const seconds = (Date.now() - started) / 1000;
      process.stdout.write(
        `[golden-path] ${templateName}: entity visible after ${seconds.toFixed(
          1,
        )} s\n`,
      );

      // Catalog entity: owner, system, techdocs, template + version.
      expect(entity.spec).toMatchObject({
        owner: 'group:default/team-checkout',
        system: 'system:default/developer-platform',
        lifecycle: 'experimental',
      });
      expect(entity.metadata.annotations).toMatchObject({
        'backstage.io/techdocs-ref': 'dir:.',
        'backstage.io/source-template': `template:default/${templateName}`,
        'acme.io/template-version':
          template.metadata.annotations['acme.io/template-version'],
        'acme.io/postgres-size': 'medium',
      });
      expect(task.output?.links).toEqual([
        {
          title: 'Open in catalog',
          icon: 'catalog',
          entityRef: `component:default/${name}`,
        },
      ]);
      // No CI annotation: the scorecard finds CI in .github/workflows.
      expect(entity.metadata.annotations).not.toHaveProperty(
        'github.com/project-slug',
      );
      // Its dashboard, linked from the catalog.
      expect(entity.metadata.annotations['grafana/dashboard-selector']).toBe(
        `tags @> '${name}'`,
      );
      expect(entity.metadata.links).toContainEqual(
        expect.objectContaining({
          type: 'dashboard',
          url: `https://grafana.acme.example/d/${name}`,
        }),
      );
      // Its runbook: the TechDocs page inside the portal.
      expect(entity.metadata.links).toContainEqual(
        expect.objectContaining({
          title: 'Runbook',
          type: 'runbook',
          url: `http://localhost:3000/docs/default/component/${name}/runbook/`,
        }),
      );

      // Local git: no file:// link (no browser opens it) but how to clone it.
      expect(JSON.stringify(task.output)).not.toContain('file://');
      const [text] = task.output?.text ?? [];
      expect(text.title).toBe('Clone the repository');
      const cloneCommand = text.content.match(/^git clone (\S+) (\S+)$/m);
      expect(cloneCommand?.slice(1)).toEqual([
        path.join(harness.gitDir, 'repos', `${name}.git`),
        name,
      ]);
      expect(text.content).toContain(
        path.join(harness.gitDir, 'checkouts', name),
      );

      // A real git repository: a bare repo with one commit on main, cloned.
      const bare = path.join(harness.gitDir, 'repos', `${name}.git`);
      const log = await run('git', ['log', '--oneline', 'main'], { cwd: bare });
      expect(log.trim().split('\n')).toHaveLength(1);
      // ... cloned with the command the task showed.
      const dir = path.join(workDir, name);
      await run('git', ['clone', '--quiet', cloneCommand![1], name], {
        cwd: workDir,
      });

      // The portal's own readiness scorecard: gold, with PagerDuty resolving
      // the owner team's default service.
      await expectGold(harness, name);

      // Everything a production service needs is in the generated repo.
      for (const file of [
        'Dockerfile',
        'catalog-info.yaml',
        'mkdocs.yml',
        'docs/index.md',
        'docs/development.md',
        'docs/architecture.md',
        'docs/runbook.md',
        'docs/api.md',
        '.github/workflows/ci.yaml',
        '.github/actions/lint-and-test/action.yaml',
        'chart/Chart.yaml',
        'chart/templates/deployment.yaml',
        'chart/templates/service.yaml',
        'chart/templates/ingress.yaml',
        'chart/templates/servicemonitor.yaml',
        'chart/templates/externalsecret.yaml',
        'chart/templates/dashboard-configmap.yaml',
        'chart/dashboards/overview.json',
        ...(workload.kind === 'cronjob'
          ? [
              'chart/templates/cronjob.yaml',
              'chart/templates/prometheusrule.yaml',
            ]
          : []),
      ]) {
        expect(await exists(path.join(dir, file))).toBe(true);
      }
      const mkdocs = yaml.parse(
        await fs.readFile(path.join(dir, 'mkdocs.yml'), 'utf8'),
      );
      expect(mkdocs.theme).toEqual({ name: 'material', font: false });
      // TechDocs' navigation shows every page it generates
      const navPages = mkdocs.nav.flatMap((entry: Record<string, string>) =>
        Object.values(entry),
      );
      expect([...navPages].sort()).toEqual(
        (await fs.readdir(path.join(dir, 'docs'))).sort(),
      );
      const ci = await ciDefinition(dir);
      for (const step of [
        'Lint',
        'Test',
        'docker/build-push-action',
        'anchore/sbom-action',
        'cosign sign',
        'aquasecurity/trivy-action',
        ...(workload.kind === 'cronjob'
          ? ['Run the job on the sample input']
          : []),
        ...(templateName === 'ml-model-serving' ? ['Train the model'] : []),
      ]) {
        expect(ci).toContain(step);
      }

      // The rendered chart: Deployment (CronJob) with owner label and
      // resources, the database's secret, and the policies pass.
      const policyOutput = await checkChartPolicies(dir);
      process.stdout.write(
        `[golden-path] ${templateName}: policies: ${policyOutput.trim()}\n`,
      );
      expect(policyOutput).toMatch(
        /\d+ tests, \d+ passed, 0 warnings, 0 failures/,
      );
      const docs = yaml
        .parseAllDocuments(
          await fs.readFile(path.join(dir, 'rendered.yaml'), 'utf8'),
        )
        .map(d => d.toJS());
      // Kyverno on the same render: its four rules held for each workload
      // (owner label, pod owner label, CPU limits, pinned images).
      const workloads = docs.filter(d =>
        ['Deployment', 'CronJob'].includes(d.kind),
      );
      expect(workloads.length).toBeGreaterThan(0);
      expect(kyvernoSummary(policyOutput)).toEqual({
        pass: 4 * workloads.length,
        fail: 0,
        warn: 0,
        error: 0,
        skip: 0,
      });
      const kinds = docs.map(d => d.kind).sort();
      // a batch job: its CronJob and alerts instead of a service's objects
      const expectedKinds =
        workload.kind === 'cronjob'
          ? ['ConfigMap', 'CronJob', 'ExternalSecret', 'PrometheusRule']
          : [
              'ConfigMap',
              'Deployment',
              'ExternalSecret',
              'Ingress',
              'Service',
              'ServiceMonitor',
              ...(OWN_CHART_KINDS[templateName] ?? []),
            ].sort();
      expect(kinds).toEqual(expectedKinds);
      const workloadDoc = docs.find(d =>
        ['Deployment', 'CronJob'].includes(d.kind),
      );
      expect(workloadDoc.metadata.labels.owner).toBe('team-checkout');
      expect(
        podTemplateOf(workloadDoc).spec.containers[0].resources,
      ).toMatchObject({
        requests: { cpu: expect.any(String), memory: expect.any(String) },
        limits: { cpu: expect.any(String), memory: expect.any(String) },
      });
      if (workload.kind === 'cronjob') {
        await expectScheduledJob(dir, name, schedule, docs);
      }
      if (templateName === 'ml-model-serving') {
        await expectModelServing(dir, name, docs);
      }
      await expectDatabaseWiring(
        template,
        dir,
        name,
        docs,
        workloadDoc,
        harness,
      );

      // The Grafana dashboard: a ConfigMap the Grafana sidecar loads, with
      // the dashboard the catalog links to.
      const configMap = docs.find(d => d.kind === 'ConfigMap');
      expect(configMap.metadata.labels).toMatchObject({
        grafana_dashboard: '1',
        owner: 'team-checkout',
      });
      const dashboard = JSON.parse(configMap.data[`${name}.json`]);
      expect(dashboard).toMatchObject({
        uid: name,
        title: name,
        tags: expect.arrayContaining([name]),
      });
      expect(dashboard.panels.map((p: any) => p.title)).toEqual(
        expect.arrayContaining(
          workload.kind === 'cronjob'
            ? ['Hours since the last successful run', 'Failed runs']
            : ['Requests per second', 'Pods up'],
        ),
      );

      // The generated repository's own lint, tests and build.
      const outputs = (await REPO_CHECKS[templateName](dir)).join('\n');
      for (const expected of EXPECTED_TEST_REPORTS[templateName]) {
        expect(outputs).toMatch(expected);
      }
      process.stdout.write(
        `[golden-path] ${templateName}: own checks passed: ${outputs
          .split('\n')
          .filter(l =>
            EXPECTED_TEST_REPORTS[templateName].some(r => r.test(`${l}\n`)),
          )
          .map(l => l.trim())
          .join(' | ')}\n`,
      );
    },
    600_000,
  );

  it('generated every golden path of templates/all.yaml', () => {
    expect(TEMPLATE_NAMES.length).toBeGreaterThan(0);
    expect([...exercised].sort()).toEqual([...TEMPLATE_NAMES].sort());
  });

  it('rejects a name that is not a DNS-1123 label in the API (400) and creates nothing', async () => {
    const res = await harness.submit('go-service', {
      name: 'Bad_Name',
      owner: 'group:default/team-checkout',
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('does not match pattern');
    expect(await exists(path.join(harness.gitDir, 'repos/Bad_Name.git'))).toBe(
      false,
    );
  });

  it('fails early on an unknown owner and creates nothing', async () => {
    const res = await harness.submit('go-service', {
      name: 'orphan-service',
      owner: 'group:default/no-such-team',
      publishTo: 'local',
    });
    expect(res.status).toBe(201);
    const task = await harness.waitForTask(res.body.id);
    expect(task.status).toBe('failed');
    expect(task.error).toContain(
      'Owner "group:default/no-such-team" was not found in the catalog',
    );
    expect(
      await exists(path.join(harness.gitDir, 'repos/orphan-service.git')),
    ).toBe(false);
    expect(
      await exists(path.join(harness.gitDir, 'checkouts/orphan-service')),
    ).toBe(false);
    const locations = await harness.api('GET', '/api/catalog/locations');
    expect(JSON.stringify(locations.body)).not.toContain('orphan-service');
  });

  it('fails early on a name already in the catalog and changes nothing', async () => {
    const name = 'twice-service';
    const first = await harness.submit('go-service', {
      name,
      owner: 'group:default/team-checkout',
      publishTo: 'local',
    });
    expect((await harness.waitForTask(first.body.id)).status).toBe('completed');
    expect(await harness.getEntity(`component:default/${name}`)).toBeTruthy();
    const bare = path.join(harness.gitDir, 'repos', `${name}.git`);
    const headBefore = await run('git', ['rev-parse', 'main'], { cwd: bare });
    const locationsBefore = await harness.api('GET', '/api/catalog/locations');

    const second = await harness.submit('python-fastapi-service', {
      name,
      owner: 'group:default/team-checkout',
      publishTo: 'local',
    });
    const task = await harness.waitForTask(second.body.id);
    expect(task.status).toBe('failed');
    expect(task.error).toContain(
      `Name "${name}" is already taken in the catalog by component:default/${name}`,
    );
    expect(await run('git', ['rev-parse', 'main'], { cwd: bare })).toBe(
      headBefore,
    );
    const locationsAfter = await harness.api('GET', '/api/catalog/locations');
    expect(locationsAfter.body).toEqual(locationsBefore.body);
  });

  /** conftest on one manifest of policies/testdata; rejects when a policy fails. */
  async function conftestOn(testdata: string): Promise<string> {
    const dir = await fs.mkdtemp(path.join(workDir, 'bad-'));
    await fs.copyFile(
      path.join(REPO_ROOT, 'policies/testdata', testdata),
      path.join(dir, 'bad.yaml'),
    );
    const { conftest } = await policyTools();
    return run(
      conftest,
      [
        'test',
        '--no-color',
        '-p',
        path.join(REPO_ROOT, 'policies'),
        'bad.yaml',
      ],
      { cwd: dir },
    );
  }

  it('policies fail on a deliberately bad Deployment', async () => {
    await expect(conftestOn('bad-deployment.yaml')).rejects.toThrow(
      /has no 'owner' label[\s\S]*no CPU limit[\s\S]*unpinned image .*:latest/,
    );
    const { conftest } = await policyTools();
    const verify = await run(
      conftest,
      ['verify', '--no-color', '-p', path.join(REPO_ROOT, 'policies')],
      { cwd: workDir },
    );
    expect(verify).toMatch(/17 tests, 17 passed/);
  });

  it('policies fail on a deliberately bad CronJob', async () => {
    await expect(conftestOn('bad-cronjob.yaml')).rejects.toThrow(
      /CronJob bad-job has no 'owner' label[\s\S]*CronJob bad-job: container job has no CPU limit[\s\S]*unpinned image .*:latest/,
    );
  });

  it('policies fail on a deliberately bad Job (a Helm hook)', async () => {
    await expect(conftestOn('bad-job.yaml')).rejects.toThrow(
      /Job bad-migration has no 'owner' label[\s\S]*Job bad-migration: container migrate has no CPU limit[\s\S]*unpinned image .*:latest/,
    );
  });
});
