/*
 * Components: naming, on-call metadata, links and TechDocs with a runbook.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { entityLabel, Json } from '../entityRefs';
import { LoadResult, rel } from '../loadCatalog';
import { LAPTOP_APP_BASE_URL, resolvePlaceholders } from '../placeholders';

const ON_CALL_ANNOTATIONS = [
  'pagerduty.com/service-id',
  'grafana/dashboard-selector',
];

/** Flattens an mkdocs nav into [title, file] pairs. */
export function flattenNav(
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

export function checkComponents(load: LoadResult): string[] {
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
