import { InputError } from '@backstage/errors';
import {
  insertAfterLast,
  MigrationStack,
  migrationTitle,
  sqlMigrationStatements,
  RevisionOptions,
} from './stack';

/** goose, pinned; its go.mod asks for Go 1.23, as the Go golden path's image has. */
export const GOOSE_MODULE = 'github.com/pressly/goose/v3/cmd/goose';
export const GOOSE_VERSION = 'v3.26.0';
/** The drivers left out of the binary: it only speaks PostgreSQL. */
const GOOSE_BUILD_TAGS =
  'no_clickhouse no_libsql no_mssql no_mysql no_sqlite3 no_vertica no_ydb';

/** A goose SQL migration, creating `table` or empty for the team to write. */
function gooseMigration(options: RevisionOptions): string {
  const { revision, name, table } = options;
  const { up, down } = sqlMigrationStatements(table);
  return `-- ${migrationTitle(name)} (goose migration ${revision}).
-- Runs in a transaction; goose records it in goose_db_version.

-- +goose Up
${up}

-- +goose Down
${down}
`;
}

/**
 * A build stage that installs the pinned goose with the build stage's Go,
 * and the final stage gets /goose and /migrations.
 */
function withGooseInImage(dockerfile: string): string {
  if (/^FROM .* AS migrate$/m.test(dockerfile)) return dockerfile;
  const build = dockerfile.match(/^FROM (golang:\S+) AS build$/m);
  const lines = dockerfile.split('\n');
  const last = lines.map(l => l.startsWith('FROM ')).lastIndexOf(true);
  if (!build || last < 0 || lines[last].includes(' AS build')) {
    throw new InputError(
      'The Dockerfile is not the Go golden path\'s two stages ("FROM golang:... AS build", then the final image); add goose to the image by hand and run again',
    );
  }
  lines.splice(
    last,
    0,
    '# goose, the database migration tool, pinned and with its PostgreSQL driver',
    '# only: the Helm hook Job (chart/templates/db-migrations-job.yaml) runs it.',
    `FROM ${build[1]} AS migrate`,
    `RUN CGO_ENABLED=0 go install -trimpath -ldflags="-s -w" -tags "${GOOSE_BUILD_TAGS}" ${GOOSE_MODULE}@${GOOSE_VERSION}`,
    '',
  );
  return insertAfterLast(
    lines.join('\n'),
    /^COPY --from=build /,
    ['COPY --from=migrate /go/bin/goose /goose', 'COPY migrations /migrations'],
    'The Dockerfile\'s final stage has no "COPY --from=build ..." line; copy /go/bin/goose and migrations/ into it by hand and run again',
  );
}

/**
 * goose for the Go golden path: SQL migrations in migrations/, a pinned goose
 * built into the image, the database from DATABASE_URL (the ExternalSecret).
 * The service's go.mod does not change.
 */
export const goose: MigrationStack = {
  tool: 'goose',
  versionsDir: 'migrations',
  extension: '.sql',
  revisionFile: gooseMigration,
  setupFiles: {},
  edits: { Dockerfile: withGooseInImage },
  // Kubernetes expands $(DATABASE_URL) from the container's environment (the
  // image has no shell).
  jobCommand: [
    '/goose',
    '-dir',
    '/migrations',
    'postgres',
    '$(DATABASE_URL)',
    'up',
  ],
};
