import { UrlReaderService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasRunbook } from './scorecard';

const TECHDOCS_REF = 'backstage.io/techdocs-ref';

/**
 * Where the entity's TechDocs `docs/runbook.md` would be: next to the
 * catalog file for `dir:` TechDocs refs, as a file path (laptop, local git)
 * or a URL (GitHub).
 */
export function runbookDocLocation(
  entity: Entity,
): { type: 'file' | 'url'; target: string } | undefined {
  const ref = entity.metadata.annotations?.[TECHDOCS_REF]?.trim();
  if (!ref?.startsWith('dir:')) return undefined;
  const dir = ref.slice('dir:'.length) || '.';
  const origin =
    entity.metadata.annotations?.['backstage.io/managed-by-location'] ?? '';
  const sep = origin.indexOf(':');
  const type = origin.slice(0, sep);
  const target = origin.slice(sep + 1);
  if (type === 'file') {
    const file = target.startsWith('file://') ? fileURLToPath(target) : target;
    return {
      type: 'file',
      target: path.join(path.dirname(file), dir, 'docs', 'runbook.md'),
    };
  }
  if (type === 'url') {
    try {
      return {
        type: 'url',
        target: new URL(
          `${dir.replace(/\/?$/, '/')}docs/runbook.md`,
          target,
        ).toString(),
      };
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * Entity refs whose TechDocs have a runbook page. Entities that already
 * link a runbook are not looked up (saves source-host requests).
 */
export async function findRunbooksInDocs(
  entities: Entity[],
  urlReader: UrlReaderService,
): Promise<Set<string>> {
  const found = new Set<string>();
  const queue = entities.filter(e => !hasRunbook(e, false));
  const worker = async () => {
    for (let e = queue.shift(); e; e = queue.shift()) {
      const location = runbookDocLocation(e);
      if (!location) continue;
      try {
        if (location.type === 'file') {
          await fs.access(location.target);
        } else {
          await urlReader.readUrl(location.target);
        }
        found.add(stringifyEntityRef(e));
      } catch {
        // no runbook page (or not readable): the check fails
      }
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return found;
}
