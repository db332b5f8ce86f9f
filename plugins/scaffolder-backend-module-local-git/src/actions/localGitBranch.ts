import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { git } from '../git';
import { dns1123Problem, LocalGitLayout } from '../localGitConfig';
import { fetchExamples, branchExamples } from './localGitBranch.examples';

/** A branch name git accepts and that is no option: `a-z0-9._/-`. */
const BRANCH = /^[a-z0-9][a-z0-9._/-]{0,99}$/i;

async function bareRepo(layout: LocalGitLayout, repoName: string) {
  const problem = dns1123Problem(repoName);
  if (problem) throw new InputError(`Repository name "${repoName}" ${problem}`);
  const bare = layout.bareRepoPath(repoName);
  if (
    !(await fs.stat(bare).then(
      s => s.isDirectory(),
      () => false,
    ))
  ) {
    throw new NotFoundError(
      `There is no local git repository "${repoName}" on this portal (${bare})`,
    );
  }
  return bare;
}

function inWorkspace(workspacePath: string, target = '.') {
  const dir = path.resolve(workspacePath, target);
  if (!dir.startsWith(path.resolve(workspacePath))) {
    throw new InputError(`targetPath ${target} is outside the workspace`);
  }
  return dir;
}

/**
 * Creates `fetch:local-git`: clones a repository `publish:local-git` made
 * (its default branch) into the workspace, for a day-2 template to change.
 *
 * @public
 */
export function createFetchLocalGitAction(options: { layout: LocalGitLayout }) {
  return createTemplateAction({
    id: 'fetch:local-git',
    description:
      'Clones a local git repository of this portal (made by publish:local-git) into the workspace',
    examples: fetchExamples,
    supportsDryRun: true,
    schema: {
      input: {
        repoName: z =>
          z.string({ description: 'The repository, e.g. the component name' }),
        targetPath: z =>
          z
            .string({
              description:
                'Where in the workspace to clone it. Defaults to the workspace root',
            })
            .optional(),
      },
      output: {
        defaultBranch: z =>
          z.string({ description: 'The default branch of the repository' }),
        commitHash: z =>
          z.string({ description: 'The commit of the default branch cloned' }),
      },
    },
    async handler(ctx) {
      const bare = await bareRepo(options.layout, ctx.input.repoName);
      const dir = inWorkspace(ctx.workspacePath, ctx.input.targetPath);
      await fs.mkdir(dir, { recursive: true });
      await git(['clone', '--quiet', bare, dir], { logger: ctx.logger });
      ctx.output(
        'defaultBranch',
        await git(['symbolic-ref', '--short', 'HEAD'], { cwd: dir }),
      );
      ctx.output('commitHash', await git(['rev-parse', 'HEAD'], { cwd: dir }));
    },
  });
}

/**
 * Creates `publish:local-git:branch`: commits a clone made by
 * `fetch:local-git` on a new branch and pushes that branch to the bare
 * repository, the local counterpart of a pull request. Never the default
 * branch, never an existing branch.
 *
 * @public
 */
export function createPublishLocalGitBranchAction(options: {
  layout: LocalGitLayout;
  enabled?: boolean;
}) {
  return createTemplateAction({
    id: 'publish:local-git:branch',
    description:
      'Commits the changes of a clone in the workspace on a new branch and pushes it to its local git repository (never to the default branch)',
    examples: branchExamples,
    supportsDryRun: true,
    schema: {
      input: {
        repoName: z =>
          z.string({ description: 'The repository the clone came from' }),
        sourcePath: z =>
          z
            .string({
              description:
                'The clone within the workspace. Defaults to the workspace root',
            })
            .optional(),
        branchName: z => z.string({ description: 'The new branch' }),
        commitMessage: z => z.string({ description: 'Message of the commit' }),
        gitAuthorName: z =>
          z.string({ description: 'Author name of the commit' }).optional(),
        gitAuthorEmail: z =>
          z.string({ description: 'Author e-mail of the commit' }).optional(),
      },
      output: {
        branchName: z => z.string({ description: 'The branch pushed' }),
        commitHash: z => z.string({ description: 'Its commit' }),
        bareRepoPath: z =>
          z.string({
            description:
              'The bare repository, for `git fetch <bareRepoPath> <branchName>`',
          }),
      },
    },
    async handler(ctx) {
      const {
        repoName,
        branchName,
        commitMessage,
        gitAuthorName = 'Acme Developer Portal',
        gitAuthorEmail = 'scaffolder@acme.example',
      } = ctx.input;
      if (options.enabled === false) {
        throw new InputError(
          'publish:local-git:branch is turned off on this portal (scaffolder.localGit.enabled: false)',
        );
      }
      if (!BRANCH.test(branchName) || branchName.includes('..')) {
        throw new InputError(
          `Branch name "${branchName}" is not valid: letters, digits, ".", "_", "/" and "-", starting with a letter or digit`,
        );
      }
      const bare = await bareRepo(options.layout, repoName);
      const dir = inWorkspace(ctx.workspacePath, ctx.input.sourcePath);
      const defaultBranch = await git(['symbolic-ref', '--short', 'HEAD'], {
        cwd: bare,
      });
      if (branchName === defaultBranch) {
        throw new InputError(
          `Refusing to push to the default branch ${defaultBranch}; choose a branch for review`,
        );
      }
      const existing = await git(
        ['branch', '--list', '--format=%(refname:short)', branchName],
        { cwd: bare },
      );
      if (existing) {
        throw new ConflictError(
          `Branch ${branchName} already exists in ${repoName}; merge or delete it first`,
        );
      }
      ctx.output('branchName', branchName);
      ctx.output('bareRepoPath', bare);
      if (ctx.isDryRun) {
        ctx.output('commitHash', '0'.repeat(40));
        return;
      }
      const commitHash = await ctx.checkpoint({
        key: `publish.local-git.branch.${repoName}.${branchName}`,
        fn: async () => {
          const logger = ctx.logger;
          await git(['checkout', '--quiet', '-b', branchName], {
            cwd: dir,
            logger,
          });
          await git(['add', '--all'], { cwd: dir, logger });
          await git(
            [
              '-c',
              `user.name=${gitAuthorName}`,
              '-c',
              `user.email=${gitAuthorEmail}`,
              'commit',
              '--quiet',
              '-m',
              commitMessage,
            ],
            { cwd: dir, logger },
          );
          // Not --force: a branch created meanwhile is not overwritten.
          await git(
            ['push', '--quiet', bare, `HEAD:refs/heads/${branchName}`],
            { cwd: dir, logger },
          );
          return git(['rev-parse', 'HEAD'], { cwd: dir });
        },
      });
      ctx.output('commitHash', commitHash);
      ctx.logger.info(`Pushed ${branchName} (${commitHash}) to ${bare}`);
    },
  });
}
