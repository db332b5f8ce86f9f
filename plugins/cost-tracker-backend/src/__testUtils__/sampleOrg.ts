import { Entity } from '@backstage/catalog-model';
import path from 'path';
import { readCatalogFiles } from '../../dev/demoCosts';
import { withRelations } from './catalogRelations';

/** The repository's catalog/ folder: the sample organisation. */
export const SAMPLE_CATALOG_DIR = path.resolve(
  __dirname,
  '../../../../catalog',
);

/**
 * Reads catalog/ as the backend does (all.yaml is a Location whose targets
 * are files relative to it), with the relations the catalog would add.
 */
export function loadSampleOrg(): Entity[] {
  return withRelations(
    readCatalogFiles(path.join(SAMPLE_CATALOG_DIR, 'all.yaml')),
  );
}
