/*
 * The checks a repository generated from a golden path must pass: its own
 * lint and tests, run the way its CI workflow runs them, and its Helm chart
 * against the platform policies (helm + conftest). Shared by the golden
 * paths' tests, the upgrade tests (an upgraded repository passes them too)
 * and the portal chart's test.
 */
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

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

/** The helm and conftest binaries from `idp_bootstrap policy`. */
export async function policyTools(): Promise<{
  helm: string;
  conftest: string;
}> {
  const dirs = [
    path.join(
      process.env.IDP_TOOLS_DIR ??
        path.join(os.homedir(), '.cache/idp-portal-tools'),
      'policy-bin',
    ),
    ...(process.env.PATH ?? '').split(path.delimiter),
  ];
  const find = async (bin: string) => {
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
    throw new Error(
      `${bin} not found; run: . scripts/bootstrap.sh node policy`,
    );
  };
  return { helm: await find('helm'), conftest: await find('conftest') };
}

/**
 * Renders a chart with its production values and evaluates policies/ with
 * conftest. Returns conftest's output; rejects when a policy fails.
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
  return run(
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
};
