/*
 * The platform policies in both engines: the Rego rules (policies/, conftest)
 * and their Kyverno twins (policies/kyverno, the Kyverno CLI). Each engine's
 * own tests pass, both reject the deliberately bad workloads with a message
 * per broken rule, and on the same manifests they fail the same rules of the
 * same workloads. The golden paths' rendered charts go through both engines
 * in goldenPaths.test.ts (checkChartPolicies).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  KYVERNO_POLICIES_DIR,
  kyvernoApply,
  kyvernoPolicyFiles,
  policyTools,
  run,
} from '@internal/test-fakes';
import { REPO_ROOT } from './__testUtils__/goldenPathFiles';

jest.setTimeout(120_000);

const POLICIES = path.join(REPO_ROOT, 'policies');

/** The Rego rule (by its message) ↔ the Kyverno rules (policies/README.md). */
const RULES: { id: string; rego: RegExp; kyverno: string[] }[] = [
  {
    id: 'owner-label',
    rego: /^(\S+) (\S+) has no 'owner' label$/,
    kyverno: ['check-owner-label'],
  },
  {
    id: 'pod-owner-label',
    rego: /^(\S+) (\S+): pod template has no 'owner' label$/,
    kyverno: ['check-pod-owner-label', 'check-cronjob-pod-owner-label'],
  },
  {
    id: 'cpu-limits',
    rego: /^(\S+) (\S+): container \S+ has no CPU limit/,
    kyverno: ['check-cpu-limits', 'check-cronjob-cpu-limits'],
  },
  {
    id: 'pinned-images',
    rego: /^(\S+) (\S+): container \S+ uses unpinned image/,
    kyverno: ['check-pinned-images', 'check-cronjob-pinned-images'],
  },
];

/** conftest on manifests; its output whether or not a policy fails. */
async function conftest(files: string[], cwd: string): Promise<string> {
  const tools = await policyTools();
  return run(tools.conftest, ['test', '--no-color', '-p', POLICIES, ...files], {
    cwd,
  }).catch((e: Error) => e.message);
}

/** Failed rules as "Kind/name rule-id", from conftest's output. */
function regoFailures(output: string): string[] {
  const failures = new Set<string>();
  for (const line of output.split('\n')) {
    const m = line.match(/^FAIL - .* - main - (.*)$/);
    if (!m) continue;
    const rule = RULES.find(r => r.rego.test(m[1]));
    if (!rule) throw new Error(`a Rego message without a rule: ${m[1]}`);
    const [, kind, name] = m[1].match(rule.rego)!;
    failures.add(`${kind}/${name} ${rule.id}`);
  }
  return [...failures].sort();
}

/** Failed rules as "Kind/name rule-id", from `kyverno apply`'s output. */
function kyvernoFailures(output: string): string[] {
  const failures = new Set<string>();
  let resource = '';
  for (const line of output.split('\n')) {
    const policy = line.match(/^policy \S+ -> resource [^/]*\/(\S+) failed:$/);
    if (policy) {
      resource = policy[1];
      continue;
    }
    const m = line.match(/^\d+ - (\S+) validation /);
    if (!m) continue;
    const rule = RULES.find(r => r.kyverno.includes(m[1]));
    if (!rule) throw new Error(`a Kyverno rule without a Rego twin: ${m[1]}`);
    failures.add(`${resource} ${rule.id}`);
  }
  return [...failures].sort();
}

describe('platform policies (OPA/Rego and Kyverno)', () => {
  let workDir: string;

  beforeAll(async () => {
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'idp-policies-'));
  });

  afterAll(async () => {
    await fs.rm(workDir, { recursive: true, force: true });
  });

  it("pass their own tests: conftest verify and kyverno test's expected results", async () => {
    const { conftest: conftestBin, kyverno } = await policyTools();
    const verify = await run(
      conftestBin,
      ['verify', '--no-color', '-p', POLICIES],
      {
        cwd: workDir,
      },
    );
    expect(verify).toMatch(/17 tests, 17 passed, 0 warnings, 0 failures/);

    const test = await run(kyverno, ['test', KYVERNO_POLICIES_DIR], {
      cwd: workDir,
    });
    process.stdout.write(
      `[policies] kyverno test: ${test.match(/Test Summary: .*/)?.[0]}\n`,
    );
    // one result per (rule, resource) the test file lists; none may differ
    expect(test).toMatch(/Test Summary: 47 tests passed and 0 tests failed/);
    expect(test).not.toMatch(/Invalid Policy|Fail /);
    expect((await kyvernoPolicyFiles()).map(f => path.basename(f))).toEqual([
      'disallow-unpinned-images.yaml',
      'require-cpu-limits.yaml',
      'require-owner-label.yaml',
    ]);
  });

  it.each([
    {
      file: 'bad-deployment.yaml',
      kind: 'Deployment',
      name: 'bad-service',
      container: 'app',
    },
    {
      file: 'bad-cronjob.yaml',
      kind: 'CronJob',
      name: 'bad-job',
      container: 'job',
    },
    {
      file: 'bad-job.yaml',
      kind: 'Job',
      name: 'bad-migration',
      container: 'migrate',
    },
  ])(
    'both engines reject $file with a message per broken rule',
    async ({ file, kind, name, container }) => {
      const manifest = path.join(POLICIES, 'testdata', file);
      const opa = await conftest([manifest], workDir);
      const kyverno = await kyvernoApply([manifest], workDir).then(
        () => {
          throw new Error('kyverno apply passed a bad manifest');
        },
        (e: Error) => e.message,
      );
      process.stdout.write(`[policies] ${file}: conftest:\n${opa}\n`);
      process.stdout.write(`[policies] ${file}: kyverno:\n${kyverno}\n`);
      const all = RULES.map(r => `${kind}/${name} ${r.id}`).sort();
      expect(regoFailures(opa)).toEqual(all);
      expect(kyvernoFailures(kyverno)).toEqual(all);
      for (const message of [
        `${kind} ${name} has no 'owner' label`,
        `${kind} ${name}: pod template has no 'owner' label`,
        `${kind} ${name}: container ${container} has no CPU limit (resources.limits.cpu)`,
        `uses unpinned image ghcr.io/acme-commerce/${name}:latest (':latest' or no tag)`,
      ]) {
        expect(opa).toContain(message);
        expect(kyverno).toContain(message);
      }
    },
  );

  it('fail the same rules of the same workloads on the Kyverno test resources', async () => {
    const resources = path.join(KYVERNO_POLICIES_DIR, 'resources.yaml');
    const opa = regoFailures(await conftest([resources], workDir));
    const kyverno = kyvernoFailures(
      await kyvernoApply([resources], workDir).catch((e: Error) => e.message),
    );
    // every resource but the good ones (a Deployment, a CronJob, a Job and
    // a Job its CronJob created) breaks exactly one rule
    expect(opa).toHaveLength(16);
    expect(kyverno).toEqual(opa);
  });
});
