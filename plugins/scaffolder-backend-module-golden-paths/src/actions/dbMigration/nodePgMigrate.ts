import { InputError } from '@backstage/errors';
import lock from './nodePgMigrate.lock.json';
import {
  insertAfterLast,
  MigrationStack,
  migrationTitle,
  sqlMigrationStatements,
  RevisionOptions,
} from './stack';

/** node-pg-migrate (pinned) and pg, with their package-lock.json entries. */
export const NODE_PG_MIGRATE_DEPENDENCIES: Record<string, string> =
  lock.dependencies;

type PackageJson = {
  dependencies?: Record<string, string>;
  scripts?: Record<string, string>;
};
type PackageLock = {
  packages: Record<
    string,
    { version?: string; dependencies?: Record<string, string> }
  >;
};

const sorted = (entries: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(entries).sort(([a], [b]) => a.localeCompare(b)),
  );

/** A node-pg-migrate SQL migration, creating `table` or empty for the team to write. */
function sqlMigration(options: RevisionOptions): string {
  const { revision, name, table } = options;
  const { up, down } = sqlMigrationStatements(table);
  return `-- ${migrationTitle(name)} (node-pg-migrate migration ${revision}).
-- Runs in a transaction; node-pg-migrate records it in pgmigrations.

-- Up Migration
${up}

-- Down Migration
${down}
`;
}

const hasTool = (pkg: PackageJson) =>
  Boolean(pkg.dependencies?.['node-pg-migrate']);

/** node-pg-migrate and pg as dependencies (the image keeps those), and `npm run migrate`. */
function withPackageJson(content: string): string {
  const pkg: PackageJson = JSON.parse(content);
  if (hasTool(pkg)) return content;
  pkg.dependencies = sorted({
    ...pkg.dependencies,
    ...NODE_PG_MIGRATE_DEPENDENCIES,
  });
  pkg.scripts = {
    ...pkg.scripts,
    migrate: 'node-pg-migrate --migrations-dir migrations',
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

/**
 * The same in package-lock.json: the resolved packages added (as
 * `npm install` would), so `npm ci` installs them with no registry lookup of
 * versions. A package the lock has at another version stops it.
 */
function withPackageLock(content: string): string {
  const pkgLock: PackageLock = JSON.parse(content);
  const root = pkgLock.packages?.[''];
  if (!root) {
    throw new InputError(
      'package-lock.json is not an npm lockfile (version 2 or 3); run "npm install node-pg-migrate pg" in the repository by hand',
    );
  }
  if (root.dependencies?.['node-pg-migrate']) return content;
  for (const [key, entry] of Object.entries(lock.packages)) {
    const existing = pkgLock.packages[key];
    if (existing && existing.version !== entry.version) {
      throw new InputError(
        `package-lock.json has ${key.replace(/^node_modules\//, '')}@${
          existing.version
        }, node-pg-migrate needs ${
          entry.version
        }; run "npm install node-pg-migrate@${
          NODE_PG_MIGRATE_DEPENDENCIES['node-pg-migrate']
        } pg" in the repository by hand and run again`,
      );
    }
  }
  root.dependencies = sorted({
    ...root.dependencies,
    ...NODE_PG_MIGRATE_DEPENDENCIES,
  });
  const packages: PackageLock['packages'] = { ...pkgLock.packages };
  Object.assign(packages, lock.packages);
  const [first, ...rest] = Object.keys(packages);
  pkgLock.packages = Object.fromEntries(
    [first, ...rest.sort()].map(key => [key, packages[key]]),
  );
  return `${JSON.stringify(pkgLock, null, 2)}\n`;
}

/** The final stage gets migrations/ next to package.json. */
function withDockerfileCopy(dockerfile: string): string {
  if (dockerfile.includes('COPY migrations ./migrations')) return dockerfile;
  return insertAfterLast(
    dockerfile,
    'COPY package.json ./',
    ['COPY migrations ./migrations'],
    'The Dockerfile has no "COPY package.json ./" line in its final stage; add "COPY migrations ./migrations" there by hand and run again',
  );
}

/**
 * node-pg-migrate for the TypeScript golden path: SQL migrations in
 * migrations/, the tool a dependency of the service (`npm run migrate up`
 * locally), the database from DATABASE_URL (the ExternalSecret).
 */
export const nodePgMigrate: MigrationStack = {
  tool: 'node-pg-migrate',
  versionsDir: 'migrations',
  extension: '.sql',
  revisionFile: sqlMigration,
  setupFiles: {},
  edits: {
    'package.json': withPackageJson,
    'package-lock.json': withPackageLock,
    Dockerfile: withDockerfileCopy,
  },
  jobCommand: [
    '/app/node_modules/.bin/node-pg-migrate',
    'up',
    '--migrations-dir',
    '/app/migrations',
  ],
};
