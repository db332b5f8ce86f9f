/*
 * Reads a catalog directory the way the backend does: all.yaml is a Location
 * whose targets are files relative to it; every YAML document is an entity.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { Entity } from '@backstage/catalog-model';

/** The root file, registered by app-config.production.yaml. */
export const ROOT_FILE = 'all.yaml';

export interface LoadedEntity {
  /** The entity as written in the file. */
  entity: Entity;
  /** File the entity was read from, relative to the catalog dir (posix). */
  file: string;
}

export interface LoadResult {
  catalogDir: string;
  /** Every file reached from all.yaml (relative, posix), in load order. */
  files: string[];
  entities: LoadedEntity[];
  errors: string[];
}

export const rel = (catalogDir: string, abs: string) =>
  path.relative(catalogDir, abs).split(path.sep).join('/');

/** Follows Location targets from the root file, parsing every document. */
export function loadCatalog(
  catalogDir: string,
  rootFile = ROOT_FILE,
): LoadResult {
  const result: LoadResult = {
    catalogDir,
    files: [],
    entities: [],
    errors: [],
  };
  const queue: Array<{ abs: string; from?: string }> = [
    { abs: path.join(catalogDir, rootFile) },
  ];
  const seen = new Set<string>();

  while (queue.length) {
    const { abs, from } = queue.shift()!;
    const file = rel(catalogDir, abs);
    if (seen.has(abs)) {
      result.errors.push(`${from}: target ${file} is listed more than once`);
      continue;
    }
    seen.add(abs);
    if (!abs.startsWith(catalogDir + path.sep)) {
      result.errors.push(`${from}: target ${file} points outside catalog/`);
      continue;
    }
    if (!fs.existsSync(abs)) {
      result.errors.push(`${from ?? file}: target ${file} does not exist`);
      continue;
    }
    result.files.push(file);

    const docs = parseAllDocuments(fs.readFileSync(abs, 'utf8'));
    const list = Array.isArray(docs) ? docs : [docs];
    list.forEach((doc, i) => {
      for (const err of doc.errors) {
        result.errors.push(
          `${file} (document ${i + 1}): YAML error: ${err.message}`,
        );
      }
      if (doc.errors.length) return;
      const data = doc.toJS();
      if (data === null || data === undefined) return; // empty document
      if (typeof data !== 'object' || Array.isArray(data)) {
        result.errors.push(`${file} (document ${i + 1}): not a YAML mapping`);
        return;
      }
      const entity = data as Entity;
      result.entities.push({ entity, file });

      if (entity.kind === 'Location') {
        const spec = (entity.spec ?? {}) as {
          type?: string;
          target?: unknown;
          targets?: unknown;
        };
        const targets: unknown[] = [
          ...(spec.target ? [spec.target] : []),
          ...(Array.isArray(spec.targets) ? spec.targets : []),
        ];
        if (spec.type && spec.type !== 'file') {
          result.errors.push(
            `${file}: Location spec.type must be "file" (or omitted), got "${spec.type}"`,
          );
        }
        for (const target of targets) {
          if (typeof target !== 'string' || !/^\.\.?\//.test(target)) {
            result.errors.push(
              `${file}: Location target ${JSON.stringify(
                target,
              )} must be a relative path like ./org/groups.yaml`,
            );
            continue;
          }
          queue.push({
            abs: path.resolve(path.dirname(abs), target),
            from: file,
          });
        }
      }
    });
  }
  return result;
}
