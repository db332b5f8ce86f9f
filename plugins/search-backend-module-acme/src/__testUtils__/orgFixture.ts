import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

/** Repository root: the sample org in catalog/ and the app-config files. */
// Test-only helper: the source location is the right anchor here.
// eslint-disable-next-line no-restricted-syntax
export const repoRoot = path.resolve(__dirname, '../../../..');

/**
 * The sample org (catalog/) copied to `dir`, as the portal's catalog reads
 * it: API definitions and `$portal` links inlined (the portal resolves
 * `$text` and `$portal` with its own placeholder module,
 * plugins/catalog-backend-module-acme-placeholders), and
 * TechDocs kept only on `techdocsOn` (each one is a real mkdocs build).
 * Returns the path of the copied all.yaml.
 */
export function writeOrgFixture(dir: string, techdocsOn: string[]): string {
  const target = path.join(dir, 'catalog');
  fs.cpSync(path.join(repoRoot, 'catalog'), target, { recursive: true });

  for (const api of fs.readdirSync(path.join(target, 'apis'))) {
    const file = path.join(target, 'apis', api, 'catalog-info.yaml');
    const entity = YAML.parse(fs.readFileSync(file, 'utf8'));
    const ref = entity.spec?.definition?.$text;
    if (ref) {
      entity.spec.definition = fs.readFileSync(
        path.join(path.dirname(file), ref),
        'utf8',
      );
      fs.writeFileSync(file, YAML.stringify(entity));
    }
  }

  for (const component of fs.readdirSync(path.join(target, 'components'))) {
    const file = path.join(
      target,
      'components',
      component,
      'catalog-info.yaml',
    );
    const entity = YAML.parse(fs.readFileSync(file, 'utf8'));
    // `$portal: /path` links, resolved on app.baseUrl as the portal does
    for (const link of entity.metadata.links ?? []) {
      if (link.url?.$portal) {
        link.url = `http://localhost:7007${link.url.$portal}`;
      }
    }
    if (!techdocsOn.includes(entity.metadata.name)) {
      delete entity.metadata.annotations?.['backstage.io/techdocs-ref'];
    }
    fs.writeFileSync(file, YAML.stringify(entity));
  }
  return path.join(target, 'all.yaml');
}

/** Every entity of the sample org (what the catalog holds once it settled). */
export function countOrgEntities(): number {
  const root = path.join(repoRoot, 'catalog');
  let count = 0;
  const visit = (file: string) => {
    for (const doc of YAML.parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
      const entity = doc.toJS();
      if (!entity) {
        continue;
      }
      count += 1;
      if (entity.kind === 'Location') {
        for (const t of entity.spec.targets ?? []) {
          visit(path.resolve(path.dirname(file), t));
        }
      }
    }
  };
  visit(path.join(root, 'all.yaml'));
  return count;
}

/** The `search` section of app-config.yaml or app-config.production.yaml. */
export function portalSearchConfig(file: string) {
  return YAML.parse(fs.readFileSync(path.join(repoRoot, file), 'utf8')).search;
}
