import scaffolderModuleGitHub from '@backstage/plugin-scaffolder-backend-module-github';
import { UpgradeResponse } from '@internal/backstage-plugin-golden-paths-common';
import { FakeGitHub, generateFakeGitHubOrg } from '@internal/test-fakes';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  checkout,
  Remote,
  startUpgradeBackend,
  teamEdits,
} from './__testUtils__/upgradeBackend';
import { git } from './service/git';

jest.setTimeout(300_000);

const V1 = '1.3.2';
const OWNER = 'group:default/team-checkout';
const TOKEN = 'ghs_goldenPathUpgradeTestToken0123456789';

/*
 * A service published to GitHub (the stand-in: git smart HTTP served by real
 * `git http-backend`, pull requests through the REST API) gets its upgrade as
 * a pull request from golden-path/upgrade, updated on every run, never a
 * second one, and never a push to main.
 */
describe('golden-path upgrades of GitHub repositories', () => {
  let gitDir: string;
  let gh: FakeGitHub;
  let portal: Awaited<ReturnType<typeof startUpgradeBackend>>;
  let remote: Remote;

  beforeAll(async () => {
    gitDir = await fs.mkdtemp(path.join(os.tmpdir(), 'golden-paths-gh-'));
    gh = await new FakeGitHub({
      org: generateFakeGitHubOrg({ repos: 1, teams: 1, usersPerTeam: 1 }),
      token: TOKEN,
      gitDir,
    }).start();
    portal = await startUpgradeBackend({
      owner: OWNER,
      features: [scaffolderModuleGitHub],
      config: {
        integrations: {
          github: [{ host: gh.host, apiBaseUrl: gh.apiBaseUrl, token: TOKEN }],
        },
      },
    });
    const basic = Buffer.from(`x-access-token:${TOKEN}`).toString('base64');
    remote = {
      url: `${gh.url}/${gh.org.login}/ledger.git`,
      gitArgs: ['-c', `http.extraHeader=Authorization: Basic ${basic}`],
    };
  });

  afterAll(async () => {
    await portal?.stop();
    await gh?.stop();
    await fs.rm(gitDir, { recursive: true, force: true });
  });

  const pullRequests = () => gh.git!.pullRequests.all;

  it('opens one pull request with the merged delta, updates it on the next run, and sees it merged', async () => {
    await portal.generate('python-fastapi-service', 'ledger', {
      publishTo: 'github',
      repoUrl: `${gh.host}?owner=${gh.org.login}&repo=ledger`,
    });
    expect(
      (await portal.api('POST', '/api/golden-paths/templates/versions')).status,
    ).toBe(200);
    const main = await teamEdits(portal.tmp, remote, {
      'app/main.py': t => `${t}\n# ledger: our own endpoint goes here\n`,
      'chart/values.yaml': t => t.replace('    cpu: 500m', '    cpu: 750m'),
    });
    await portal.releaseVersion2(V1);

    // GitHub answers 502 when the pull request is opened: a clear error,
    // the branch is pushed, and the next run opens the pull request.
    gh.inject(
      { kind: 'badGateway' },
      r => r.method === 'POST' && r.path.endsWith('/ledger/pulls'),
    );
    const failed = await portal.api('POST', '/api/golden-paths/upgrades', {
      entityRef: 'component:default/ledger',
    });
    expect(failed.status).toBe(500);
    expect(failed.body.error.message).toMatch(
      /^GitHub refused to open a pull request from golden-path\/upgrade in .+\/ledger \(HTTP 502\): .*run the upgrade again later \(it is idempotent\)$/,
    );
    expect(pullRequests()).toEqual([]);

    const first = (await portal.upgrade('ledger')) as Extract<
      UpgradeResponse,
      { status: 'upgrade' }
    >;
    expect(first).toMatchObject({
      status: 'upgrade',
      fromVersion: V1,
      toVersion: '2.0.0',
      branch: 'golden-path/upgrade',
      state: 'clean',
      conflicts: [],
      review: 'open',
      pullRequest: {
        number: 1,
        url: `${gh.url}/${gh.org.login}/ledger/pull/1`,
      },
    });
    expect(pullRequests()).toEqual([
      expect.objectContaining({
        number: 1,
        head: 'golden-path/upgrade',
        base: 'main',
        state: 'open',
        title: 'Upgrade golden path Python FastAPI service to 2.0.0',
      }),
    ]);
    const description = pullRequests()[0].body;
    expect(description).toContain(
      `Upgrades this service from **Python FastAPI service ${V1}** to **2.0.0**`,
    );
    expect(description).toContain(
      '### 2.0.0 (2026-12-20)\n\n- New question "Log level" (default info), set in the chart.',
    );
    expect(description).toContain('- `chart/values.yaml`');
    expect(description).not.toContain('conflict');

    // What GitHub holds: the team's edits and the template's delta on the
    // branch, main as the team left it.
    const branch = await checkout(portal.tmp, remote, 'golden-path/upgrade');
    const values = await branch.read('chart/values.yaml');
    expect(values).toContain('    cpu: 750m');
    expect(values).toContain('logLevel: info');
    expect(await branch.read('app/main.py')).toContain(
      '# ledger: our own endpoint goes here',
    );
    expect(await branch.read('Dockerfile')).toContain(
      'FROM python:3.13-slim AS build',
    );
    const bare = gh.git!.barePath('ledger');
    expect(await git(['rev-parse', 'main'], bare)).toBe(main);
    expect(await git(['rev-parse', 'golden-path/upgrade^'], bare)).toBe(main);

    // Again: the same pull request, updated, not a second one.
    const again = await portal.upgrade('ledger');
    expect(again).toMatchObject({
      commit: first.commit,
      pullRequest: { number: 1 },
      review: 'open',
    });
    expect(pullRequests()).toHaveLength(1);
    expect(
      gh.requests.filter(
        r => r.method === 'PATCH' && r.path.endsWith('/ledger/pulls/1'),
      ),
    ).toHaveLength(1);

    // The team merges it on GitHub; the service's page says so.
    const merged = await fetch(
      `${gh.apiBaseUrl}/repos/${gh.org.login}/ledger/pulls/1/merge`,
      { method: 'PUT', headers: { authorization: `token ${TOKEN}` } },
    );
    expect(merged.status).toBe(200);
    const page = await portal.api(
      'GET',
      '/api/golden-paths/services/component/default/ledger',
    );
    expect(page.body.upgrade).toMatchObject({
      review: 'merged',
      pullRequest: { number: 1 },
    });

    // Now on 2.0.0: nothing more to do, no new pull request.
    expect(await portal.upgrade('ledger')).toEqual({
      status: 'up-to-date',
      entityRef: 'component:default/ledger',
      version: '2.0.0',
    });
    expect(pullRequests()).toHaveLength(1);
  });
});
