import { stringifyEntityRef } from '@backstage/catalog-model';
import { connect } from '../lib/portal';
import { CliContext } from './types';

/** The version a golden path declares (catalog-info of its template). */
const VERSION_ANNOTATION = 'acme.io/template-version';

/** Left-aligned columns, two spaces apart. */
export function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map(r => r[i].length)));
  return rows.map(r =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd(),
  );
}

export async function templates(
  ctx: CliContext,
  options: { json?: boolean },
): Promise<number> {
  const portal = await connect(ctx.env);
  const { items } = await portal.catalog.getEntities({
    filter: { kind: 'Template' },
    fields: [
      'kind',
      'metadata.name',
      'metadata.namespace',
      'metadata.title',
      'metadata.annotations',
      'spec.owner',
      'spec.type',
    ],
    order: { field: 'metadata.name', order: 'asc' },
  });
  const list = items.map(t => ({
    name:
      t.metadata.namespace && t.metadata.namespace !== 'default'
        ? stringifyEntityRef(t).replace(/^template:/, '')
        : t.metadata.name,
    title: t.metadata.title ?? t.metadata.name,
    version: t.metadata.annotations?.[VERSION_ANNOTATION] ?? '-',
    owner: String(t.spec?.owner ?? '-'),
    type: String(t.spec?.type ?? '-'),
  }));
  if (options.json) {
    ctx.out(JSON.stringify(list, null, 2));
    return 0;
  }
  if (list.length === 0) {
    ctx.out('The catalog has no templates you may see.');
    return 0;
  }
  for (const line of table([
    ['NAME', 'TITLE', 'VERSION', 'OWNER'],
    ...list.map(t => [t.name, t.title, t.version, t.owner]),
  ])) {
    ctx.out(line);
  }
  return 0;
}
