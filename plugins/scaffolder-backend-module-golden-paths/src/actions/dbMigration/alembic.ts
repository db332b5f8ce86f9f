import { InputError } from '@backstage/errors';
import {
  insertAfterLast,
  MigrationStack,
  migrationTitle,
  RevisionOptions,
} from './stack';

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

const PY_DEPENDENCIES = [
  '"alembic>=1.13,<2"',
  '"sqlalchemy>=2,<3"',
  '"psycopg[binary]>=3.1,<4"',
];

/** A new Alembic revision file, creating `table` or empty for the team to write. */
function alembicRevision(options: RevisionOptions) {
  const { revision, downRevision, name, table } = options;
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
  return `"""${migrationTitle(name)}.

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
  return insertAfterLast(
    dockerfile,
    'COPY app ./app',
    ['COPY alembic.ini ./', 'COPY migrations ./migrations'],
    'The Dockerfile has no "COPY app ./app" line in its final stage; add "COPY alembic.ini ./" and "COPY migrations ./migrations" there by hand and run again',
  );
}

/**
 * Alembic for the FastAPI golden path: Python revisions in
 * migrations/versions/, the database from DATABASE_URL or the claim's DB_*
 * variables (migrations/env.py), run with the image's /venv/bin/alembic.
 */
export const alembic: MigrationStack = {
  tool: 'alembic',
  versionsDir: 'migrations/versions',
  extension: '.py',
  revisionFile: alembicRevision,
  setupFiles: {
    'alembic.ini': ALEMBIC_INI,
    'migrations/env.py': ENV_PY,
    'migrations/script.py.mako': SCRIPT_MAKO,
  },
  edits: {
    'pyproject.toml': withPythonDependencies,
    Dockerfile: withDockerfileCopies,
  },
  jobCommand: ['/venv/bin/alembic', 'upgrade', 'head'],
};
