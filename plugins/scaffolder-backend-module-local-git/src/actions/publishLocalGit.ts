import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import {
  createTemplateAction,
  getRepoSourceDirectory,
} from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { git } from '../git';
import { dns1123Problem, LocalGitLayout } from '../localGitConfig';
import { examples } from './publishLocalGit.examples';

async function exists(p: string): Promise<boolean> {
  return fs.stat(p).then(
    () => true,
    () => false,
  );
}

/**
 * Creates the directory `dir` (and its parents); false if it already exists.
 * mkdir is atomic, also on a volume several replicas share (NFS included):
 * of two tasks publishing the same name at once, on one replica or two,
 * exactly one gets it.
 */
async function claim(dir: string): Promise<boolean> {
  await fs.mkdir(path.dirname(dir), { recursive: true });
  try {
    await fs.mkdir(dir);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/**
 * Creates the `publish:local-git` action: commits the workspace into a new
 * git repository, pushes it to a bare repository under
 * `scaffolder.localGit.baseDir` and keeps a working copy next to it that the
 * catalog (`catalog:register` with `catalogInfoUrl`) and TechDocs read.
 *
 * isomorphic-git (behind `initRepoAndPush`) only speaks HTTP(S), so the
 * real `git` CLI is used for the local transport.
 *
 * With `enabled: false` (`scaffolder.localGit.enabled`) the action stays
 * registered, so templates still load, but refuses every run.
 *
 * @public
 */
export function createPublishLocalGitAction(options: {
  layout: LocalGitLayout;
  enabled?: boolean;
}) {
  const { layout, enabled = true } = options;
  return createTemplateAction({
    id: 'publish:local-git',
    description:
      'Initializes a git repository from the workspace, pushes it to a new bare repository on this machine and registers nothing (use catalog:register with the catalogInfoUrl output).',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoName: z =>
          z.string({
            description:
              'Name of the new repository (a DNS-1123 label); becomes <baseDir>/repos/<repoName>.git',
          }),
        sourcePath: z =>
          z
            .string({
              description:
                'Path within the workspace to publish. Defaults to the workspace root',
            })
            .optional(),
        defaultBranch: z =>
          z
            .string({ description: 'Branch to create. Defaults to main' })
            .optional(),
        commitMessage: z =>
          z.string({ description: 'Message of the initial commit' }).optional(),
        gitAuthorName: z =>
          z.string({ description: 'Author name of the commit' }).optional(),
        gitAuthorEmail: z =>
          z.string({ description: 'Author e-mail of the commit' }).optional(),
      },
      output: {
        remoteUrl: z =>
          z.string({ description: 'file:// URL of the bare repository' }),
        repoContentsUrl: z =>
          z.string({
            description: 'file:// URL of the working copy (with trailing /)',
          }),
        catalogInfoUrl: z =>
          z.string({
            description: 'file:// URL of catalog-info.yaml in the working copy',
          }),
        localPath: z =>
          z.string({ description: 'Absolute path of the working copy' }),
        bareRepoPath: z =>
          z.string({
            description:
              'Absolute path of the bare repository, for `git clone <bareRepoPath>`',
          }),
        commitHash: z =>
          z.string({ description: 'Hash of the initial commit' }),
      },
    },
    async handler(ctx) {
      const {
        repoName,
        sourcePath,
        defaultBranch = 'main',
        commitMessage = 'Initial commit',
        gitAuthorName = 'Acme Developer Portal',
        gitAuthorEmail = 'scaffolder@acme.example',
      } = ctx.input;

      if (!enabled) {
        throw new NotAllowedError(
          'publish:local-git is turned off on this portal (scaffolder.localGit.enabled: false): ' +
            'its replicas share no repository directory. Publish to GitHub instead.',
        );
      }
      const problem = dns1123Problem(repoName);
      if (problem) {
        throw new InputError(`Repository name "${repoName}" ${problem}`);
      }
      const barePath = layout.bareRepoPath(repoName);
      const checkoutPath = layout.checkoutPath(repoName);
      for (const existing of [barePath, checkoutPath]) {
        if (await exists(existing)) {
          throw new ConflictError(
            `Repository "${repoName}" already exists at ${existing}; choose another name`,
          );
        }
      }

      const remoteUrl = pathToFileURL(barePath).href;
      const repoContentsUrl = `${pathToFileURL(checkoutPath).href}/`;
      const catalogInfoUrl = `${repoContentsUrl}catalog-info.yaml`;
      ctx.output('remoteUrl', remoteUrl);
      ctx.output('repoContentsUrl', repoContentsUrl);
      ctx.output('catalogInfoUrl', catalogInfoUrl);
      ctx.output('localPath', checkoutPath);
      ctx.output('bareRepoPath', barePath);

      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would publish to ${remoteUrl}`);
        ctx.output('commitHash', '0'.repeat(40));
        return;
      }

      const dir = getRepoSourceDirectory(ctx.workspacePath, sourcePath);
      const commitHash = await ctx.checkpoint({
        key: `publish.local-git.${repoName}`,
        fn: async () => {
          const logger = ctx.logger;
          // The names are claimed before anything is written, and only what
          // this attempt claimed is removed on failure: a task that loses the
          // race for a name never touches the winner's repository.
          const claimed: string[] = [];
          try {
            for (const target of [barePath, checkoutPath]) {
              if (!(await claim(target))) {
                throw new ConflictError(
                  `Repository "${repoName}" already exists at ${target}; choose another name`,
                );
              }
              claimed.push(target);
            }
            await git(['init', '--quiet', '-b', defaultBranch], {
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
            // Into the empty directories claimed above.
            await git(
              ['init', '--quiet', '--bare', '-b', defaultBranch, barePath],
              {
                logger,
              },
            );
            await git(
              ['push', '--quiet', barePath, `HEAD:refs/heads/${defaultBranch}`],
              {
                cwd: dir,
                logger,
              },
            );
            await git(['clone', '--quiet', barePath, checkoutPath], { logger });
            return await git(['rev-parse', 'HEAD'], { cwd: checkoutPath });
          } catch (error) {
            for (const target of claimed) {
              await fs.rm(target, { recursive: true, force: true });
            }
            throw error;
          }
        },
      });
      ctx.output('commitHash', commitHash);
      ctx.logger.info(`Published ${repoName} to ${remoteUrl} (${commitHash})`);
    },
  });
}
