import { GOLDEN_PATH_RECORD_PATH } from '@internal/backstage-plugin-golden-paths-common';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/** A file of a rendered golden path or of a repository, by relative path. */
export interface TreeFile {
  /** Relative, with '/' separators. */
  path: string;
  content: Buffer;
  executable?: boolean;
}

/**
 * The hash a golden-path record keeps: sha256 over every file but the record
 * itself, as `path\0content\0` in path order, so the same files always give
 * the same hash whatever order they were listed or written in.
 */
export function renderedContentHash(files: TreeFile[]): string {
  const hash = createHash('sha256');
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    if (file.path === GOLDEN_PATH_RECORD_PATH) continue;
    hash.update(file.path).update('\0').update(file.content).update('\0');
  }
  return `sha256:${hash.digest('hex')}`;
}

/** Every file under `dir` (recursively; `.git` left out), relative paths. */
export async function readTreeFiles(dir: string): Promise<TreeFile[]> {
  const entries = await fs.readdir(dir, {
    recursive: true,
    withFileTypes: true,
  });
  const files: TreeFile[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const absolute = path.join(entry.parentPath, entry.name);
    const relative = path.relative(dir, absolute).split(path.sep).join('/');
    if (relative === '.git' || relative.startsWith('.git/')) continue;
    const stat = await fs.stat(absolute);
    files.push({
      path: relative,
      content: await fs.readFile(absolute),
      // eslint-disable-next-line no-bitwise
      executable: (stat.mode & 0o111) !== 0,
    });
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}
