import { mockServices } from '@backstage/backend-test-utils';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LocalGitLayout } from '../localGitConfig';
import { createPublishLocalGitAction } from './publishLocalGit';

/** The handler's context, as the scaffolder builds it for one step. */
function contextFor(workspacePath: string, repoName: string) {
  const outputs: Record<string, unknown> = {};
  return {
    outputs,
    ctx: {
      input: { repoName },
      workspacePath,
      logger: mockServices.logger.mock(),
      isDryRun: false,
      output: (name: string, value: unknown) => (outputs[name] = value),
      checkpoint: ({ fn }: { fn: () => Promise<unknown> }) => fn(),
    } as any,
  };
}

describe('publish:local-git', () => {
  let root: string;
  let layout: LocalGitLayout;

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'local-git-publish-'));
    const baseDir = path.join(root, 'git');
    layout = {
      baseDir,
      bareRepoPath: name => path.join(baseDir, 'repos', `${name}.git`),
      checkoutPath: name => path.join(baseDir, 'checkouts', name),
    };
  });

  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  async function workspace(name: string, readme: string) {
    const dir = path.join(root, name);
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, 'README.md'), readme);
    return dir;
  }

  it('gives a name to exactly one of two tasks publishing it at once, and leaves its repository alone', async () => {
    // Two replicas sharing baseDir run the same code against the same
    // directory; two tasks in one process race the same way.
    const action = createPublishLocalGitAction({ layout });
    const first = contextFor(await workspace('ws-1', 'first\n'), 'orders');
    const second = contextFor(await workspace('ws-2', 'second\n'), 'orders');

    const results = await Promise.allSettled([
      action.handler(first.ctx),
      action.handler(second.ctx),
    ]);

    const won = results.flatMap((r, i) =>
      r.status === 'fulfilled' ? [i] : [],
    );
    expect(won).toHaveLength(1);
    const lost = results[1 - won[0]];
    expect(lost).toMatchObject({
      status: 'rejected',
      reason: {
        name: 'ConflictError',
        message: expect.stringMatching(
          /^Repository "orders" already exists at .*; choose another name$/,
        ),
      },
    });
    // The winner's repository is complete: a clone has its commit and file.
    const winner = [first, second][won[0]];
    const clone = path.join(root, 'clone');
    execFileSync('git', [
      'clone',
      '--quiet',
      layout.bareRepoPath('orders'),
      clone,
    ]);
    expect(
      execFileSync('git', ['rev-parse', 'HEAD'], { cwd: clone })
        .toString()
        .trim(),
    ).toBe(winner.outputs.commitHash);
    expect(await fs.readFile(path.join(clone, 'README.md'), 'utf8')).toBe(
      won[0] === 0 ? 'first\n' : 'second\n',
    );
    expect(
      await fs.readFile(
        path.join(layout.checkoutPath('orders'), 'README.md'),
        'utf8',
      ),
    ).toBe(won[0] === 0 ? 'first\n' : 'second\n');
  });

  it('refuses every run when turned off (scaffolder.localGit.enabled: false), creating nothing', async () => {
    const action = createPublishLocalGitAction({ layout, enabled: false });
    const { ctx } = contextFor(await workspace('ws', 'x\n'), 'orders');

    await expect(action.handler(ctx)).rejects.toMatchObject({
      name: 'NotAllowedError',
      message:
        'publish:local-git is turned off on this portal (scaffolder.localGit.enabled: false): its replicas share no repository directory. Publish to GitHub instead.',
    });
    await expect(fs.readdir(layout.baseDir)).rejects.toThrow(/ENOENT/);
  });
});
