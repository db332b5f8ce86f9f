/*
 * Static validation of the Acme Commerce software catalog in catalog/.
 *
 * Reads catalog/all.yaml the way the backend does (a Location whose targets
 * are files relative to it), parses every document, and checks:
 *   - every entity passes the catalog's own policies and kind validators
 *   - every entity reference (owner, system, domain, dependsOn, ...) resolves
 *   - the group tree is consistent (parent <-> children)
 *   - every API's $text OpenAPI document exists and is an OpenAPI 3 document
 *   - every component has on-call annotations, links and TechDocs with a runbook
 *   - the org meets the minimum size the demos rely on
 *
 * Every failure message starts with the offending file, relative to catalog/.
 * The "detects broken catalogs" block proves the checks fail by running them
 * on a mutated copy of the catalog.
 */
import { portalPlaceholderResolver } from '@internal/backstage-plugin-catalog-backend-module-acme-placeholders';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { parse as parseYaml } from 'yaml';
import {
  DefaultNamespaceEntityPolicy,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  KindValidator,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  parseEntityRef,
  resourceEntityV1alpha1Validator,
  stringifyEntityRef,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import {
  CATALOG_DIR,
  ROOT_FILE,
  LoadResult,
  LoadedEntity,
  entityLabel,
  loadCatalog,
  rel,
} from '../__testUtils__/catalogFiles';

type Json = any;

const refKey = (ref: { kind: string; namespace: string; name: string }) =>
  stringifyEntityRef(ref).toLocaleLowerCase('en-US');

// ---------------------------------------------------------------------------
// Entity validation (the same policies/validators the catalog backend applies)
// ---------------------------------------------------------------------------

const LAPTOP_APP_BASE_URL = 'http://localhost:7007';

/**
 * Substitutes $text/$yaml/$json/$portal placeholders with the referenced file, like
 * the catalog's PlaceholderProcessor does before validation (an API's
 * spec.definition must be a string by then). Missing files are left as they
 * are; checkApiDefinitions reports them.
 */
function resolvePlaceholders(node: unknown, fromFileAbs: string): unknown {
  if (Array.isArray(node))
    return node.map(n => resolvePlaceholders(n, fromFileAbs));
  if (!node || typeof node !== 'object') return node;
  const entries = Object.entries(node);
  if (entries.length === 1 && entries[0][0] === '$portal') {
    // the backend resolves it against app.baseUrl (catalog-backend-module-acme-placeholders)
    return portalPlaceholderResolver(LAPTOP_APP_BASE_URL, entries[0][1]);
  }
  if (
    entries.length === 1 &&
    ['$text', '$yaml', '$json'].includes(entries[0][0])
  ) {
    const [key, target] = entries[0];
    const abs =
      typeof target === 'string'
        ? path.resolve(path.dirname(fromFileAbs), target)
        : '';
    if (!abs || !fs.existsSync(abs)) return node;
    const text = fs.readFileSync(abs, 'utf8');
    if (key === '$text') return text;
    return key === '$json' ? JSON.parse(text) : parseYaml(text);
  }
  return Object.fromEntries(
    entries.map(([k, v]) => [k, resolvePlaceholders(v, fromFileAbs)]),
  );
}

const entityPolicy = EntityPolicies.allOf([
  new SchemaValidEntityPolicy(),
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
]);

const kindValidators: KindValidator[] = [
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
];

async function validateEntities(
  catalogDir: string,
  entities: LoadedEntity[],
): Promise<string[]> {
  const errors: string[] = [];
  const seen = new Map<string, string>();
  for (const { entity, file } of entities) {
    const label = entityLabel(entity);
    try {
      const resolved = resolvePlaceholders(
        entity,
        path.join(catalogDir, file),
      ) as Entity;
      const enforced = await entityPolicy.enforce(resolved);
      if (!enforced) throw new Error('rejected by entity policies');
      let matched = false;
      for (const validator of kindValidators) {
        if (await validator.check(enforced)) matched = true;
      }
      if (!matched) {
        throw new Error(
          `no built-in kind validator accepts apiVersion "${entity.apiVersion}" kind "${entity.kind}"`,
        );
      }
      if (entity.apiVersion !== 'backstage.io/v1alpha1') {
        throw new Error(
          `apiVersion must be backstage.io/v1alpha1, got "${entity.apiVersion}"`,
        );
      }
    } catch (e) {
      errors.push(`${file}: ${label} is invalid: ${(e as Error).message}`);
      continue;
    }
    const key = label.toLocaleLowerCase('en-US');
    if (seen.has(key)) {
      errors.push(`${file}: ${label} is also defined in ${seen.get(key)}`);
    } else {
      seen.set(key, file);
    }
  }
  return errors;
}

// ---------------------------------------------------------------------------
// References
// ---------------------------------------------------------------------------

/** Reference fields per kind: path under spec, default kind, allowed target kinds. */
const REF_FIELDS: Record<
  string,
  Array<{ field: string; defaultKind?: string; allowed: string[] }>
> = {
  Component: [
    { field: 'owner', defaultKind: 'Group', allowed: ['Group', 'User'] },
    { field: 'system', defaultKind: 'System', allowed: ['System'] },
    {
      field: 'subcomponentOf',
      defaultKind: 'Component',
      allowed: ['Component'],
    },
    { field: 'providesApis', defaultKind: 'API', allowed: ['API'] },
    { field: 'consumesApis', defaultKind: 'API', allowed: ['API'] },
    { field: 'dependsOn', allowed: ['Component', 'Resource'] },
    { field: 'dependencyOf', allowed: ['Component', 'Resource'] },
  ],
  API: [
    { field: 'owner', defaultKind: 'Group', allowed: ['Group', 'User'] },
    { field: 'system', defaultKind: 'System', allowed: ['System'] },
  ],
  Resource: [
    { field: 'owner', defaultKind: 'Group', allowed: ['Group', 'User'] },
    { field: 'system', defaultKind: 'System', allowed: ['System'] },
    { field: 'dependsOn', allowed: ['Component', 'Resource'] },
    { field: 'dependencyOf', allowed: ['Component', 'Resource'] },
  ],
  System: [
    { field: 'owner', defaultKind: 'Group', allowed: ['Group', 'User'] },
    { field: 'domain', defaultKind: 'Domain', allowed: ['Domain'] },
  ],
  Domain: [
    { field: 'owner', defaultKind: 'Group', allowed: ['Group', 'User'] },
  ],
  Group: [
    { field: 'parent', defaultKind: 'Group', allowed: ['Group'] },
    { field: 'children', defaultKind: 'Group', allowed: ['Group'] },
    { field: 'members', defaultKind: 'User', allowed: ['User'] },
  ],
  User: [{ field: 'memberOf', defaultKind: 'Group', allowed: ['Group'] }],
};

/** Fields that must be present (so a typo'd field name cannot hide a missing owner). */
const REQUIRED_REF_FIELDS: Record<string, string[]> = {
  Component: ['owner', 'system'],
  API: ['owner', 'system'],
  Resource: ['owner', 'system'],
  System: ['owner', 'domain'],
  Domain: ['owner'],
};

function buildIndex(entities: LoadedEntity[]) {
  const byRef = new Map<string, LoadedEntity>();
  for (const le of entities) {
    byRef.set(
      refKey({
        kind: le.entity.kind,
        namespace: le.entity.metadata.namespace ?? 'default',
        name: le.entity.metadata.name,
      }),
      le,
    );
  }
  return byRef;
}

function specRefs(le: LoadedEntity, field: string): unknown[] {
  const value = (le.entity.spec as Json)?.[field];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function resolveRef(
  le: LoadedEntity,
  raw: unknown,
  defaultKind: string | undefined,
): { kind: string; namespace: string; name: string } {
  if (typeof raw !== 'string')
    throw new Error(`not a string: ${JSON.stringify(raw)}`);
  return parseEntityRef(raw, {
    defaultKind,
    defaultNamespace: le.entity.metadata.namespace ?? 'default',
  });
}

function checkRefs(entities: LoadedEntity[]): string[] {
  const errors: string[] = [];
  const index = buildIndex(entities);
  for (const le of entities) {
    const { entity, file } = le;
    const label = entityLabel(entity);
    for (const field of REQUIRED_REF_FIELDS[entity.kind] ?? []) {
      if ((entity.spec as Json)?.[field] === undefined) {
        errors.push(`${file}: ${label} is missing spec.${field}`);
      }
    }
    for (const { field, defaultKind, allowed } of REF_FIELDS[entity.kind] ??
      []) {
      for (const raw of specRefs(le, field)) {
        let ref;
        try {
          ref = resolveRef(le, raw, defaultKind);
        } catch (e) {
          errors.push(
            `${file}: ${label} spec.${field} "${raw}" is not a valid entity ref: ${
              (e as Error).message
            }`,
          );
          continue;
        }
        if (!allowed.some(k => k.toLowerCase() === ref.kind.toLowerCase())) {
          errors.push(
            `${file}: ${label} spec.${field} "${raw}" must point to ${allowed.join(
              ' or ',
            )}, not ${ref.kind}`,
          );
          continue;
        }
        if (!index.has(refKey(ref))) {
          errors.push(
            `${file}: ${label} spec.${field} "${raw}" does not resolve: no ${stringifyEntityRef(
              ref,
            )} in catalog/`,
          );
        }
      }
    }
  }
  return errors;
}

// ---------------------------------------------------------------------------
// Org structure
// ---------------------------------------------------------------------------

function groupsOf(entities: LoadedEntity[]) {
  return entities.filter(le => le.entity.kind === 'Group');
}

/** Members of each group (by lower-case group ref), from User.memberOf and Group.members. */
function membersByGroup(entities: LoadedEntity[]): Map<string, Set<string>> {
  const members = new Map<string, Set<string>>();
  const add = (group: string, user: string) => {
    if (!members.has(group)) members.set(group, new Set());
    members.get(group)!.add(user);
  };
  for (const le of entities) {
    const self = refKey({
      kind: le.entity.kind,
      namespace: le.entity.metadata.namespace ?? 'default',
      name: le.entity.metadata.name,
    });
    try {
      if (le.entity.kind === 'User') {
        for (const g of specRefs(le, 'memberOf'))
          add(refKey(resolveRef(le, g, 'Group')), self);
      }
      if (le.entity.kind === 'Group') {
        for (const u of specRefs(le, 'members'))
          add(self, refKey(resolveRef(le, u, 'User')));
      }
    } catch {
      // invalid refs are reported by checkRefs
    }
  }
  return members;
}

function checkOrg(entities: LoadedEntity[]): string[] {
  const errors: string[] = [];
  const index = buildIndex(entities);
  const groups = groupsOf(entities);
  const members = membersByGroup(entities);
  const groupKey = (name: string) => `group:default/${name}`;

  for (const le of groups) {
    const { entity, file } = le;
    const label = entityLabel(entity);
    const self = groupKey(entity.metadata.name);
    const spec = entity.spec as Json;
    if (!spec?.profile?.displayName || !spec?.profile?.email) {
      errors.push(
        `${file}: ${label} needs spec.profile.displayName and spec.profile.email`,
      );
    }
    // parent <-> children must agree
    if (spec?.parent) {
      try {
        const parent = index.get(refKey(resolveRef(le, spec.parent, 'Group')));
        if (parent) {
          const children = specRefs(parent, 'children').map(c =>
            refKey(resolveRef(parent, c, 'Group')),
          );
          if (!children.includes(self)) {
            errors.push(
              `${file}: ${label} has spec.parent ${spec.parent} but ${parent.file} does not list it in spec.children`,
            );
          }
        }
      } catch {
        // reported by checkRefs
      }
    }
    for (const child of specRefs(le, 'children')) {
      try {
        const c = index.get(refKey(resolveRef(le, child, 'Group')));
        if (!c) continue; // reported by checkRefs
        const parentRef = (c.entity.spec as Json)?.parent;
        if (!parentRef || refKey(resolveRef(c, parentRef, 'Group')) !== self) {
          errors.push(
            `${file}: ${label} lists child ${child} but ${
              c.file
            } has spec.parent ${parentRef ?? '(none)'}`,
          );
        }
      } catch {
        // reported by checkRefs
      }
    }
    if (['team', 'role'].includes(spec?.type) && !members.get(self)?.size) {
      errors.push(`${file}: ${label} (type ${spec.type}) has no members`);
    }
  }

  const roots = groups.filter(g => !(g.entity.spec as Json)?.parent);
  if (roots.length !== 1 || roots[0].entity.metadata.name !== 'acme') {
    errors.push(
      `org/groups.yaml: expected exactly one root group "acme", found [${roots
        .map(r => r.entity.metadata.name)
        .join(', ')}]`,
    );
  }

  const expectedTypes: Record<string, string> = {
    acme: 'organization',
    'team-payments': 'team',
    'team-fraud': 'team',
    'team-checkout': 'team',
    platform: 'team',
    developers: 'role',
    'platform-admins': 'role',
  };
  for (const [name, type] of Object.entries(expectedTypes)) {
    const g = index.get(groupKey(name));
    if (!g) errors.push(`org/groups.yaml: required group ${name} is missing`);
    else if ((g.entity.spec as Json)?.type !== type) {
      errors.push(
        `${g.file}: Group ${name} must have spec.type ${type}, got ${
          (g.entity.spec as Json)?.type
        }`,
      );
    }
  }

  // developers = exactly the product engineers (members of every team except platform)
  const productEngineers = new Set<string>();
  for (const g of groups) {
    const spec = g.entity.spec as Json;
    if (spec?.type === 'team' && g.entity.metadata.name !== 'platform') {
      for (const u of members.get(groupKey(g.entity.metadata.name)) ?? [])
        productEngineers.add(u);
    }
  }
  const developers = members.get(groupKey('developers')) ?? new Set<string>();
  for (const u of productEngineers) {
    if (!developers.has(u))
      errors.push(
        `org/users.yaml: product engineer ${u} is not a member of developers`,
      );
  }
  for (const u of developers) {
    if (!productEngineers.has(u))
      errors.push(
        `org/users.yaml: ${u} is in developers but in no product team`,
      );
  }
  // platform-admins is a subset of platform
  const platform = members.get(groupKey('platform')) ?? new Set<string>();
  for (const u of members.get(groupKey('platform-admins')) ?? []) {
    if (!platform.has(u))
      errors.push(
        `org/users.yaml: ${u} is in platform-admins but not in platform`,
      );
  }

  for (const { entity, file } of entities.filter(
    le => le.entity.kind === 'User',
  )) {
    const spec = entity.spec as Json;
    const email: unknown = spec?.profile?.email;
    if (!spec?.profile?.displayName)
      errors.push(
        `${file}: ${entityLabel(entity)} has no spec.profile.displayName`,
      );
    if (typeof email !== 'string' || !email.endsWith('@acme.example')) {
      errors.push(
        `${file}: ${entityLabel(
          entity,
        )} spec.profile.email must be @acme.example, got ${email}`,
      );
    }
    if (!specRefs({ entity, file }, 'memberOf').length) {
      errors.push(
        `${file}: ${entityLabel(entity)} is not a member of any group`,
      );
    }
  }
  return errors;
}

// ---------------------------------------------------------------------------
// API definitions
// ---------------------------------------------------------------------------

function collectLocalRefs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach(n => collectLocalRefs(n, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else collectLocalRefs(v, out);
    }
  }
  return out;
}

function resolvePointer(doc: unknown, pointer: string): unknown {
  return pointer
    .replace(/^#\/?/, '')
    .split('/')
    .filter(Boolean)
    .map(p => decodeURIComponent(p).replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<any>(
      (node, key) => (node && typeof node === 'object' ? node[key] : undefined),
      doc,
    );
}

/** Checks $text definitions; returns errors and the files referenced. */
function checkApiDefinitions(load: LoadResult): {
  errors: string[];
  definitionFiles: string[];
} {
  const errors: string[] = [];
  const definitionFiles: string[] = [];
  for (const { entity, file } of load.entities.filter(
    le => le.entity.kind === 'API',
  )) {
    const label = entityLabel(entity);
    const spec = entity.spec as Json;
    if (spec?.type !== 'openapi') {
      errors.push(
        `${file}: ${label} spec.type must be openapi, got ${spec?.type}`,
      );
    }
    const textRef = spec?.definition?.$text;
    if (typeof textRef !== 'string') {
      errors.push(
        `${file}: ${label} spec.definition must be { $text: ./openapi.yaml }`,
      );
      continue;
    }
    const abs = path.resolve(load.catalogDir, path.dirname(file), textRef);
    const defFile = rel(load.catalogDir, abs);
    definitionFiles.push(defFile);
    if (!fs.existsSync(abs)) {
      errors.push(
        `${file}: ${label} $text ${textRef} -> ${defFile} does not exist`,
      );
      continue;
    }
    let doc: Json;
    try {
      doc = parseYaml(fs.readFileSync(abs, 'utf8'), { prettyErrors: true });
    } catch (e) {
      errors.push(`${defFile}: YAML error: ${(e as Error).message}`);
      continue;
    }
    if (
      typeof doc?.openapi !== 'string' ||
      !/^3\.\d+\.\d+$/.test(doc.openapi)
    ) {
      errors.push(
        `${defFile}: "openapi" must be a 3.x.y version string, got ${JSON.stringify(
          doc?.openapi,
        )}`,
      );
    }
    if (!doc?.info?.title || !doc?.info?.version) {
      errors.push(`${defFile}: info.title and info.version are required`);
    }
    if (
      !doc?.paths ||
      typeof doc.paths !== 'object' ||
      !Object.keys(doc.paths).length
    ) {
      errors.push(`${defFile}: paths must be a non-empty object`);
    } else {
      for (const [p, item] of Object.entries<Json>(doc.paths)) {
        if (!p.startsWith('/'))
          errors.push(`${defFile}: path "${p}" must start with /`);
        for (const [method, op] of Object.entries<Json>(item ?? {})) {
          if (
            ![
              'get',
              'put',
              'post',
              'delete',
              'options',
              'head',
              'patch',
              'trace',
            ].includes(method)
          )
            continue;
          if (!op?.responses || !Object.keys(op.responses).length) {
            errors.push(
              `${defFile}: ${method.toUpperCase()} ${p} has no responses`,
            );
          }
        }
      }
    }
    if (
      !doc?.components?.securitySchemes ||
      !Object.keys(doc.components.securitySchemes).length
    ) {
      errors.push(
        `${defFile}: components.securitySchemes must declare how callers authenticate`,
      );
    }
    for (const ref of collectLocalRefs(doc)) {
      if (!ref.startsWith('#/')) {
        errors.push(
          `${defFile}: $ref ${ref} must be local (the catalog only inlines the one file)`,
        );
      } else if (resolvePointer(doc, ref) === undefined) {
        errors.push(`${defFile}: $ref ${ref} does not resolve`);
      }
    }
  }
  return { errors, definitionFiles };
}

// ---------------------------------------------------------------------------
// Components: on-call metadata and TechDocs
// ---------------------------------------------------------------------------

const ON_CALL_ANNOTATIONS = [
  'pagerduty.com/service-id',
  'grafana/dashboard-selector',
];

/** Flattens an mkdocs nav into [title, file] pairs. */
function flattenNav(
  nav: unknown,
  out: Array<[string, string]> = [],
): Array<[string, string]> {
  if (Array.isArray(nav)) nav.forEach(n => flattenNav(n, out));
  else if (typeof nav === 'string') out.push(['', nav]);
  else if (nav && typeof nav === 'object') {
    for (const [title, v] of Object.entries(nav)) {
      if (typeof v === 'string') out.push([title, v]);
      else flattenNav(v, out);
    }
  }
  return out;
}

function checkComponents(load: LoadResult): string[] {
  const errors: string[] = [];
  for (const { entity, file } of load.entities.filter(
    le => le.entity.kind === 'Component',
  )) {
    const name = entity.metadata.name;
    const label = entityLabel(entity);
    const annotations = entity.metadata.annotations ?? {};
    const spec = entity.spec as Json;

    if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(name)) {
      errors.push(`${file}: ${label} name must be a DNS-1123 label`);
    }
    if (
      path.posix.basename(path.posix.dirname(file)) !== name ||
      path.posix.basename(file) !== 'catalog-info.yaml'
    ) {
      errors.push(
        `${file}: ${label} must live in components/${name}/catalog-info.yaml`,
      );
    }
    if (!entity.metadata.description)
      errors.push(`${file}: ${label} has no metadata.description`);
    if (!entity.metadata.tags?.length)
      errors.push(`${file}: ${label} has no metadata.tags`);
    if (
      !['production', 'experimental', 'deprecated'].includes(spec?.lifecycle)
    ) {
      errors.push(
        `${file}: ${label} spec.lifecycle must be production, experimental or deprecated`,
      );
    }

    for (const key of ON_CALL_ANNOTATIONS) {
      if (!annotations[key]?.trim())
        errors.push(`${file}: ${label} is missing annotation ${key}`);
    }
    // PagerDuty service ids (PXXXXXX) known to the sample org's PagerDuty
    // stand-in (packages/test-fakes); integration keys send events and are
    // secrets: never in the catalog.
    const pdService = annotations['pagerduty.com/service-id'];
    if (pdService && !/^P[A-Z0-9]{5,13}$/.test(pdService)) {
      errors.push(
        `${file}: ${label} pagerduty.com/service-id must be a PagerDuty service id (e.g. PPAYSVC), got ${pdService}`,
      );
    }
    if (annotations['pagerduty.com/integration-key']) {
      errors.push(
        `${file}: ${label} must not carry pagerduty.com/integration-key (a secret for sending events; the portal does not need it)`,
      );
    }
    if (annotations['backstage.io/techdocs-ref'] !== 'dir:.') {
      errors.push(
        `${file}: ${label} backstage.io/techdocs-ref must be "dir:."`,
      );
    }
    // dir:. is resolved against backstage.io/source-location when present, which
    // would send TechDocs to a (fictitious) GitHub repo instead of this folder.
    if (annotations['backstage.io/source-location']) {
      errors.push(
        `${file}: ${label} must not set backstage.io/source-location (it breaks techdocs-ref dir:.)`,
      );
    }
    if (annotations['github.com/project-slug'] !== `acme-commerce/${name}`) {
      errors.push(
        `${file}: ${label} github.com/project-slug must be acme-commerce/${name}`,
      );
    }

    // links as the catalog stores them: placeholders ($portal) resolved
    const links = (entity.metadata.links ?? []).map(l => ({
      ...l,
      url: String(resolvePlaceholders(l.url, '')),
    }));
    const dashboard = links.find(l => l.title === 'Dashboard');
    if (!dashboard) errors.push(`${file}: ${label} has no "Dashboard" link`);
    else if (
      dashboard.url !== `https://grafana.acme.example/d/${name}` ||
      dashboard.icon !== 'dashboard'
    ) {
      errors.push(
        `${file}: ${label} Dashboard link must be https://grafana.acme.example/d/${name} with icon dashboard`,
      );
    }
    // The runbook opens inside the portal (TechDocs), where on-call reads it.
    const runbook = links.find(l => l.title === 'Runbook');
    if (!runbook) errors.push(`${file}: ${label} has no "Runbook" link`);
    else if (
      runbook.url !==
      `${LAPTOP_APP_BASE_URL}/docs/default/component/${name}/runbook/`
    )
      errors.push(
        `${file}: ${label} Runbook link must be the TechDocs page { $portal: /docs/default/component/${name}/runbook/ }`,
      );
    // No link to a host the portal cannot show unless it is clearly an
    // example (RFC 2606 .example names).
    for (const link of links) {
      if (link.url.startsWith(`${LAPTOP_APP_BASE_URL}/`)) continue;
      let host = '';
      try {
        host = new URL(link.url).hostname;
      } catch {
        host = '';
      }
      if (!host.endsWith('.example'))
        errors.push(
          `${file}: ${label} link "${link.title}" points to ${link.url}: use a portal page ({ $portal: /path }) or an .example host`,
        );
    }

    // TechDocs
    const dir = path.resolve(load.catalogDir, path.dirname(file));
    const relDir = rel(load.catalogDir, dir);
    const mkdocsPath = path.join(dir, 'mkdocs.yml');
    if (!fs.existsSync(mkdocsPath)) {
      errors.push(
        `${relDir}/mkdocs.yml: missing (needed by techdocs-ref dir:.)`,
      );
      continue;
    }
    let mkdocs: Json;
    try {
      mkdocs = parseYaml(fs.readFileSync(mkdocsPath, 'utf8'));
    } catch (e) {
      errors.push(`${relDir}/mkdocs.yml: YAML error: ${(e as Error).message}`);
      continue;
    }
    if (!mkdocs?.site_name)
      errors.push(`${relDir}/mkdocs.yml: site_name is required`);
    // The TechDocs reader shows a page only once every stylesheet has
    // loaded; Google Fonts may be unreachable from the browser.
    if (mkdocs?.theme?.font !== false)
      errors.push(
        `${relDir}/mkdocs.yml: set theme.font: false (Google Fonts keep the page invisible offline)`,
      );
    const plugins: unknown[] = Array.isArray(mkdocs?.plugins)
      ? mkdocs.plugins
      : [];
    if (
      !plugins.some(
        p =>
          p === 'techdocs-core' ||
          (p && typeof p === 'object' && 'techdocs-core' in p),
      )
    ) {
      errors.push(`${relDir}/mkdocs.yml: plugins must include techdocs-core`);
    }
    const nav = flattenNav(mkdocs?.nav);
    for (const [, page] of nav) {
      if (!fs.existsSync(path.join(dir, 'docs', page))) {
        errors.push(
          `${relDir}/mkdocs.yml: nav page ${page} does not exist in docs/`,
        );
      }
    }
    const required: Array<[string, string]> = [
      ['index.md', ''],
      ['runbook.md', 'Runbook'],
    ];
    if (spec?.type === 'service')
      required.push(['architecture.md', 'Architecture']);
    for (const [page, title] of required) {
      const abs = path.join(dir, 'docs', page);
      if (!fs.existsSync(abs) || !fs.readFileSync(abs, 'utf8').trim()) {
        errors.push(`${relDir}/docs/${page}: missing or empty`);
      } else if (!/^# \S/m.test(fs.readFileSync(abs, 'utf8'))) {
        errors.push(`${relDir}/docs/${page}: needs a "# Title" heading`);
      }
      if (!nav.some(([t, p]) => p === page && (!title || t === title))) {
        errors.push(
          `${relDir}/mkdocs.yml: nav must list ${page}${
            title ? ` as "${title}"` : ''
          }`,
        );
      }
    }
  }
  return errors;
}

// ---------------------------------------------------------------------------
// Coherence of relations and coverage of files
// ---------------------------------------------------------------------------

function checkRelationsCoherence(entities: LoadedEntity[]): string[] {
  const errors: string[] = [];
  const providers = new Map<string, string[]>();
  const used = new Set<string>();
  const index = buildIndex(entities);
  for (const le of entities.filter(e => e.entity.kind === 'Component')) {
    const provides = new Set<string>();
    for (const raw of specRefs(le, 'providesApis')) {
      try {
        const k = refKey(resolveRef(le, raw, 'API'));
        provides.add(k);
        providers.set(k, [
          ...(providers.get(k) ?? []),
          le.entity.metadata.name,
        ]);
      } catch {
        // reported by checkRefs
      }
    }
    for (const raw of specRefs(le, 'consumesApis')) {
      try {
        if (provides.has(refKey(resolveRef(le, raw, 'API')))) {
          errors.push(
            `${le.file}: ${entityLabel(le.entity)} consumes its own API ${raw}`,
          );
        }
      } catch {
        // reported by checkRefs
      }
    }
    for (const raw of specRefs(le, 'dependsOn')) {
      try {
        used.add(refKey(resolveRef(le, raw, undefined)));
      } catch {
        // reported by checkRefs
      }
    }
  }
  for (const le of entities.filter(e => e.entity.kind === 'API')) {
    const k = refKey({
      kind: 'API',
      namespace: le.entity.metadata.namespace ?? 'default',
      name: le.entity.metadata.name,
    });
    const p = providers.get(k) ?? [];
    if (p.length !== 1) {
      errors.push(
        `${le.file}: ${entityLabel(
          le.entity,
        )} must be provided by exactly one component, found [${p.join(', ')}]`,
      );
    }
  }
  for (const le of entities.filter(e => e.entity.kind === 'Resource')) {
    const k = refKey({
      kind: 'Resource',
      namespace: le.entity.metadata.namespace ?? 'default',
      name: le.entity.metadata.name,
    });
    const hasDependents = specRefs(le, 'dependencyOf').some(raw => {
      try {
        return index.has(refKey(resolveRef(le, raw, undefined)));
      } catch {
        return false;
      }
    });
    if (!used.has(k) && !hasDependents) {
      errors.push(
        `${le.file}: ${entityLabel(
          le.entity,
        )} is not used by any component (dependsOn/dependencyOf)`,
      );
    }
  }
  return errors;
}

/**
 * Every entity file in catalog/ must be reachable from all.yaml, except
 * catalog/laptop/, which app-config.yaml (the laptop default) registers alone.
 */
function checkUnlistedFiles(
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

function countMinimums(entities: LoadedEntity[]) {
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
async function checkCatalog(catalogDir: string) {
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

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

describe('catalog/ (Acme Commerce software catalog)', () => {
  let result: Awaited<ReturnType<typeof checkCatalog>>;

  beforeAll(async () => {
    result = await checkCatalog(CATALOG_DIR);
  });

  it('loads all.yaml, follows every Location target and parses every YAML document', () => {
    expect(result.load.errors).toEqual([]);
    expect(result.load.files[0]).toBe(ROOT_FILE);
    expect(result.load.files.length).toBeGreaterThan(10);
  });

  it('has every entity file listed in all.yaml', () => {
    expect(result.errors.unlisted).toEqual([]);
  });

  it('passes the catalog entity policies and built-in kind validators', () => {
    expect(result.errors.entities).toEqual([]);
  });

  it('has no dangling or wrongly-typed entity references', () => {
    expect(result.errors.refs).toEqual([]);
  });

  it('has a consistent org: one root, parent/children agree, teams and roles have members', () => {
    expect(result.errors.org).toEqual([]);
  });

  it('has a valid OpenAPI 3 document behind every API', () => {
    expect(result.errors.apis).toEqual([]);
  });

  it('gives every component on-call annotations, links and TechDocs with a runbook', () => {
    expect(result.errors.components).toEqual([]);
  });

  it('has coherent relations (one provider per API, every resource used)', () => {
    expect(result.errors.relations).toEqual([]);
  });

  it('meets the minimum org size', () => {
    const counts = countMinimums(result.load.entities);
    expect(counts.domains).toBeGreaterThanOrEqual(1);
    expect(counts.systems).toBeGreaterThanOrEqual(2);
    expect(counts.teams).toBeGreaterThanOrEqual(4);
    expect(counts.components).toBeGreaterThanOrEqual(6);
    expect(counts.apis).toBeGreaterThanOrEqual(4);
    expect(counts.resources).toBeGreaterThanOrEqual(3);
    expect(counts.users).toBeGreaterThanOrEqual(8);
  });

  it('contains the entities the demos and other parts of the portal rely on', () => {
    const refs = new Set(
      result.load.entities.map(le => entityLabel(le.entity).toLowerCase()),
    );
    for (const ref of [
      'group:default/acme',
      'group:default/platform',
      'group:default/developers',
      'group:default/platform-admins',
      'domain:default/commerce',
      'system:default/checkout',
      'system:default/payments',
      'component:default/payment-service',
      'component:default/fraud-detection',
      'api:default/payments-api',
      'resource:default/postgres-payments',
    ]) {
      expect(refs).toContain(ref);
    }
    // The UI test opens payment-service's docs: index title + "Runbook" nav entry.
    const dir = path.join(CATALOG_DIR, 'components/payment-service');
    const mkdocs = parseYaml(
      fs.readFileSync(path.join(dir, 'mkdocs.yml'), 'utf8'),
    );
    expect(flattenNav(mkdocs.nav)).toContainEqual(['Runbook', 'runbook.md']);
    expect(fs.readFileSync(path.join(dir, 'docs/index.md'), 'utf8')).toMatch(
      /^# Payment Service$/m,
    );
  });
});

describe('catalog checks detect broken catalogs', () => {
  let tmp: string;

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'acme-catalog-'));
    fs.cpSync(CATALOG_DIR, tmp, { recursive: true });
  });

  afterEach(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  function edit(file: string, from: string | RegExp, to: string) {
    const abs = path.join(tmp, file);
    const before = fs.readFileSync(abs, 'utf8');
    const after = before.replace(from, to);
    if (after === before)
      throw new Error(`test setup: ${from} not found in ${file}`);
    fs.writeFileSync(abs, after);
  }

  it('reports a dangling owner with the file name', async () => {
    edit(
      'components/payment-service/catalog-info.yaml',
      'owner: group:default/team-payments',
      'owner: group:default/team-nobody',
    );
    const { errors } = await checkCatalog(tmp);
    expect(errors.refs).toEqual([
      'components/payment-service/catalog-info.yaml: Component:default/payment-service spec.owner "group:default/team-nobody" does not resolve: no group:default/team-nobody in catalog/',
    ]);
  });

  it('reports a reference to the wrong kind and a dangling dependsOn', async () => {
    edit(
      'components/order-service/catalog-info.yaml',
      'system: system:default/checkout',
      'system: domain:default/commerce',
    );
    edit(
      'components/order-service/catalog-info.yaml',
      'resource:default/postgres-orders',
      'resource:default/postgres-missing',
    );
    const { errors } = await checkCatalog(tmp);
    expect(errors.refs).toEqual([
      'components/order-service/catalog-info.yaml: Component:default/order-service spec.system "domain:default/commerce" must point to System, not domain',
      'components/order-service/catalog-info.yaml: Component:default/order-service spec.dependsOn "resource:default/postgres-missing" does not resolve: no resource:default/postgres-missing in catalog/',
    ]);
  });

  it('reports YAML syntax errors with the file name', async () => {
    edit(
      'systems/payments.yaml',
      'kind: System',
      'kind: System\n  bad: [unclosed',
    );
    const { errors } = await checkCatalog(tmp);
    expect(errors.load.length).toBeGreaterThan(0);
    expect(
      errors.load.every(e =>
        e.startsWith('systems/payments.yaml (document 1): YAML error'),
      ),
    ).toBe(true);
  });

  it('reports schema violations and unknown root fields', async () => {
    edit(
      'components/cart-service/catalog-info.yaml',
      / {2}lifecycle: production\n/,
      '',
    );
    // a classic mistake: owner at the root instead of under spec
    edit(
      'apis/fraud-api/catalog-info.yaml',
      'kind: API',
      'kind: API\nowner: team-fraud',
    );
    const { errors } = await checkCatalog(tmp);
    expect(errors.entities).toHaveLength(2);
    expect(errors.entities[0]).toMatch(
      /^apis\/fraud-api\/catalog-info\.yaml: API:default\/fraud-api is invalid: .*must NOT have additional properties/,
    );
    expect(errors.entities[1]).toMatch(
      /^components\/cart-service\/catalog-info\.yaml: Component:default\/cart-service is invalid: .*lifecycle/,
    );
  });

  it('reports inconsistent group hierarchy and memberless teams', async () => {
    edit(
      'org/groups.yaml',
      /children:\n {4}- platform-admins\n/,
      'children: []\n',
    );
    edit('org/users.yaml', / {4}- team-fraud\n/g, '    - team-payments\n');
    const { errors } = await checkCatalog(tmp);
    expect(errors.org).toEqual([
      'org/groups.yaml: Group:default/team-fraud (type team) has no members',
      'org/groups.yaml: Group:default/platform-admins has spec.parent platform but org/groups.yaml does not list it in spec.children',
    ]);
  });

  it('reports missing runbooks, on-call annotations and broken OpenAPI files', async () => {
    fs.rmSync(path.join(tmp, 'components/fraud-detection/docs/runbook.md'));
    edit(
      'components/ledger-service/catalog-info.yaml',
      / {4}pagerduty\.com\/service-id: .*\n/,
      '',
    );
    edit('apis/cart-api/openapi.yaml', 'openapi: 3.0.3', 'swagger: "2.0"');
    edit(
      'apis/orders-api/openapi.yaml',
      "$ref: '#/components/schemas/OrderStatus'",
      "$ref: '#/components/schemas/OrderState'",
    );
    const { errors } = await checkCatalog(tmp);
    expect(errors.components).toEqual([
      'components/fraud-detection/mkdocs.yml: nav page runbook.md does not exist in docs/',
      'components/fraud-detection/docs/runbook.md: missing or empty',
      'components/ledger-service/catalog-info.yaml: Component:default/ledger-service is missing annotation pagerduty.com/service-id',
    ]);
    expect(errors.apis).toEqual([
      'apis/orders-api/openapi.yaml: $ref #/components/schemas/OrderState does not resolve',
      'apis/cart-api/openapi.yaml: "openapi" must be a 3.x.y version string, got undefined',
    ]);
  });

  it('reports runbook links outside the portal and links to real hosts', async () => {
    edit(
      'components/cart-service/catalog-info.yaml',
      /url:\n {8}\$portal: \/docs\/default\/component\/cart-service\/runbook\//,
      'url: https://github.com/acme-commerce/cart-service/blob/main/docs/runbook.md',
    );
    const { errors } = await checkCatalog(tmp);
    expect(errors.components).toEqual([
      'components/cart-service/catalog-info.yaml: Component:default/cart-service Runbook link must be the TechDocs page { $portal: /docs/default/component/cart-service/runbook/ }',
      'components/cart-service/catalog-info.yaml: Component:default/cart-service link "Runbook" points to https://github.com/acme-commerce/cart-service/blob/main/docs/runbook.md: use a portal page ({ $portal: /path }) or an .example host',
    ]);
  });

  it('reports placeholder PagerDuty service ids and integration keys', async () => {
    edit(
      'components/payment-service/catalog-info.yaml',
      'pagerduty.com/service-id: PPAYSVC',
      'pagerduty.com/service-id: PD-PAYMENT-SERVICE-PLACEHOLDER\n    pagerduty.com/integration-key: pd-payment-service-placeholder',
    );
    const { errors } = await checkCatalog(tmp);
    expect(errors.components).toEqual([
      'components/payment-service/catalog-info.yaml: Component:default/payment-service pagerduty.com/service-id must be a PagerDuty service id (e.g. PPAYSVC), got PD-PAYMENT-SERVICE-PLACEHOLDER',
      'components/payment-service/catalog-info.yaml: Component:default/payment-service must not carry pagerduty.com/integration-key (a secret for sending events; the portal does not need it)',
    ]);
  });

  it('reports entity files missing from all.yaml and targets that do not exist', async () => {
    edit(
      'all.yaml',
      '    - ./components/support-console/catalog-info.yaml\n',
      '    - ./components/no-such-thing/catalog-info.yaml\n',
    );
    const { errors } = await checkCatalog(tmp);
    expect(errors.load).toEqual([
      'all.yaml: target components/no-such-thing/catalog-info.yaml does not exist',
    ]);
    expect(errors.unlisted).toEqual([
      'components/support-console/catalog-info.yaml: not reachable from all.yaml (add it to spec.targets)',
    ]);
  });
});
