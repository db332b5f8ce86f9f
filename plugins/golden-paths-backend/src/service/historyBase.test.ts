import {
  GOLDEN_PATH_RECORD_PATH,
  GoldenPathRecord,
} from '@internal/backstage-plugin-golden-paths-common';
import {
  renderedContentHash,
  TreeFile,
} from '@internal/backstage-plugin-golden-paths-node';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { git } from './git';
import { generatedTreeFromHistory } from './historyBase';

const generated: TreeFile[] = [
  { path: 'Dockerfile', content: Buffer.from('FROM python:3.12-slim\n') },
  {
    path: 'scripts/run.sh',
    content: Buffer.from('#!/bin/sh\nexec uvicorn app.main:app\n'),
    executable: true,
  },
  { path: 'logo.png', content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 255]) },
];

const record = (files: TreeFile[], version = '1.3.0'): GoldenPathRecord => ({
  templateRef: 'template:default/python-fastapi-service',
  templateVersion: version,
  parameters: { name: 'orders' },
  contentHash: renderedContentHash(files),
});

async function write(dir: string, files: TreeFile[]) {
  for (const file of files) {
    const target = path.join(dir, file.path);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, file.content, {
      mode: file.executable ? 0o755 : 0o644,
    });
  }
}

async function commit(dir: string, message: string) {
  await git(['add', '--all'], dir);
  await git(['commit', '--quiet', '-m', message], dir);
}

describe('generatedTreeFromHistory', () => {
  let tmp: string;
  beforeEach(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'history-base-'));
  });
  afterEach(async () => {
    await fs.rm(tmp, { recursive: true, force: true });
  });

  /** A repository as generated, then changed by its team. */
  async function generatedRepository() {
    const repo = path.join(tmp, 'repo');
    await fs.mkdir(repo);
    await git(['init', '--quiet', '-b', 'main'], repo);
    const made = record(generated);
    const recordFile: TreeFile = {
      path: GOLDEN_PATH_RECORD_PATH,
      content: Buffer.from(`${JSON.stringify(made, null, 2)}\n`),
    };
    await write(repo, [...generated, recordFile]);
    await commit(repo, 'Initial commit');
    await write(repo, [
      {
        path: 'Dockerfile',
        content: Buffer.from('FROM python:3.12-bookworm\n'),
      },
      { path: 'app/main.py', content: Buffer.from('# our code\n') },
    ]);
    await commit(repo, 'our changes');
    return { repo, made, recordFile };
  }

  it('gives the generated files, bytes and executable bits, not what the team changed since', async () => {
    const { repo, made, recordFile } = await generatedRepository();
    const head = await git(['rev-parse', 'HEAD'], repo);
    const tree = await generatedTreeFromHistory(repo, made);
    expect(tree).toEqual(
      [...generated, recordFile]
        .map(f => ({ ...f, executable: Boolean(f.executable) }))
        .sort((a, b) => a.path.localeCompare(b.path)),
    );
    // the clone is left as it was
    expect(await git(['rev-parse', 'HEAD'], repo)).toBe(head);
    expect(await git(['status', '--porcelain'], repo)).toBe('');
    expect(await git(['worktree', 'list', '--porcelain'], repo)).not.toContain(
      'detached',
    );
  });

  it('gives nothing when the commit that wrote the record does not hold the generated files', async () => {
    const { repo } = await generatedRepository();
    // a merged upgrade: the record now says 2.0.0 and its hash is of the
    // rendered 2.0.0, but the commit holds the team's changes as well
    const upgraded = record(
      [{ path: 'Dockerfile', content: Buffer.from('FROM python:3.13-slim\n') }],
      '2.0.0',
    );
    await write(repo, [
      { path: 'Dockerfile', content: Buffer.from('FROM python:3.13-slim\n') },
      {
        path: GOLDEN_PATH_RECORD_PATH,
        content: Buffer.from(JSON.stringify(upgraded)),
      },
    ]);
    await commit(repo, 'Merge the golden-path upgrade');
    expect(await generatedTreeFromHistory(repo, upgraded)).toBeUndefined();
    // and a repository without a record has no generated tree either
    const empty = path.join(tmp, 'empty');
    await fs.mkdir(empty);
    await git(['init', '--quiet', '-b', 'main'], empty);
    expect(
      await generatedTreeFromHistory(empty, record(generated)),
    ).toBeUndefined();
  });
});
