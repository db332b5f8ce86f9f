import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  GOLDEN_PATH_RECORD_PATH,
  GoldenPathRecord,
} from '@internal/backstage-plugin-golden-paths-common';
import fs from 'node:fs/promises';
import path from 'node:path';
import { examples } from './addDbMigration.examples';

/** A migration or table name: snake_case, as Alembic file names and SQL like it. */
const SNAKE_CASE = /^[a-z][a-z0-9_]{0,59}$/;

/** The golden paths whose stack has a migration tool here, and which tool. */
export const MIGRATION_TOOLS: Record<string, string> = {
  'template:default/python-fastapi-service': 'alembic',
};

const exists = (p: string) =>
  fs.stat(p).then(
    () => true,
    () => false,
  );

function nameProblem(what: string, value: string): string | undefined {
  if (SNAKE_CASE.test(value)) return undefined;
  return `${what} "${value}" is not valid: use lowercase letters, digits and "_" only, start with a letter, at most 60 characters (e.g. create_orders)`;
}

const ALEMBIC_INI = `# Alembic (database migrations), added by the database migration golden path.
# The database URL comes from the environment (migrations/env.py), never from here.
[alembic]
script_location = migrations
file_template = %%(rev)s_%%(slug)s

[loggers]
keys = root,sqlalchemy,alembic

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARNING
handlers = console

[logger_sqlalchemy]
level = WARNING
handlers =
qualname = sqlalchemy.engine

[logger_alembic]
level = INFO
handlers =
qualname = alembic

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
`;

const ENV_PY = `"""Alembic environment: the database from DATABASE_URL or the DB_* variables.

In the cluster the chart gives the migration Job the same DB_HOST, DB_PORT,
DB_USER and DB_PASSWORD as the service (the Crossplane claim's secret).
"""

import os
from logging.config import fileConfig

from alembic import context
from sqlalchemy import create_engine, pool
from sqlalchemy.engine import URL


def database_url() -> str | URL:
    url = os.environ.get("DATABASE_URL")
    if url:
        return url.replace("postgresql://", "postgresql+psycopg://", 1)
    return URL.create(
        "postgresql+psycopg",
        username=os.environ["DB_USER"],
        password=os.environ.get("DB_PASSWORD"),
        host=os.environ["DB_HOST"],
        port=int(os.environ.get("DB_PORT", "5432")),
        database=os.environ.get("DB_NAME", "postgres"),
    )


def run_migrations() -> None:
    engine = create_engine(database_url(), poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()


if context.config.config_file_name:
    fileConfig(context.config.config_file_name)
if context.is_offline_mode():
    raise SystemExit("Offline (--sql) migrations are not set up; run against a database.")
run_migrations()
`;

const SCRIPT_MAKO = `"""\${message}

Revision ID: \${up_revision}
Revises: \${down_revision | comma,n}
"""

import sqlalchemy as sa
from alembic import op

revision = \${repr(up_revision)}
down_revision = \${repr(down_revision)}
branch_labels = None
depends_on = None


def upgrade() -> None:
    \${upgrades if upgrades else "pass"}


def downgrade() -> None:
    \${downgrades if downgrades else "pass"}
`;

/** The chart's hook Job (Helm templating, not the scaffolder's). */
const MIGRATION_JOB = `{{- /*
Database migrations, added by the database migration golden path: a Job run
by Helm before every upgrade (and after the first install, once the
ExternalSecret's Secret exists), with the service's own image and database
environment. A failed migration fails the upgrade; the old pods keep running.
*/}}
{{- if .Values.migrations.enabled }}
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ include "app.fullname" . }}-db-migrate
  labels:
    {{- include "app.labels" . | nindent 4 }}
  annotations:
    helm.sh/hook: post-install,pre-upgrade
    helm.sh/hook-weight: "-5"
    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
spec:
  backoffLimit: {{ .Values.migrations.backoffLimit }}
  activeDeadlineSeconds: {{ .Values.migrations.activeDeadlineSeconds }}
  template:
    metadata:
      labels:
        {{- include "app.labels" . | nindent 8 }}
    spec:
      restartPolicy: Never
      securityContext:
        runAsNonRoot: true
      containers:
        - name: migrate
          image: {{ include "app.image" . }}
          imagePullPolicy: {{ .Values.image.pullPolicy }}
          command: {{ toJson .Values.migrations.command }}
          {{- include "app.env" . | nindent 10 }}
          securityContext:
            allowPrivilegeEscalation: false
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
{{- end }}
`;

