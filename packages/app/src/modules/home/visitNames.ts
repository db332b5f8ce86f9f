import { stringifyEntityRef } from '@backstage/catalog-model';

const entityPage = /^\/catalog\/([^/]+)\/([^/]+)\/([^/]+)/;
const docsPage = /^\/docs\/([^/]+)\/([^/]+)\/([^/]+)/;

/** Sidebar labels where the first path segment does not read as one. */
const pageNames: Record<string, string> = {
  '': 'Home',
  'api-docs': 'APIs',
  'cost-tracker': 'Costs',
  devex: 'DevEx',
};

/** The catalog entity a page is about (its entity page), for the visit lists. */
export function visitEntityRef({
  pathname,
}: {
  pathname: string;
}): string | undefined {
  const match = entityPage.exec(pathname);
  if (!match) return undefined;
  const [, namespace, kind, name] = match.map(decodeURIComponent);
  return stringifyEntityRef({ kind, namespace, name });
}

/**
 * What the home page's "Recently visited" and "Most visited" call a page:
 * the entity's name, "<name> docs", or the section as the sidebar names it.
 * Upstream falls back to the document title, which is the portal's name on
 * every page.
 */
export function visitName({ pathname }: { pathname: string }): string {
  const entity = entityPage.exec(pathname);
  if (entity) return decodeURIComponent(entity[3]);
  const docs = docsPage.exec(pathname);
  if (docs) return `${decodeURIComponent(docs[3])} docs`;
  const section = pathname.split('/')[1] ?? '';
  if (section in pageNames) return pageNames[section];
  const words = decodeURIComponent(section).replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
