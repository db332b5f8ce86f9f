import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ChangelogEntry } from '@internal/backstage-plugin-golden-paths-common';
import type { TemplateSource } from './templateSource';
import { compareVersions } from './versions';

const HEADING = /^## (\d+\.\d+\.\d+)(?: \(([^)]*)\))?[ \t]*$/gm;

/**
 * The sections of a golden path's CHANGELOG.md: `## <version> (<date>)`
 * headings, each followed by its notes.
 */
export function parseChangelog(markdown: string): ChangelogEntry[] {
  const headings = [...markdown.matchAll(HEADING)];
  return headings.map((match, i) => {
    const start = match.index! + match[0].length;
    const end =
      i + 1 < headings.length ? headings[i + 1].index! : markdown.length;
    return {
      version: match[1],
      ...(match[2] ? { date: match[2] } : {}),
      notes: markdown.slice(start, end).trim(),
    };
  });
}

/** The entries after `from` up to and including `to`, newest first. */
export function changesBetween(
  entries: ChangelogEntry[],
  from: string,
  to: string,
): ChangelogEntry[] {
  return entries
    .filter(
      e =>
        compareVersions(e.version, from) > 0 &&
        compareVersions(e.version, to) <= 0,
    )
    .sort((a, b) => compareVersions(b.version, a.version));
}

/**
 * What a golden path's changelog says changed after `from` up to `to`; none
 * (and a warning) when it cannot be read: a missing changelog must not stop
 * a page or an upgrade.
 */
export async function readChangesBetween(
  options: {
    source: Pick<TemplateSource, 'readChangelog'>;
    logger: LoggerService;
  },
  template: Entity,
  from: string,
  to: string,
): Promise<ChangelogEntry[]> {
  try {
    const text = await options.source.readChangelog(template);
    return text ? changesBetween(parseChangelog(text), from, to) : [];
  } catch (error) {
    options.logger.warn(
      `Could not read the changelog of ${stringifyEntityRef(
        template,
      )}: ${error}`,
    );
    return [];
  }
}
