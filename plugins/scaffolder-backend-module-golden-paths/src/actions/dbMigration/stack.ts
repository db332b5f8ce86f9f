import { InputError } from '@backstage/errors';

/** What a new revision is made from. */
export interface RevisionOptions {
  /** Its version, e.g. 0002. */
  revision: string;
  /** The version before it, if any. */
  downRevision?: string;
  /** The migration's snake_case name. */
  name: string;
  /** A table it creates (id, created_at), or none: empty for the team to write. */
  table?: string;
}

/**
 * A stack's migration tool: where its versioned migrations live, how one is
 * written, and what the repository needs the first time (files added when
 * missing, edits that leave a file alone once made).
 */
export interface MigrationStack {
  /** The tool, e.g. alembic. */
  tool: string;
  /** The directory of the versioned migrations, relative to the repository. */
  versionsDir: string;
  /** The file extension of a migration, e.g. .sql. */
  extension: string;
  /** A new migration's content. */
  revisionFile(options: RevisionOptions): string;
  /** Added when the repository does not have them yet. */
  setupFiles: Record<string, string>;
  /** Applied to the repository's files; each returns its input when already done. */
  edits: Record<string, (content: string) => string>;
  /** The command of the Helm hook Job, in the service's image. */
  jobCommand: string[];
}

/**
 * Inserts `added` after the last line that is `anchor` (trimmed). Throws with
 * `hint` when there is no such line.
 */
export function insertAfterLast(
  content: string,
  anchor: string | RegExp,
  added: string[],
  hint: string,
): string {
  const lines = content.split('\n');
  const matches = (line: string) =>
    typeof anchor === 'string'
      ? line.trim() === anchor
      : anchor.test(line.trim());
  let at = -1;
  lines.forEach((line, i) => {
    if (matches(line)) at = i;
  });
  if (at < 0) throw new InputError(hint);
  lines.splice(at + 1, 0, ...added);
  return lines.join('\n');
}

/** The migration's title from its name: create_orders becomes "Create orders". */
export function migrationTitle(name: string): string {
  const title = name.replace(/_/g, ' ');
  return `${title[0].toUpperCase()}${title.slice(1)}`;
}

/**
 * The SQL of a migration's up and down parts (goose and node-pg-migrate):
 * creating `table`, or comments for the team to write the change.
 */
export function sqlMigrationStatements(table?: string): {
  up: string;
  down: string;
} {
  return table
    ? {
        up: `CREATE TABLE ${table} (
    id BIGSERIAL PRIMARY KEY,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);`,
        down: `DROP TABLE ${table};`,
      }
    : {
        up: '-- Write the schema change here (CREATE TABLE, ALTER TABLE ...).',
        down: '-- Undo the schema change here.',
      };
}