const VALUES_BLOCK = `
# Database migrations (Alembic), run by the Helm hook Job
# chart/templates/db-migrations-job.yaml before every upgrade.
migrations:
  enabled: true
  command: ["/venv/bin/alembic", "upgrade", "head"]
  backoffLimit: 1
  activeDeadlineSeconds: 600
`;

const PY_DEPENDENCIES = [
  '"alembic>=1.13,<2"',
  '"sqlalchemy>=2,<3"',
  '"psycopg[binary]>=3.1,<4"',
];

/** A new Alembic revision file, creating `table` or empty for the team to write. */
function alembicRevision(options: {
  revision: string;
  downRevision?: string;
  name: string;
  table?: string;
}) {
  const { revision, downRevision, name, table } = options;
  const title = name.replace(/_/g, ' ');
  const upgrade = table
    ? `    op.create_table(
        ${JSON.stringify(table)},
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
    )`
    : '    # Write the schema change here (op.create_table, op.add_column, ...).\n    pass';
  const downgrade = table
    ? `    op.drop_table(${JSON.stringify(table)})`
    : '    pass';
  return `"""${title[0].toUpperCase()}${title.slice(1)}.

Revision ID: ${revision}
Revises:${downRevision ? ` ${downRevision}` : ''}
"""

import sqlalchemy as sa
from alembic import op

revision = ${JSON.stringify(revision)}
down_revision = ${downRevision ? JSON.stringify(downRevision) : 'None'}
branch_labels = None
depends_on = None


def upgrade() -> None:
${upgrade}


def downgrade() -> None:
${downgrade}
`;
}

