import { mockServices } from '@backstage/backend-test-utils';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { git } from './git';
import { LocalGitUrlReader } from './LocalGitUrlReader';

describe('LocalGitUrlReader', () => {
  let baseDir: string;
  let repo: string;
  const reader = () =>
    UrlReaders.create({
      config: mockServices.rootConfig({
        data: { scaffolder: { localGit: { baseDir } } },
      }),
      logger: mockServices.logger.mock(),
      factories: [LocalGitUrlReader.factory],
    });

  beforeEach(async () => {
    baseDir = await fs.mkdtemp(path.join(os.tmpdir(), 'idp-reader-'));
    repo = path.join(baseDir, 'checkouts', 'shop');
    await fs.mkdir(path.join(repo, 'docs'), { recursive: true });
    await fs.writeFile(
      path.join(repo, 'catalog-info.yaml'),
      'kind: Component\n',
    );
    await fs.writeFile(path.join(repo, 'docs', 'index.md'), '# Shop\n');
    await git(['init', '--quiet', '-b', 'main'], { cwd: repo });
    await git(['add', '--all'], { cwd: repo });
    await git(
      ['-c', 'user.name=t', '-c', 'user.email=t@e', 'commit', '-qm', 'init'],
      { cwd: repo },
    );
  });

  afterEach(() => fs.rm(baseDir, { recursive: true, force: true }));

  it('reads a file of a working copy, and answers NotModified for its etag', async () => {
    const url = pathToFileURL(path.join(repo, 'catalog-info.yaml')).href;
    const res = await reader().readUrl(url);
    expect((await res.buffer()).toString()).toBe('kind: Component\n');
    await expect(reader().readUrl(url, { etag: res.etag })).rejects.toThrow(
      expect.objectContaining({ name: 'NotModifiedError' }),
    );
  });

  it('reads the tree without .git (what TechDocs dir:. needs)', async () => {
    const tree = await reader().readTree(`${pathToFileURL(repo).href}/`);
    const files = (await tree.files()).map(f => f.path).sort();
    expect(files).toEqual(['catalog-info.yaml', 'docs/index.md']);
    expect(tree.etag).toMatch(/^[0-9a-f]{40}:shop$/);
  });

  it('finds an exact path with search, and nothing for a missing one', async () => {
    const url = pathToFileURL(path.join(repo, 'catalog-info.yaml')).href;
    expect((await reader().search(url)).files.map(f => f.url)).toEqual([url]);
    expect((await reader().search(`${url}.missing`)).files).toEqual([]);
  });

  it('searches a glob, e.g. the CI workflows the readiness scorecard looks for', async () => {
    await fs.mkdir(path.join(repo, '.github', 'workflows'), {
      recursive: true,
    });
    await fs.writeFile(path.join(repo, '.github/workflows/ci.yaml'), 'on: {}');
    await fs.writeFile(path.join(repo, '.github/workflows/release.yml'), '');
    await fs.writeFile(path.join(repo, '.github/workflows/README.md'), '');
    const base = `${pathToFileURL(repo).href}/.github/workflows`;
    const found = await reader().search(`${base}/*.{yml,yaml}`);
    expect(found.files.map(f => path.basename(f.url)).sort()).toEqual([
      'ci.yaml',
      'release.yml',
    ]);
    const ci = found.files.find(f => f.url.endsWith('ci.yaml'))!;
    expect((await ci.content()).toString()).toBe('on: {}');
    expect(
      (await reader().search(`${pathToFileURL(repo).href}/docs/*.yml`)).files,
    ).toEqual([]);
    expect(
      (await reader().search(`${pathToFileURL(repo).href}/**/*.md`)).files
        .map(f => path.relative(repo, fileURLToPath(f.url)))
        .sort(),
    ).toEqual(['.github/workflows/README.md', 'docs/index.md']);
  });

  it('refuses files outside the working copies', async () => {
    await fs.writeFile(path.join(baseDir, 'secret.txt'), 'no');
    await expect(
      reader().readUrl(pathToFileURL(path.join(baseDir, 'secret.txt')).href),
    ).rejects.toThrow(/not allowed|reading from/i);
    await expect(
      reader().readUrl(`${pathToFileURL(repo).href}/../../secret.txt`),
    ).rejects.toThrow(/not allowed|reading from/i);
  });
});
