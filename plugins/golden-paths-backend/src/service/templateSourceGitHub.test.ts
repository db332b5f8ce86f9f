import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ScmIntegrations } from '@backstage/integration';
import { FakeGitHub, generateFakeGitHubOrg } from '@internal/test-fakes';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import yaml from 'yaml';
import { copyTemplates } from '../__testUtils__/templatesV2';
import { TemplateSource } from './templateSource';

const run = promisify(execFile);
const TOKEN = 'ghs_templateSourceTestToken0123456789';
const TEMPLATE = 'python-fastapi-service.template.yaml';

/*
 * A golden path registered from GitHub is kept as a version the same way as
 * one from the laptop's templates/: the files its fetch steps read come
 * through the URL reader (readTree of the repository's archive, from the
 * stand-in), and the two snapshots of the same version are the same.
 */
describe('TemplateSource with a template registered from GitHub', () => {
  let tmp: string;
  let gh: FakeGitHub;

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'golden-paths-source-'));
    // GitHub's tarball: one top directory <owner>-<repo>-<sha>.
    const top = path.join(tmp, 'acme-templates-0a1b2c3');
    await copyTemplates(top);
    const tarball = path.join(tmp, 'templates.tgz');
    await run('tar', ['-czf', tarball, '-C', tmp, path.basename(top)]);
    const org = generateFakeGitHubOrg({ repos: 0, teams: 1, usersPerTeam: 1 });
    org.repos.push({
      name: 'templates',
      defaultBranch: 'main',
      isArchived: false,
      isFork: false,
      visibility: 'PRIVATE',
      topics: [],
      files: new Map([
        [TEMPLATE, await fs.readFile(path.join(top, TEMPLATE), 'utf8')],
        [
          'python-fastapi-service/CHANGELOG.md',
          await fs.readFile(
            path.join(top, 'python-fastapi-service/CHANGELOG.md'),
            'utf8',
          ),
        ],
      ]),
      tarball: await fs.readFile(tarball),
    });
    gh = await new FakeGitHub({ org, token: TOKEN }).start();
  });

  afterAll(async () => {
    await gh?.stop();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  const entityAt = async (location: string): Promise<Entity> => {
    const entity = yaml.parse(
      await fs.readFile(
        path.join(tmp, 'acme-templates-0a1b2c3', TEMPLATE),
        'utf8',
      ),
    ) as Entity;
    entity.metadata.namespace = 'default';
    entity.metadata.annotations = {
      ...entity.metadata.annotations,
      'backstage.io/managed-by-location': location,
      'backstage.io/managed-by-origin-location': location,
    };
    return entity;
  };

  it('reads every fetched file through the URL reader, as from disk', async () => {
    const config = mockServices.rootConfig({
      data: {
        integrations: {
          github: [{ host: gh.host, apiBaseUrl: gh.apiBaseUrl, token: TOKEN }],
        },
      },
    });
    const source = new TemplateSource({
      urlReader: UrlReaders.default({
        config,
        logger: mockServices.logger.mock(),
      }),
      integrations: ScmIntegrations.fromConfig(config),
    });

    const fromGitHub = await source.snapshot(
      await entityAt(
        `url:${gh.url}/${gh.org.login}/templates/blob/main/${TEMPLATE}`,
      ),
    );
    const fromDisk = await source.snapshot(
      await entityAt(
        `file:${path.join(tmp, 'acme-templates-0a1b2c3', TEMPLATE)}`,
      ),
    );

    // the version the template file declares
    const declared = (await entityAt('file:unused')).metadata.annotations![
      'acme.io/template-version'
    ];
    expect(declared).toMatch(/^\d+\.\d+\.\d+$/);
    expect(fromGitHub.version).toBe(declared);
    const paths = fromGitHub.files.map(f => f.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '_base/skeleton/catalog-info.yaml',
        '_base/skeleton/chart/values.yaml',
        'python-fastapi-service/skeleton/Dockerfile',
        'python-fastapi-service/skeleton/app/main.py',
      ]),
    );
    expect(paths.sort()).toEqual(fromDisk.files.map(f => f.path).sort());
    // the same version wherever it is served from
    expect(fromGitHub.snapshotHash).toBe(fromDisk.snapshotHash);

    // its changelog, through the contents API
    expect(
      await source.readChangelog(
        await entityAt(
          `url:${gh.url}/${gh.org.login}/templates/blob/main/${TEMPLATE}`,
        ),
      ),
    ).toContain(`## ${fromGitHub.version}`);
  });
});
