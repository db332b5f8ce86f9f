import path from 'node:path';
import { run } from './scaffolderHarness';

/**
 * What each generated repository's own test run must report: proof that its
 * tests ran (not zero of them) and passed.
 */
export const EXPECTED_TEST_REPORTS: Record<string, RegExp[]> = {
  'python-fastapi-service': [/All checks passed!/, /\b4 passed\b/],
  'typescript-node-service': [/# pass 4\n/, /# fail 0\n/],
  'go-service': [/^ok\s+github\.com\/acme-commerce\//m],
  'frontend-app': [/Tests\s+3 passed \(3\)/, /built in/],
};

/**
 * Each golden path's own checks, run inside the generated repository the way
 * its CI workflow runs them (dependencies from PyPI, npm and the Go proxy).
 */
export const REPO_CHECKS: Record<string, (dir: string) => Promise<string[]>> = {
  'python-fastapi-service': async dir => {
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
  },
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
};
