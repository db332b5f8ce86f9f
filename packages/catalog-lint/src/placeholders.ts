/*
 * Placeholders in catalog files, resolved as the backend resolves them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { portalPlaceholderResolver } from '@internal/backstage-plugin-catalog-backend-module-acme-placeholders';

/** app.baseUrl of app-config.yaml, what $portal links resolve against on a laptop. */
export const LAPTOP_APP_BASE_URL = 'http://localhost:7007';

/**
 * Substitutes $text/$yaml/$json/$portal placeholders with the referenced file, like
 * the catalog's PlaceholderProcessor does before validation (an API's
 * spec.definition must be a string by then). Missing files are left as they
 * are; checkApiDefinitions reports them.
 */
export function resolvePlaceholders(
  node: unknown,
  fromFileAbs: string,
): unknown {
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
