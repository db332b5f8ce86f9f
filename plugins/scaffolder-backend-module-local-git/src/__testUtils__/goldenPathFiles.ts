import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';

/** The repository root (templates/, catalog/, policies/). */
export const REPO_ROOT = path.resolve(__dirname, '../../../..');

export const TEMPLATES_DIR = path.join(REPO_ROOT, 'templates');

/** What the catalog reads: the Location listing the golden paths. */
export const TEMPLATES_LOCATION = path.join(TEMPLATES_DIR, 'all.yaml');

/** The files every golden path generates first (chart, docs, CI, catalog-info). */
export const BASE_SKELETON = path.join(TEMPLATES_DIR, '_base/skeleton');

export type GoldenPath = {
  /** metadata.name of the Template entity. */
  name: string;
  /** The template file. */
  file: string;
  /** The Template entity as written in the file. */
  template: any;
};

/**
 * The Templates a Location file lists, the way the catalog finds them:
 * targets relative to the file, nested Locations followed.
 */
function templatesOf(locationFile: string): GoldenPath[] {
  const location = yaml.parse(fs.readFileSync(locationFile, 'utf8'));
  return (location.spec.targets as string[]).flatMap(target => {
    const file = path.resolve(path.dirname(locationFile), target);
    return yaml
      .parseAllDocuments(fs.readFileSync(file, 'utf8'))
      .map(doc => doc.toJS())
      .flatMap(entity => {
        if (entity.kind === 'Location') return templatesOf(file);
        if (entity.kind !== 'Template') return [];
        return [{ name: entity.metadata.name, file, template: entity }];
      });
  });
}

/** Every Template templates/all.yaml lists, in its order. */
export const LISTED_TEMPLATES: GoldenPath[] = templatesOf(TEMPLATES_LOCATION);

/**
 * `spec.type` of a day-2 template: run on an existing service (e.g. a
 * database migration), it generates no new service.
 */
export const DAY_2_TYPE = 'day-2';

/** Every golden path to a new service templates/all.yaml offers, in its order. */
export const GOLDEN_PATHS: GoldenPath[] = LISTED_TEMPLATES.filter(
  p => p.template.spec?.type !== DAY_2_TYPE,
);

/** The names of the golden paths under test: all of templates/all.yaml. */
export const TEMPLATE_NAMES: string[] = GOLDEN_PATHS.map(p => p.name);

/** Paths of all files below `dir`, relative to it, sorted. */
export function filesBelow(dir: string): string[] {
  return (
    fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[]
  )
    .filter(entry => entry.isFile())
    .map(entry => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}
