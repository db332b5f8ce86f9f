/*
 * The checks a repository generated from a golden path must pass: its own
 * lint and tests, run the way its CI workflow runs them, and its Helm chart
 * against the platform policies (helm + conftest). Shared by the golden
 * paths' tests, the upgrade tests (an upgraded repository passes them too)
 * and the portal chart's test.
 */
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { findFreePort } from './ports';

/** The repository root (templates/, policies/, charts/). */
const REPO_ROOT = resolvePackagePath('@internal/test-fakes', '../..');

/** Runs a command; resolves with its output, rejects with it on failure. */
export function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      command,
      args,
      {
        cwd: options.cwd,
        // npm_config_nodedir (bootstrap, for node-gyp) only makes npm warn.
        env: {
          ...process.env,
          npm_config_nodedir: undefined,
          NO_COLOR: '1',
          CI: 'true',
          ...options.env,
        },
        maxBuffer: 64 * 1024 * 1024,
        timeout: 600_000,
      },
      (error, stdout, stderr) => {
        const out = `${stdout}${stderr}`;
        if (error) {
          reject(
            new Error(
              `${command} ${args.join(' ')} failed (${error.code}):\n${out}`,
            ),
          );
        } else {
          resolve(out);
        }
      },
    );
    if (options.input !== undefined) {
      child.stdin?.end(options.input);
    }
  });
}

/**
 * One of the binaries `idp_bootstrap policy` installs: the pinned one of
 * scripts/bootstrap.sh, else the one on PATH.
 */
export async function findPolicyTool(
  bin: 'helm' | 'conftest' | 'kyverno',
): Promise<string> {
  const dirs = [
    path.join(
      process.env.IDP_TOOLS_DIR ??
        path.join(os.homedir(), '.cache/idp-portal-tools'),
      'policy-bin',
    ),
    ...(process.env.PATH ?? '').split(path.delimiter),
  ];
  for (const dir of dirs) {
    const candidate = path.join(dir, bin);
    if (
      await fs.access(candidate, fs.constants.X_OK).then(
        () => true,
        () => false,
      )
    ) {
      return candidate;
    }
  }
  throw new Error(`${bin} not found; run: . scripts/bootstrap.sh node policy`);
}

/** The helm, conftest and Kyverno CLI binaries from `idp_bootstrap policy`. */
export async function policyTools(): Promise<{
  helm: string;
  conftest: string;
  kyverno: string;
}> {
  return {
    helm: await findPolicyTool('helm'),
    conftest: await findPolicyTool('conftest'),
    kyverno: await findPolicyTool('kyverno'),
  };
}

/** The Kyverno twins of the Rego policies (ClusterPolicies). */
export const KYVERNO_POLICIES_DIR = path.join(REPO_ROOT, 'policies/kyverno');

/** The ClusterPolicy files of policies/kyverno (not its test and resources). */
export async function kyvernoPolicyFiles(): Promise<string[]> {
  const files = (await fs.readdir(KYVERNO_POLICIES_DIR)).sort();
  const policies: string[] = [];
  for (const file of files.filter(f => f.endsWith('.yaml'))) {
    const text = await fs.readFile(
      path.join(KYVERNO_POLICIES_DIR, file),
      'utf8',
    );
    if (/^kind: ClusterPolicy$/m.test(text)) {
      policies.push(path.join(KYVERNO_POLICIES_DIR, file));
    }
  }
  return policies;
}

/**
 * `kyverno apply` of the platform ClusterPolicies to manifest files.
 * Resolves with its output; rejects (with it) when a rule fails or errors.
 */
export async function kyvernoApply(
  files: string[],
  cwd: string,
): Promise<string> {
  const { kyverno } = await policyTools();
  const output = await run(
    kyverno,
    [
      'apply',
      ...(await kyvernoPolicyFiles()),
      ...files.flatMap(file => ['--resource', file]),
    ],
    { cwd },
  );
  // exit code 0 with errors would hide a broken policy
  const summary = kyvernoSummary(output);
  if (summary.error > 0 || summary.fail > 0) {
    throw new Error(`kyverno apply reported errors:\n${output}`);
  }
  return output;
}

/** The closing counts of `kyverno apply` ("pass: 4, fail: 0, ..."). */
export function kyvernoSummary(output: string): {
  pass: number;
  fail: number;
  warn: number;
  error: number;
  skip: number;
} {
  const m = output.match(
    /pass: (\d+), fail: (\d+), warn: (\d+), error: (\d+), skip: (\d+)/,
  );
  if (!m) throw new Error(`no kyverno apply summary in:\n${output}`);
  const [pass, fail, warn, error, skip] = m.slice(1).map(Number);
  return { pass, fail, warn, error, skip };
}

