/*
 * Coverage of files: every entity file is reachable from all.yaml.
 */
import fs from 'node:fs';
import path from 'node:path';
import { LoadResult, rel, ROOT_FILE } from '../loadCatalog';

/**
 * Every entity file in catalog/ must be reachable from all.yaml, except
 * catalog/laptop/, which app-config.yaml (the laptop default) registers alone.
 */
export function checkUnlistedFiles(
  load: LoadResult,
  definitionFiles: string[],
): string[] {
  const all: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const abs = path.join(d, entry.name);
      if (entry.isDirectory()) {
        if (rel(load.catalogDir, abs) !== 'laptop') walk(abs);
      } else if (/\.ya?ml$/.test(entry.name) && entry.name !== 'mkdocs.yml')
        all.push(rel(load.catalogDir, abs));
    }
  };
  walk(load.catalogDir);
  const reached = new Set([...load.files, ...definitionFiles]);
  return all
    .filter(f => !reached.has(f))
    .map(f => `${f}: not reachable from ${ROOT_FILE} (add it to spec.targets)`);
}
