/*
 * Lints a software catalog directory the way the portal reads it
 * (catalog/all.yaml, a Location whose targets are files relative to it):
 *   - every entity passes the catalog's own policies and kind validators
 *   - every entity reference (owner, system, domain, dependsOn, ...) resolves
 *   - the group tree is consistent (parent <-> children)
 *   - every API's $text OpenAPI document exists and is an OpenAPI 3 document
 *   - every component has on-call annotations, links and TechDocs with a runbook
 *   - relations are coherent and every entity file is reachable from all.yaml
 *
 * Every message starts with the offending file, relative to the catalog
 * directory.
 */
import { checkApiDefinitions } from './checks/apiDefinitions';
import { checkComponents } from './checks/components';
import { validateEntities } from './checks/entities';
import { checkOrg } from './checks/org';
import { checkRefs } from './checks/references';
import { checkRelationsCoherence } from './checks/relations';
import { checkUnlistedFiles } from './checks/unlistedFiles';
import { Json } from './entityRefs';
import { LoadedEntity, loadCatalog, LoadResult } from './loadCatalog';

/** What each check found, by check; an empty list means it passed. */
export interface CatalogLintErrors {
  /** all.yaml, Location targets and YAML syntax. */
  load: string[];
  /** Entity policies and kind validators; duplicate entities. */
  entities: string[];
  refs: string[];
  org: string[];
  apis: string[];
  components: string[];
  relations: string[];
  unlisted: string[];
}

export interface CatalogLintResult {
  load: LoadResult;
  errors: CatalogLintErrors;
}

/** Entities per kind (teams: groups of type team), for size checks. */
export function countMinimums(entities: LoadedEntity[]) {
  const ofKind = (kind: string) =>
    entities.filter(le => le.entity.kind === kind);
  return {
    domains: ofKind('Domain').length,
    systems: ofKind('System').length,
    teams: ofKind('Group').filter(
      le => (le.entity.spec as Json)?.type === 'team',
    ).length,
    components: ofKind('Component').length,
    apis: ofKind('API').length,
    resources: ofKind('Resource').length,
    users: ofKind('User').length,
  };
}

/** Runs every check on a catalog directory. */
export async function lintCatalog(
  catalogDir: string,
): Promise<CatalogLintResult> {
  const load = loadCatalog(catalogDir);
  const api = checkApiDefinitions(load);
  return {
    load,
    errors: {
      load: load.errors,
      entities: await validateEntities(catalogDir, load.entities),
      refs: checkRefs(load.entities),
      org: checkOrg(load.entities),
      apis: api.errors,
      components: checkComponents(load),
      relations: checkRelationsCoherence(load.entities),
      unlisted: checkUnlistedFiles(load, api.definitionFiles),
    },
  };
}
