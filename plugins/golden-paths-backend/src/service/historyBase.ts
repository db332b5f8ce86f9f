import {
  GOLDEN_PATH_RECORD_PATH,
  GoldenPathRecord,
} from '@internal/backstage-plugin-golden-paths-common';
import {
  readTreeFiles,
  renderedContentHash,
  TreeFile,
} from '@internal/backstage-plugin-golden-paths-node';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runGit } from './git';

/**
 * The files as generated, read from the repository's own history instead of
 * rendered again: the tree of the commit that wrote the current golden-path
 * record (the generation, for a service never upgraded), if its content hash
 * is the recorded one. The hash is sha256 over every file, so a match means
 * the very bytes a render of the recorded version with the recorded values
 * gives when the stored version is faithful (and the bytes the service was
 * really made from when it is not).
 *
 * Undefined when there is no such commit or its tree is not the generated
 * one (an upgrade was merged since, a generated file was ignored by git, a
 * history rewritten): then the recorded version must be rendered.
 *
 * `workTree` is a clone with the default branch checked out; it is not
 * changed (the commit is checked out in a worktree of its own, removed at
 * the end).
 */
export async function generatedTreeFromHistory(
  workTree: string,
  record: GoldenPathRecord,
): Promise<TreeFile[] | undefined> {
  const log = await runGit(
    [
      'log',
      '-1',
      '--format=%H',
      '--diff-filter=AM',
      '--',
      GOLDEN_PATH_RECORD_PATH,
    ],
    workTree,
  );
  const commit = log.stdout.trim();
  if (log.code !== 0 || !/^[0-9a-f]{40,64}$/.test(commit)) return undefined;

  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'golden-path-base-'));
  const checkout = path.join(dir, 'tree');
  try {
    const added = await runGit(
      ['worktree', 'add', '--quiet', '--detach', checkout, commit],
      workTree,
    );
    if (added.code !== 0) return undefined;
    const tree = await readTreeFiles(checkout);
    return renderedContentHash(tree) === record.contentHash ? tree : undefined;
  } finally {
    await runGit(['worktree', 'remove', '--force', checkout], workTree);
    await fs.rm(dir, { recursive: true, force: true });
  }
}
