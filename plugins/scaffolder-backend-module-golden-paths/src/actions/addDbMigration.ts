import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  GOLDEN_PATH_RECORD_PATH,
  GoldenPathRecord,
} from '@internal/backstage-plugin-golden-paths-common';
import fs from 'node:fs/promises';
import path from 'node:path';
import { examples } from './addDbMigration.examples';
import { alembic } from './dbMigration/alembic';
import { goose } from './dbMigration/goose';
import { MIGRATION_JOB, migrationValues } from './dbMigration/job';
import { nodePgMigrate } from './dbMigration/nodePgMigrate';
import { MigrationStack } from './dbMigration/stack';

/** A migration or table name: snake_case, as Alembic file names and SQL like it. */
const SNAKE_CASE = /^[a-z][a-z0-9_]{0,59}$/;

/** The golden paths whose stack has a migration tool here, and which tool. */
export const MIGRATION_STACKS: Record<string, MigrationStack> = {
  'template:default/python-fastapi-service': alembic,
  'template:default/go-service': goose,
  'template:default/typescript-node-service': nodePgMigrate,
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

/**
 * Creates `acme:db-migration:add`: adds a versioned database migration to a
 * service made from a golden path, in the migration tool of its stack (read
 * from its `.backstage/golden-path.json`): Alembic for the FastAPI golden
 * path, goose for Go, node-pg-migrate for TypeScript. The first time it also sets the tool up (config, dependencies, the
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
      const stack = MIGRATION_STACKS[record.templateRef];
      if (!stack) {
        throw new InputError(
          `Database migrations are not supported for ${
            record.templateRef
          } yet; supported: ${Object.entries(MIGRATION_STACKS)
            .map(([ref, s]) => `${ref} (${s.tool})`)
            .join(', ')}`,
        );
      }
      const { tool, versionsDir, extension } = stack;

      const versionsPath = path.join(repo, versionsDir);
      const versionPattern = new RegExp(
        `^(\\d{4})_.*${extension.replace('.', '\\.')}$`,
      );
      const existing = (await exists(versionsPath))
        ? (await fs.readdir(versionsPath))
            .map(f => f.match(versionPattern)?.[1])
            .filter((r): r is string => Boolean(r))
            .sort()
        : [];
      const downRevision = existing[existing.length - 1];
      const revision = String(Number(downRevision ?? '0') + 1).padStart(4, '0');
      const revisionFile = `${versionsDir}/${revision}_${name}${extension}`;
      ctx.output('tool', tool);
      ctx.output('revision', revision);

      const files: Record<string, string> = {
        [revisionFile]: stack.revisionFile({
          revision,
          downRevision,
          name,
          table,
        }),
      };
      const setup: Record<string, string> = {
        ...stack.setupFiles,
        'chart/templates/db-migrations-job.yaml': MIGRATION_JOB,
      };
      for (const [file, content] of Object.entries(setup)) {
        if (!(await exists(path.join(repo, file)))) files[file] = content;
      }
      const read = (file: string) => fs.readFile(path.join(repo, file), 'utf8');
      const edits: Record<string, (content: string) => string> = {
        ...stack.edits,
        'chart/values.yaml': values =>
          /^migrations:/m.test(values)
            ? values
            : `${values}${migrationValues(tool, stack.jobCommand)}`,
      };
      for (const [file, edit] of Object.entries(edits)) {
        const before = await read(file);
        const after = edit(before);
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
