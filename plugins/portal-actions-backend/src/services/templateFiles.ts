import { UrlReaderService } from '@backstage/backend-plugin-api';
import { Entity, getEntitySourceLocation } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** At most this much of a template's directory is sent to a dry run. */
const MAX_FILES = 1000;
const MAX_BYTES = 20 * 1024 * 1024;
const SKIPPED_DIRS = new Set(['.git', 'node_modules']);

/** A file of a template's directory, as the scaffolder's dry run takes it. */
export interface TemplateFile {
  /** Relative to the directory of the template file. */
  path: string;
  base64Content: string;
}

/**
 * The files next to a registered Template (its skeletons), relative to the
 * template file's directory, so a dry run resolves `./skeleton` the way the
 * real run does. `file` locations (templates/all.yaml on the laptop and in
 * the image) are read from disk; `url` locations through the URL reader.
 */
export async function readTemplateFiles(
  template: Entity,
  urlReader: UrlReaderService,
): Promise<TemplateFile[]> {
  let location;
  try {
    location = getEntitySourceLocation(template);
  } catch {
    throw new InputError(
      'The template has no source location, so its files cannot be read for a dry run',
    );
  }
  if (location.type === 'file') {
    const file = location.target.startsWith('file:')
      ? fileURLToPath(location.target)
      : location.target;
    return readDirectory(path.dirname(file));
  }
  if (location.type === 'url') {
    const tree = await urlReader.readTree(new URL('./', location.target).href);
    const files = await tree.files();
    if (files.length > MAX_FILES) {
      throw new InputError(
        `The template's directory has more than ${MAX_FILES} files; too many for a dry run`,
      );
    }
    let bytes = 0;
    return Promise.all(
      files.map(async f => {
        const content = await f.content();
        bytes += content.length;
        if (bytes > MAX_BYTES) {
          throw new InputError(
            "The template's directory is too large for a dry run",
          );
        }
        return { path: f.path, base64Content: content.toString('base64') };
      }),
    );
  }
  throw new InputError(
    `Templates registered from a ${location.type} location cannot be dry-run here`,
  );
}

async function readDirectory(root: string): Promise<TemplateFile[]> {
  const out: TemplateFile[] = [];
  let bytes = 0;
  const walk = async (dir: string) => {
    for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) await walk(full);
      } else if (entry.isFile()) {
        const content = await fs.readFile(full);
        bytes += content.length;
        if (out.length >= MAX_FILES || bytes > MAX_BYTES) {
          throw new InputError(
            "The template's directory is too large for a dry run",
          );
        }
        out.push({
          path: path.relative(root, full).split(path.sep).join('/'),
          base64Content: content.toString('base64'),
        });
      }
    }
  };
  await walk(root);
  return out;
}
