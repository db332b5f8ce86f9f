import {
  GOLDEN_PATH_RECORD_PATH,
  UpgradeConflict,
} from '@internal/backstage-plugin-golden-paths-common';
import { TreeFile } from '@internal/backstage-plugin-golden-paths-node';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runGit } from './git';

export interface MergeResult {
  /** Files written or removed in the working tree, in path order. */
  changedFiles: string[];
  conflicts: UpgradeConflict[];
}

async function readIfExists(file: string): Promise<Buffer | undefined> {
  try {
    return await fs.readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function writeFile(dir: string, file: TreeFile) {
  const target = path.join(dir, file.path);
  await fs.mkdir(path.dirname(target), { recursive: true });
  await fs.writeFile(target, file.content, {
    mode: file.executable ? 0o755 : 0o644,
  });
}

/**
 * `git merge-file`: the team's version, the old render as the common base,
 * the new render. Returns the merged content and whether it holds conflict
 * markers.
 */
async function mergeFile(
  ours: Buffer,
  base: Buffer,
  theirs: Buffer,
  labels: { ours: string; base: string; theirs: string },
): Promise<{ content: Buffer; conflicted: boolean }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'golden-path-merge-'));
  try {
    const files = ['ours', 'base', 'theirs'].map(n => path.join(dir, n));
    await Promise.all([
      fs.writeFile(files[0], ours),
      fs.writeFile(files[1], base),
      fs.writeFile(files[2], theirs),
    ]);
    const result = await runGit([
      'merge-file',
      '-L',
      labels.ours,
      '-L',
      labels.base,
      '-L',
      labels.theirs,
      ...files,
    ]);
    // exit: 0 clean, >0 the number of conflicts, <0 (255 here) an error
    if (result.code < 0 || result.code > 127) {
      throw new Error(`git merge-file failed: ${result.stderr.trim()}`);
    }
    return {
      content: await fs.readFile(files[0]),
      conflicted: result.code > 0,
    };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/**
 * Merges a template's delta (old render → new render) into a working tree
 * holding the service as its team has it, the way copier and cruft update a
 * project: every change the team made is kept; where the template and the
 * team changed the same lines, the file gets conflict markers; a file the
 * template removed goes only if the team left it as generated.
 *
 * The golden-path record is not merged: the caller writes the new one.
 */
export async function mergeTemplateDelta(options: {
  workTree: string;
  oldRender: TreeFile[];
  newRender: TreeFile[];
  labels: { ours: string; base: string; theirs: string };
}): Promise<MergeResult> {
  const { workTree, labels } = options;
  const oldFiles = new Map(options.oldRender.map(f => [f.path, f]));
  const newFiles = new Map(options.newRender.map(f => [f.path, f]));
  const paths = [...new Set([...oldFiles.keys(), ...newFiles.keys()])]
    .filter(p => p !== GOLDEN_PATH_RECORD_PATH)
    .sort();

  const changedFiles: string[] = [];
  const conflicts: UpgradeConflict[] = [];
  for (const file of paths) {
    const base = oldFiles.get(file);
    const theirs = newFiles.get(file);
    if (base && theirs && base.content.equals(theirs.content)) continue;
    const target = path.join(workTree, file);
    const ours = await readIfExists(target);
    if (ours && theirs && ours.equals(theirs.content)) continue;

    if (!theirs) {
      // removed by the template
      if (!ours) continue;
      if (base && ours.equals(base.content)) {
        await fs.rm(target);
        changedFiles.push(file);
      } else {
        conflicts.push({
          path: file,
          reason: 'removed-by-template-changed-by-team',
        });
      }
      continue;
    }
    if (!ours) {
      if (base) {
        conflicts.push({
          path: file,
          reason: 'changed-by-template-removed-by-team',
        });
      } else {
        await writeFile(workTree, theirs);
        changedFiles.push(file);
      }
      continue;
    }
    if (base && ours.equals(base.content)) {
      await writeFile(workTree, theirs);
      changedFiles.push(file);
      continue;
    }
    const merged = await mergeFile(
      ours,
      base?.content ?? Buffer.alloc(0),
      theirs.content,
      labels,
    );
    await writeFile(workTree, { ...theirs, content: merged.content });
    changedFiles.push(file);
    if (merged.conflicted) {
      conflicts.push({
        path: file,
        reason: base ? 'both-changed' : 'added-by-both',
      });
    }
  }
  return { changedFiles, conflicts };
}