/**
 * Renders a chart with its production values and evaluates the platform
 * policies on that render with both engines: policies/ (Rego) with conftest,
 * then policies/kyverno with `kyverno apply`. Returns both outputs, conftest's
 * first; rejects when a policy of either fails.
 */
export async function checkChartPolicies(repoDir: string): Promise<string> {
  const { helm, conftest } = await policyTools();
  const rendered = await run(
    helm,
    [
      'template',
      // a valid release name whatever the directory is called
      path
        .basename(repoDir)
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, '-')
        .slice(0, 53),
      'chart',
      '-f',
      'chart/values-production.yaml',
    ],
    { cwd: repoDir },
  );
  await fs.writeFile(path.join(repoDir, 'rendered.yaml'), rendered);
  const opa = await run(
    conftest,
    [
      'test',
      '--no-color',
      '-p',
      path.join(REPO_ROOT, 'policies'),
      'rendered.yaml',
    ],
    { cwd: repoDir },
  );
  const kyverno = await kyvernoApply(['rendered.yaml'], repoDir);
  return `${opa.trim()}\n${kyverno.trim()}`;
}

/**
 * What each generated repository's own test run must report: proof that its
 * tests ran (not zero of them) and passed.
 */
export const EXPECTED_TEST_REPORTS: Record<string, RegExp[]> = {
  'python-fastapi-service': [/All checks passed!/, /\b4 passed\b/],
  'typescript-node-service': [/# pass 4\n/, /# fail 0\n/],
  'go-service': [/^ok\s+github\.com\/acme-commerce\//m],
  'frontend-app': [/Tests\s+3 passed \(3\)/, /built in/],
  'data-pipeline': [
    /All checks passed!/,
    /\b20 passed\b/,
    /done: 24 records read, 1 rejected, \d+ rows written/,
  ],
  'ml-model-serving': [
    /All checks passed!/,
    /\b20 passed\b/,
    /trained iris-classifier [0-9a-f]{12}: accuracy (0\.9\d*|1\.0+) on 30 held-out samples/,
    /served iris-classifier [0-9a-f]{12}: ready after [\d.]+ s; \/predict: setosa, virginica/,
    /without its model \/health answered 503 \(ModelError: no model at /,
  ],
};

/**
 * A Python golden path's checks, as its CI's lint-and-test action runs them:
 * a virtualenv with the project and its dev dependencies, ruff, pytest.
 */
async function pythonChecks(dir: string): Promise<string[]> {
  await run('python3', ['-m', 'venv', '.venv'], { cwd: dir });
  const bin = (b: string) => path.join(dir, '.venv/bin', b);
  await run(
    bin('pip'),
    ['install', '--quiet', '--disable-pip-version-check', '-e', '.[dev]'],
    { cwd: dir },
  );
  return [
    await run(bin('ruff'), ['check', '.'], { cwd: dir }),
    await run(bin('ruff'), ['format', '--check', '.'], { cwd: dir }),
    await run(bin('pytest'), ['-q', '-p', 'no:cacheprovider'], {
      cwd: dir,
    }),
  ];
}

type ModelHealth = {
  status: string;
  model?: string;
  model_version?: string;
  error?: string;
};

/**
 * Runs the ML model service as its image does (uvicorn, MODEL_PATH), polls
 * /health until the model is loaded or failed to load, hands the running
 * service to `use`, and stops it.
 */
async function withModelService<T>(
  dir: string,
  modelPath: string,
  use: (
    base: string,
    health: { code: number; body: ModelHealth },
  ) => Promise<T>,
): Promise<T> {
  const port = await findFreePort();
  const child = spawn(
    path.join(dir, '.venv/bin/uvicorn'),
    ['app.main:app', '--host', '127.0.0.1', '--port', String(port)],
    {
      cwd: dir,
      env: { ...process.env, MODEL_PATH: modelPath, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  child.stdout.on('data', chunk => (log += chunk));
  child.stderr.on('data', chunk => (log += chunk));
  const exited = new Promise<void>(resolve =>
    child.once('exit', () => resolve()),
  );
  const base = `http://127.0.0.1:${port}`;
  try {
    const started = Date.now();
    for (;;) {
      if (child.exitCode !== null) {
        throw new Error(
          `the model service exited (${child.exitCode}):\n${log}`,
        );
      }
      if (Date.now() - started > 60_000) {
        throw new Error(
          `the model service did not settle within 60 s:\n${log}`,
        );
      }
      const res = await fetch(`${base}/health`).catch(() => undefined);
      if (!res) {
        // uvicorn is still starting
        await new Promise(resolve => setTimeout(resolve, 100));
        continue;
      }
      const body: ModelHealth = await res.json();
      if (body.status !== 'loading') {
        return await use(base, { code: res.status, body });
      }
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

/**
 * The ML model service run on a missing artefact (never ready: 503 and why)
 * and on the one its training wrote (ready; two predictions, the model's
 * version in the answer and in the prediction latency histogram).
 */
async function serveModel(dir: string, modelPath: string): Promise<string> {
  const missing = await withModelService(
    dir,
    path.join(dir, 'model/missing.joblib'),
    async (_, health) => `${health.code} (${health.body.error})`,
  );
  if (!missing.startsWith('503 ')) {
    throw new Error(`ready without a model: /health ${missing}`);
  }
  const started = Date.now();
  const served = await withModelService(
    dir,
    modelPath,
    async (base, health) => {
      if (health.code !== 200 || health.body.status !== 'ok') {
        throw new Error(
          `not ready: /health ${health.code} ${JSON.stringify(health.body)}`,
        );
      }
      const ready = (Date.now() - started) / 1000;
      const res = await fetch(`${base}/predict`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          instances: [
            {
              sepal_length: 5.1,
              sepal_width: 3.5,
              petal_length: 1.4,
              petal_width: 0.2,
            },
            {
              sepal_length: 6.3,
              sepal_width: 3.3,
              petal_length: 6.0,
              petal_width: 2.5,
            },
          ],
        }),
      });
      if (res.status !== 200) {
        throw new Error(`POST /predict: ${res.status} ${await res.text()}`);
      }
      const body = await res.json();
      const version = health.body.model_version;
      const metrics = await (await fetch(`${base}/metrics`)).text();
      const counted = `model_prediction_duration_seconds_count{model_version="${version}"} 1.0`;
      if (body.model_version !== version || !metrics.includes(counted)) {
        throw new Error(
          `the prediction or its metrics name another model than /health (${version}):\n${JSON.stringify(
            body,
          )}\n${metrics}`,
        );
      }
      return `served ${
        health.body.model
      } ${version}: ready after ${ready.toFixed(
        1,
      )} s; /predict: ${body.predictions
        .map((p: { label: string }) => p.label)
        .join(', ')}`;
    },
  );
  return `without its model /health answered ${missing}\n${served}`;
}

/**
 * Each golden path's own checks, run inside the generated repository the way
 * its CI workflow runs them (dependencies from PyPI, npm and the Go proxy).
 */
export const REPO_CHECKS: Record<string, (dir: string) => Promise<string[]>> = {
  'python-fastapi-service': pythonChecks,
  'typescript-node-service': async dir => {
    await run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir });
    return [
      await run('npm', ['run', 'lint'], { cwd: dir }),
      await run('npm', ['test'], { cwd: dir }),
    ];
  },
  'go-service': async dir => {
    const gofmt = await run('gofmt', ['-l', '.'], { cwd: dir });
    if (gofmt.trim()) throw new Error(`gofmt would change: ${gofmt}`);
    return [
      await run('go', ['vet', './...'], { cwd: dir }),
      await run('go', ['test', '-count=1', './...'], { cwd: dir }),
    ];
  },
  'frontend-app': async dir => {
    await run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir });
    return [
      await run('npm', ['run', 'lint'], { cwd: dir }),
      await run('npm', ['test'], { cwd: dir }),
      await run('npm', ['run', 'build'], { cwd: dir }),
    ];
  },
  // ... and one run of the job on its sample input, as its CI runs it.
  'data-pipeline': async dir => [
    ...(await pythonChecks(dir)),
    await run(
      path.join(dir, '.venv/bin/python'),
      [
        '-m',
        'pipeline',
        '--input',
        'data/sample-orders.csv',
        '--output',
        path.join(dir, 'output/daily-revenue.jsonl'),
      ],
      { cwd: dir },
    ),
  ],
  // ... its model trained as the image's build stage trains it, and the
  // service run on that artefact as the image runs it.
  'ml-model-serving': async dir => {
    const checks = await pythonChecks(dir);
    const modelPath = path.join(dir, 'model/model.joblib');
    const trained = await run(
      path.join(dir, '.venv/bin/python'),
      ['-m', 'app.train', '--output', modelPath],
      { cwd: dir },
    );
    return [...checks, trained, await serveModel(dir, modelPath)];
  },
};