/** Adds the Alembic dependencies to pyproject.toml's `dependencies = [...]`. */
function withPythonDependencies(pyproject: string): string {
  const match = pyproject.match(/^dependencies = \[\n([\s\S]*?)^\]/m);
  if (!match) {
    throw new InputError(
      'pyproject.toml has no "dependencies = [" list at the start of a line; add alembic, sqlalchemy and psycopg[binary] to it by hand and run again',
    );
  }
  const missing = PY_DEPENDENCIES.filter(
    dep => !match[1].includes(dep.replace(/^"([a-z]+).*$/, '"$1')),
  );
  if (missing.length === 0) return pyproject;
  const added = missing.map(dep => `  ${dep},\n`).join('');
  const at = match.index! + match[0].length - 1;
  return `${pyproject.slice(0, at)}${added}${pyproject.slice(at)}`;
}

/** Copies alembic.ini and migrations/ into the image's final stage. */
function withDockerfileCopies(dockerfile: string): string {
  if (dockerfile.includes('COPY migrations ./migrations')) return dockerfile;
  const lines = dockerfile.split('\n');
  const last = lines.map(l => l.trim()).lastIndexOf('COPY app ./app');
  if (last < 0) {
    throw new InputError(
      'The Dockerfile has no "COPY app ./app" line in its final stage; add "COPY alembic.ini ./" and "COPY migrations ./migrations" there by hand and run again',
    );
  }
  lines.splice(
    last + 1,
    0,
    'COPY alembic.ini ./',
    'COPY migrations ./migrations',
  );
  return lines.join('\n');
}

/**
 * Creates `acme:db-migration:add`: adds a versioned database migration to a
 * service made from a golden path, in the migration tool of its stack (read
 * from its `.backstage/golden-path.json`): Alembic for the FastAPI golden
 * path. The first time it also sets the tool up (config, dependencies, the
 * image's files) and adds a Helm hook Job to the chart that runs the
 * migrations. Stacks without a tool here fail, saying which are supported.
 *
 * @public
 */
export function createAddDbMigrationAction() {
  return createTemplateAction({
    id: 'acme:db-migration:add',
    description:
      "Adds a versioned database migration (and, the first time, the migration tool and a Helm hook Job running it) to a golden-path service's repository in the workspace",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        path: z =>
          z
            .string({
              description:
                "The service's repository within the workspace (a clone). Defaults to the workspace root",
            })
            .optional(),
        name: z =>
          z.string({
            description:
              'Name of the migration in snake_case, e.g. create_orders',
          }),
        table: z =>
          z
            .string({
              description:
                'A table the migration creates (id, created_at); without it the migration is empty for you to write',
            })
            .optional(),
      },
      output: {
        tool: z =>
          z.string({ description: 'The migration tool, e.g. alembic' }),
        revision: z => z.string({ description: 'The new revision, e.g. 0001' }),
        files: z =>
          z.array(z.string(), {
            description: 'Files added or changed, relative to the repository',
          }),
      },
    },
    async handler(ctx) {
      const { name } = ctx.input;
      // An empty form field arrives as ''.
      const table = ctx.input.table || undefined;
      const problems = [
        nameProblem('Migration name', name),
        table === undefined ? undefined : nameProblem('Table name', table),
      ].filter(Boolean);
      if (problems.length) throw new InputError(problems.join('; '));

      const repo = path.resolve(ctx.workspacePath, ctx.input.path ?? '.');
      if (!repo.startsWith(path.resolve(ctx.workspacePath))) {
        throw new InputError(`path ${ctx.input.path} is outside the workspace`);
      }
      const recordFile = path.join(repo, GOLDEN_PATH_RECORD_PATH);
      if (!(await exists(recordFile))) {
        throw new InputError(
          `The repository has no ${GOLDEN_PATH_RECORD_PATH}: it was not made from a golden path, so its stack is unknown`,
        );
      }
      const record: GoldenPathRecord = JSON.parse(
        await fs.readFile(recordFile, 'utf8'),
      );
      const tool = MIGRATION_TOOLS[record.templateRef];
      if (!tool) {
        throw new InputError(
          `Database migrations are not supported for ${
            record.templateRef
          } yet; supported: ${Object.entries(MIGRATION_TOOLS)
            .map(([ref, t]) => `${ref} (${t})`)
            .join(', ')}`,
        );
      }

      const versionsDir = path.join(repo, 'migrations/versions');
      const existing = (await exists(versionsDir))
        ? (await fs.readdir(versionsDir))
            .map(f => f.match(/^(\d{4})_.*\.py$/)?.[1])
            .filter((r): r is string => Boolean(r))
            .sort()
        : [];
      const downRevision = existing[existing.length - 1];
      const revision = String(Number(downRevision ?? '0') + 1).padStart(4, '0');
      const revisionFile = `migrations/versions/${revision}_${name}.py`;
      ctx.output('tool', tool);
      ctx.output('revision', revision);

      const files: Record<string, string> = {
        [revisionFile]: alembicRevision({
          revision,
          downRevision,
          name,
          table,
        }),
      };
      const setup: Record<string, string> = {
        'alembic.ini': ALEMBIC_INI,
        'migrations/env.py': ENV_PY,
        'migrations/script.py.mako': SCRIPT_MAKO,
        'chart/templates/db-migrations-job.yaml': MIGRATION_JOB,
      };
      for (const [file, content] of Object.entries(setup)) {
        if (!(await exists(path.join(repo, file)))) files[file] = content;
      }
      const read = (file: string) => fs.readFile(path.join(repo, file), 'utf8');
      const changed: Record<string, [string, string]> = {
        'pyproject.toml': [
          await read('pyproject.toml'),
          withPythonDependencies(await read('pyproject.toml')),
        ],
        Dockerfile: [
          await read('Dockerfile'),
          withDockerfileCopies(await read('Dockerfile')),
        ],
      };
      const values = await read('chart/values.yaml');
      changed['chart/values.yaml'] = [
        values,
        /^migrations:/m.test(values) ? values : `${values}${VALUES_BLOCK}`,
      ];
      for (const [file, [before, after]] of Object.entries(changed)) {
        if (before !== after) files[file] = after;
      }
      ctx.output('files', Object.keys(files).sort());
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would write ${Object.keys(files).join(', ')}`,
        );
        return;
      }
      for (const [file, content] of Object.entries(files)) {
        const target = path.join(repo, file);
        await fs.mkdir(path.dirname(target), { recursive: true });
        await fs.writeFile(target, content);
      }
      ctx.logger.info(
        `Added ${tool} revision ${revision} (${revisionFile}); wrote ${Object.keys(
          files,
        ).join(', ')}`,
      );
    },
  });
}
