import {
  GOLDEN_PATH_RECORD_PATH,
  GoldenPathRecord,
} from '@internal/backstage-plugin-golden-paths-common';
import {
  checkChartPolicies,
  EXPECTED_TEST_REPORTS,
  REPO_CHECKS,
} from '@internal/test-fakes';
import path from 'node:path';
import {
  checkout as checkoutRemote,
  startUpgradeBackend,
  teamEdits as teamEditsRemote,
} from './__testUtils__/upgradeBackend';
import { git } from './service/git';

// Besides the upgrades, the upgraded repositories run their own checks.
jest.setTimeout(600_000);

const V1 = '1.3.2';
const OWNER = 'group:default/team-checkout';

describe('golden-path upgrades, with the real scaffolder and real git', () => {
  let portal: Awaited<ReturnType<typeof startUpgradeBackend>>;

  const bare = (name: string) =>
    path.join(portal.gitDir, 'repos', `${name}.git`);
  const checkout = (name: string, branch = 'main') =>
    checkoutRemote(portal.tmp, { url: bare(name) }, branch);
  const teamEdits = (
    name: string,
    edits: Record<string, (text: string) => string>,
  ) => teamEditsRemote(portal.tmp, { url: bare(name) }, edits);
  const generate = (template: string, name: string) =>
    portal.generate(template, name);
  const upgrade = (name: string) => portal.upgrade(name);
  const api = (method: string, url: string, body?: unknown) =>
    portal.api(method, url, body);

  beforeAll(async () => {
    portal = await startUpgradeBackend({ owner: OWNER });
  });

  afterAll(async () => {
    await portal?.stop();
  });

  it('records how a service was made, keeps that version, and upgrades older services by three-way merge onto one branch', async () => {
    await generate('python-fastapi-service', 'orders');
    await generate('python-fastapi-service', 'billing');
    await generate('go-service', 'inventory');

    // The record: template, version, values, content hash.
    const generated = await checkout('orders');
    const record = JSON.parse(
      await generated.read(GOLDEN_PATH_RECORD_PATH),
    ) as GoldenPathRecord;
    expect(record).toEqual({
      templateRef: 'template:default/python-fastapi-service',
      templateVersion: V1,
      parameters: { name: 'orders', owner: OWNER, publishTo: 'local' },
      contentHash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    });

    // The portal keeps the current version of each golden path.
    const kept = await api('POST', '/api/golden-paths/templates/versions');
    expect(kept.status).toBe(200);
    expect(
      kept.body.items.map((v: any) => `${v.templateRef}@${v.version}`),
    ).toEqual([
      `template:default/go-service@${V1}`,
      `template:default/python-fastapi-service@${V1}`,
    ]);

    // A service on the latest version gets nothing.
    expect(await upgrade('orders')).toEqual({
      status: 'up-to-date',
      entityRef: 'component:default/orders',
      version: V1,
    });

    // The teams change their services: application code, and in orders one
    // line the template is about to change as well.
    const ordersMain = await teamEdits('orders', {
      'app/main.py': t => `${t}\n# orders: our own endpoint goes here\n`,
      Dockerfile: t =>
        t.replace(
          'FROM python:3.12-slim AS build',
          'FROM python:3.12-slim-bookworm AS build',
        ),
    });
    await teamEdits('billing', {
      'app/main.py': t => `${t}\n# billing: our own endpoint goes here\n`,
      'chart/values.yaml': t => t.replace('    cpu: 500m', '    cpu: 750m'),
    });
    await teamEdits('inventory', {
      'main.go': t => `${t}\n// inventory: our own code\n`,
    });

    // The platform team releases 2.0.0 of both golden paths.
    await portal.releaseVersion2(V1);

    // orders: the base image line was changed on both sides → conflict markers.
    const orders = await upgrade('orders');
    expect(orders).toMatchObject({
      status: 'upgrade',
      entityRef: 'component:default/orders',
      templateRef: 'template:default/python-fastapi-service',
      fromVersion: V1,
      toVersion: '2.0.0',
      branch: 'golden-path/upgrade',
      state: 'conflicts',
      conflicts: [{ path: 'Dockerfile', reason: 'both-changed' }],
      baseVerified: true,
    });
    expect(orders.status === 'upgrade' && orders.changedFiles).toEqual([
      '.dockerignore',
      '.github/workflows/ci.yaml',
      'Dockerfile',
      // both name the golden path's version
      'catalog-info.yaml',
      'chart/values.yaml',
      'docs/index.md',
    ]);
    const ordersBranch = await checkout('orders', 'golden-path/upgrade');
    expect(await ordersBranch.read('app/main.py')).toContain(
      '# orders: our own endpoint goes here',
    );
    const dockerfile = await ordersBranch.read('Dockerfile');
    expect(dockerfile).toContain('<<<<<<< main (your team)');
    expect(dockerfile).toContain('FROM python:3.12-slim-bookworm AS build');
    expect(dockerfile).toContain(
      '>>>>>>> template:default/python-fastapi-service 2.0.0',
    );
    expect(dockerfile).toContain('FROM python:3.13-slim AS build');
    // the runtime stage the team left alone takes the new image without a conflict
    expect(dockerfile).toMatch(/^FROM python:3\.13-slim\nRUN useradd/m);
    expect(await ordersBranch.read('chart/values.yaml')).toContain(
      'replicaCount: 1\nlogLevel: info\n',
    );
    expect(await ordersBranch.read('.github/workflows/ci.yaml')).toContain(
      '- name: Check licences',
    );
    expect(await ordersBranch.exists('.dockerignore')).toBe(false);
    expect(await ordersBranch.read('catalog-info.yaml')).toContain(
      "acme.io/template-version: '2.0.0'",
    );
    const upgradedRecord = JSON.parse(
      await ordersBranch.read(GOLDEN_PATH_RECORD_PATH),
    );
    expect(upgradedRecord).toMatchObject({
      templateVersion: '2.0.0',
      // the new question takes its default
      parameters: {
        name: 'orders',
        owner: OWNER,
        publishTo: 'local',
        logLevel: 'info',
      },
    });
    // the default branch is never touched
    expect(await git(['rev-parse', 'main'], bare('orders'))).toBe(ordersMain);
    expect(
      await git(['rev-parse', 'golden-path/upgrade^'], bare('orders')),
    ).toBe(ordersMain);

    // billing: the team's change to a template-owned file merges cleanly.
    const billing = await upgrade('billing');
    expect(billing).toMatchObject({
      status: 'upgrade',
      state: 'clean',
      conflicts: [],
    });
    const billingBranch = await checkout('billing', 'golden-path/upgrade');
    const values = await billingBranch.read('chart/values.yaml');
    expect(values).toContain('    cpu: 750m');
    expect(values).toContain('logLevel: info');
    expect(await billingBranch.read('Dockerfile')).not.toContain('<<<<<<<');

    // inventory, from the other golden path: clean too, its Go code kept.
    const inventory = await upgrade('inventory');
    expect(inventory).toMatchObject({
      status: 'upgrade',
      templateRef: 'template:default/go-service',
      state: 'clean',
    });
    const inventoryBranch = await checkout('inventory', 'golden-path/upgrade');
    expect(await inventoryBranch.read('main.go')).toContain(
      '// inventory: our own code',
    );
    expect(await inventoryBranch.read('chart/values.yaml')).toContain(
      'logLevel: info',
    );

    // The upgraded repositories still pass their own lint and tests, the
    // way their CI runs them, and their charts pass the platform policies.
    for (const [template, branch] of [
      ['python-fastapi-service', billingBranch],
      ['go-service', inventoryBranch],
    ] as const) {
      const output = (await REPO_CHECKS[template](branch.dir)).join('\n');
      for (const report of EXPECTED_TEST_REPORTS[template]) {
        expect(output).toMatch(report);
      }
      expect(await checkChartPolicies(branch.dir)).toMatch(
        /\d+ tests, \d+ passed, 0 warnings, 0 failures/,
      );
    }

    // Running again updates nothing: same branch, same commit, one record.
    const again = await upgrade('orders');
    expect(again.status === 'upgrade' && again.commit).toBe(
      orders.status === 'upgrade' && orders.commit,
    );
    const branches = await git(['branch', '--list'], bare('orders'));
    expect(
      branches
        .split('\n')
        .map(b => b.replace('*', '').trim())
        .sort(),
    ).toEqual(['golden-path/upgrade', 'main']);
    const listed = await api('GET', '/api/golden-paths/upgrades');
    expect(
      listed.body.items.map((u: any) => [
        u.entityRef,
        u.fromVersion,
        u.toVersion,
        u.state,
      ]),
    ).toEqual([
      ['component:default/billing', V1, '2.0.0', 'clean'],
      ['component:default/inventory', V1, '2.0.0', 'clean'],
      ['component:default/orders', V1, '2.0.0', 'conflicts'],
    ]);

    // What its page shows: the version, what it misses, the branch.
    const page = await api(
      'GET',
      '/api/golden-paths/services/component/default/orders',
    );
    expect(page.body).toMatchObject({
      entityRef: 'component:default/orders',
      templateRef: 'template:default/python-fastapi-service',
      templateTitle: 'Python FastAPI service',
      version: V1,
      latestVersion: '2.0.0',
      missedChanges: [
        {
          version: '2.0.0',
          date: '2026-12-20',
          notes:
            '- New question "Log level" (default info), set in the chart.\n- CI checks licences.',
        },
      ],
      upgrade: { state: 'conflicts', toVersion: '2.0.0' },
    });

    // A service made from 2.0.0 gets nothing.
    await generate('python-fastapi-service', 'payments');
    expect(await upgrade('payments')).toEqual({
      status: 'up-to-date',
      entityRef: 'component:default/payments',
      version: '2.0.0',
    });

    // The platform team's view: versions in use per golden path.
    const fleet = await api('GET', '/api/golden-paths/fleet');
    const python = fleet.body.items.find(
      (t: any) => t.templateRef === 'template:default/python-fastapi-service',
    );
    expect(python).toMatchObject({
      title: 'Python FastAPI service',
      latestVersion: '2.0.0',
      versions: [
        { version: '2.0.0', services: 1 },
        { version: V1, services: 2 },
      ],
    });
    expect(
      python.services.map((s: any) => [
        s.title,
        s.version,
        s.upgrade?.state ?? null,
      ]),
    ).toEqual([
      ['billing', V1, 'clean'],
      ['orders', V1, 'conflicts'],
      ['payments', '2.0.0', null],
    ]);
  });

  it('says clearly what cannot be upgraded', async () => {
    const unknown = await api('POST', '/api/golden-paths/upgrades', {
      entityRef: 'component:default/nothing-here',
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe(
      'No entity component:default/nothing-here',
    );

    const malformed = await api('POST', '/api/golden-paths/upgrades', {
      entity: 'x',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toContain('entityRef');

    // a group is not in a repository the portal made
    const group = await api('POST', '/api/golden-paths/upgrades', {
      entityRef: 'group:default/team-checkout',
    });
    expect(group.status).toBe(400);
    expect(group.body.error.message).toMatch(
      /group:default\/team-checkout is neither in a local git repository of this portal nor on a configured GitHub host/,
    );
  });
});
