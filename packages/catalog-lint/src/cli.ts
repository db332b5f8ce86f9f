import path from 'node:path';
import { CatalogLintErrors, lintCatalog } from './lintCatalog';

const USAGE = `Usage: catalog-lint [catalog-dir]

Checks a software catalog directory (default: ./catalog) the way the portal
reads it, starting from its all.yaml. Prints every problem with its file and
exits with 1 when there is any.`;

/** Headings of the checks, in the order they are printed. */
const CHECKS: Record<keyof CatalogLintErrors, string> = {
  load: 'Files and YAML',
  unlisted: 'Files not reachable from all.yaml',
  entities: 'Entity validation',
  refs: 'Entity references',
  org: 'Organization',
  apis: 'API definitions',
  components: 'Components (on-call, links, TechDocs)',
  relations: 'Relations',
};

/**
 * Lints the catalog directory named in `args` and reports to `out` (success)
 * or `err` (problems); resolves with the exit code.
 */
export async function main(
  args: string[],
  io: { out: (line: string) => void; err: (line: string) => void } = {
    out: line => process.stdout.write(`${line}\n`),
    err: line => process.stderr.write(`${line}\n`),
  },
): Promise<number> {
  if (args.length > 1 || args.some(a => a.startsWith('-'))) {
    io.err(USAGE);
    return 2;
  }
  const dirArg = args[0] ?? 'catalog';
  const catalogDir = path.resolve(dirArg);
  // Messages name files relative to the catalog; print them relative to the
  // working directory so that they can be opened from the terminal.
  const shown = path.relative(process.cwd(), catalogDir) || '.';
  const { load, errors } = await lintCatalog(catalogDir);

  let problems = 0;
  for (const [check, heading] of Object.entries(CHECKS)) {
    const found = errors[check as keyof CatalogLintErrors];
    if (found.length === 0) continue;
    problems += found.length;
    io.err(`${heading}:`);
    for (const message of found) {
      io.err(`  ${shown}/${message}`);
    }
  }
  if (problems > 0) {
    io.err(
      `catalog-lint: ${problems} problem${
        problems === 1 ? '' : 's'
      } in ${shown}/`,
    );
    return 1;
  }
  io.out(
    `catalog-lint: ${shown}/ is fine (${load.files.length} files, ${load.entities.length} entities)`,
  );
  return 0;
}
