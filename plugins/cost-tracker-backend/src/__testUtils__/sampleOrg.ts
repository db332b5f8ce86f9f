import { Entity } from '@backstage/catalog-model';
import { parseEntityYaml } from '@backstage/plugin-catalog-node';
import fs from 'fs';
import path from 'path';
import { withRelations } from './catalogRelations';

/** The repository's catalog/ folder: the sample organisation. */
export const SAMPLE_CATALOG_DIR = path.resolve(
  __dirname,
  '../../../../catalog',
);

/**
 * Reads catalog/ as the backend does: all.yaml is a Location whose targets
 * are files relative to it, each YAML document an entity. Relations are
 * added as the catalog would add them.
 */
export function loadSampleOrg(): Entity[] {
  const entities: Entity[] = [];
  const queue = [path.join(SAMPLE_CATALOG_DIR, 'all.yaml')];
  while (queue.length > 0) {
    const file = queue.shift()!;
    const location = { type: 'file', target: file };
    for (const result of parseEntityYaml(fs.readFileSync(file), location)) {
      if (result.type === 'error') {
        throw result.error;
      }
      if (result.type !== 'entity') {
        continue;
      }
      const entity = result.entity;
      if (entity.kind === 'Location') {
        const spec = (entity.spec ?? {}) as { targets?: string[] };
        for (const target of spec.targets ?? []) {
          queue.push(path.resolve(path.dirname(file), target));
        }
        continue;
      }
      entities.push({
        ...entity,
        metadata: { namespace: 'default', ...entity.metadata },
      });
    }
  }
  return withRelations(entities);
}
