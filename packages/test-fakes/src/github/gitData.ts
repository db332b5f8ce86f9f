/*
 * The Git database API of the GitHub stand-in, on the real objects of the
 * bare repository (git plumbing), as `publish:github:pull-request`
 * (octokit-plugin-create-pull-request) and the GitHub URL reader use it:
 *
 *   GET   /api/v3/repos/{owner}/{repo}/commits?sha=&per_page=  latest commits
 *   GET   /api/v3/repos/{owner}/{repo}/commits/{ref}/status    sha, archive_url
 *   GET   /api/v3/repos/{owner}/{repo}/tarball/{sha}           `git archive`
 *   POST  /api/v3/repos/{owner}/{repo}/git/blobs               {content, encoding}
 *   POST  /api/v3/repos/{owner}/{repo}/git/trees               {base_tree, tree}
 *   POST  /api/v3/repos/{owner}/{repo}/git/commits             {message, tree, parents, author}
 *   POST  /api/v3/repos/{owner}/{repo}/git/refs                {ref, sha}
 *   PATCH /api/v3/repos/{owner}/{repo}/git/refs/heads/{branch} {sha, force}
 *   GraphQL repository(owner, name) { ref(qualifiedName) { associatedPullRequests } }
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FakePullRequests } from './pullRequests';

type Answer = { status: number; body: unknown };

/** Runs git in a bare repository; resolves with stdout (a Buffer). */
function git(
  gitDir: string,
  args: string[],
  options: { input?: Buffer | string; env?: NodeJS.ProcessEnv } = {},
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      ['--git-dir', gitDir, ...args],
      {
        encoding: 'buffer',
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', ...options.env },
      },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`git ${args.join(' ')}: ${stderr.toString()}`));
        } else {
          resolve(stdout);
        }
      },
    );
    // git exits without reading stdin when it needs none.
    child.stdin?.on('error', () => {});
    child.stdin?.end(options.input ?? '');
  });
}

const text = async (gitDir: string, args: string[]) =>
  (await git(gitDir, args)).toString().trim();

function validationFailed(message: string, documentation: string): Answer {
  return {
    status: 422,
    body: {
      message,
      documentation_url: `https://docs.github.com/rest/git/${documentation}`,
    },
  };
}

export class FakeGitData {
  constructor(
    private readonly gitDirOf: (repo: string) => string,
    private readonly pullRequests: FakePullRequests,
  ) {}

  /** The commit a branch, tag or sha names, or undefined. */
  async #commit(repo: string, ref: string): Promise<string | undefined> {
    return text(this.gitDirOf(repo), [
      'rev-parse',
      '--verify',
      '--quiet',
      `${ref}^{commit}`,
    ]).catch(() => undefined);
  }

  /** Answers a Git database call on an existing repository, else undefined. */
  async handle(
    method: string,
    url: URL,
    body: string,
    baseUrl: string,
    owner: string,
    repo: string,
    rest: string,
  ): Promise<Answer | undefined> {
    const gitDir = this.gitDirOf(repo);
    const input = () => JSON.parse(body || '{}') as Record<string, any>;
    const apiRepo = `${baseUrl}/api/v3/repos/${owner}/${repo}`;

    if (method === 'GET' && rest === '/commits') {
      const ref = url.searchParams.get('sha') ?? 'HEAD';
      const perPage = Number(url.searchParams.get('per_page') ?? 30);
      const sha = await this.#commit(repo, ref);
      if (!sha) {
        return {
          status: 404,
          body: { message: `No commit found for SHA: ${ref}` },
        };
      }
      const shas = (
        await text(gitDir, ['rev-list', `--max-count=${perPage}`, sha])
      ).split('\n');
      return {
        status: 200,
        body: await Promise.all(
          shas.map(async c => ({
            sha: c,
            url: `${apiRepo}/commits/${c}`,
            commit: {
              message: await text(gitDir, ['log', '-1', '--format=%B', c]),
              tree: { sha: await text(gitDir, ['rev-parse', `${c}^{tree}`]) },
            },
            parents: (
              await text(gitDir, ['log', '-1', '--format=%P', c])
            )
              .split(' ')
              .filter(Boolean)
              .map(p => ({ sha: p })),
          })),
        ),
      };
    }

    if (method === 'POST' && rest === '/git/blobs') {
      const { content, encoding } = input();
      if (typeof content !== 'string') {
        return validationFailed('Invalid request.', 'blobs');
      }
      const sha = await this.#writeBlob(
        gitDir,
        Buffer.from(content, encoding === 'base64' ? 'base64' : 'utf8'),
      );
      return { status: 201, body: { sha, url: `${apiRepo}/git/blobs/${sha}` } };
    }

    if (method === 'POST' && rest === '/git/trees') {
      const { base_tree: baseTree, tree } = input();
      if (!Array.isArray(tree)) {
        return validationFailed('Invalid tree info', 'trees');
      }
      const sha = await this.#writeTree(gitDir, baseTree, tree);
      return { status: 201, body: { sha, url: `${apiRepo}/git/trees/${sha}` } };
    }

    if (method === 'POST' && rest === '/git/commits') {
      const { message, tree, parents = [], author, committer } = input();
      if (typeof message !== 'string' || typeof tree !== 'string') {
        return validationFailed('Invalid request.', 'commits');
      }
      const who = author ?? { name: 'acme-portal[bot]', email: 'bot@acme' };
      const by = committer ?? who;
      const sha = await git(
        gitDir,
        [
          'commit-tree',
          tree,
          ...parents.flatMap((p: string) => ['-p', p]),
          '-F',
          '-',
        ],
        {
          input: message,
          env: {
            GIT_AUTHOR_NAME: who.name,
            GIT_AUTHOR_EMAIL: who.email,
            GIT_COMMITTER_NAME: by.name,
            GIT_COMMITTER_EMAIL: by.email,
          },
        },
      ).then(
        out => out.toString().trim(),
        () => undefined,
      );
      if (!sha) return validationFailed('Tree SHA does not exist', 'commits');
      return {
        status: 201,
        body: {
          sha,
          url: `${apiRepo}/git/commits/${sha}`,
          message,
          tree: { sha: tree },
          parents: parents.map((p: string) => ({ sha: p })),
        },
      };
    }

    if (method === 'POST' && rest === '/git/refs') {
      const { ref, sha } = input();
      if (typeof ref !== 'string' || !/^refs\/[^/]+\/.+/.test(ref)) {
        return validationFailed('Reference name is invalid', 'refs');
      }
      if (await this.#commit(repo, ref)) {
        return validationFailed('Reference already exists', 'refs');
      }
      if (!(await this.#commit(repo, String(sha)))) {
        return validationFailed('Object does not exist', 'refs');
      }
      await git(gitDir, ['update-ref', ref, sha]);
      return {
        status: 201,
        body: {
          ref,
          url: `${apiRepo}/git/${ref}`,
          object: { sha, type: 'commit' },
        },
      };
    }

    const update = /^\/git\/refs\/(heads\/.+)$/.exec(rest);
    if (method === 'PATCH' && update) {
      const ref = `refs/${decodeURIComponent(update[1])}`;
      const { sha, force } = input();
      const current = await this.#commit(repo, ref);
      if (!current) return validationFailed('Reference does not exist', 'refs');
      const fastForward = await git(gitDir, [
        'merge-base',
        '--is-ancestor',
        current,
        sha,
      ]).then(
        () => true,
        () => false,
      );
      if (!force && !fastForward) {
        return validationFailed('Update is not a fast forward', 'refs');
      }
      await git(gitDir, ['update-ref', ref, sha]);
      return {
        status: 200,
        body: {
          ref,
          url: `${apiRepo}/git/${ref}`,
          object: { sha, type: 'commit' },
        },
      };
    }
    return undefined;
  }

  /** GET commits/{ref}/status and tarball/{sha} of a pushed repository. */
  async archive(
    repo: string,
    kind: 'status' | 'tarball',
    ref: string,
    owner: string,
  ): Promise<{ sha: string } | { tarball: Buffer } | undefined> {
    const sha = await this.#commit(repo, decodeURIComponent(ref));
    if (!sha) return undefined;
    if (kind === 'status') return { sha };
    // GitHub's tarballs hold one directory, <owner>-<repo>-<short sha>/.
    const tarball = await git(this.gitDirOf(repo), [
      'archive',
      '--format=tar.gz',
      `--prefix=${owner}-${repo}-${sha.slice(0, 7)}/`,
      sha,
    ]);
    return { tarball };
  }

  /** GraphQL: does the branch exist, and its open pull request. */
  async refQuery(
    repo: string,
    owner: string,
    head: string,
    baseUrl: string,
  ): Promise<unknown> {
    const branch = head.replace(/^refs\/heads\//, '');
    if (!(await this.#commit(repo, `refs/heads/${branch}`))) {
      return { repository: { ref: null } };
    }
    const open = this.pullRequests.all.filter(
      pr => pr.repo === repo && pr.head === branch && pr.state === 'open',
    );
    return {
      repository: {
        ref: {
          associatedPullRequests: {
            edges: open.slice(0, 1).map(pr => ({
              node: {
                id: `PR_${pr.number}`,
                number: pr.number,
                url: `${baseUrl}/${owner}/${repo}/pull/${pr.number}`,
              },
            })),
          },
        },
      },
    };
  }

  async #writeBlob(gitDir: string, content: Buffer): Promise<string> {
    return (
      await git(gitDir, ['hash-object', '-w', '--stdin'], { input: content })
    )
      .toString()
      .trim();
  }

  /** base_tree plus the entries (content, sha, or sha null to delete). */
  async #writeTree(
    gitDir: string,
    baseTree: string | undefined,
    tree: Array<{
      path: string;
      mode: string;
      sha?: string | null;
      content?: string;
    }>,
  ): Promise<string> {
    const index = path.join(os.tmpdir(), `fake-github-index-${randomUUID()}`);
    const env = { GIT_INDEX_FILE: index };
    try {
      await git(
        gitDir,
        baseTree ? ['read-tree', baseTree] : ['read-tree', '--empty'],
        { env },
      );
      const lines: string[] = [];
      for (const entry of tree) {
        if (entry.sha === null) {
          lines.push(`0 ${'0'.repeat(40)}\t${entry.path}`);
          continue;
        }
        const sha =
          entry.sha ??
          (await this.#writeBlob(gitDir, Buffer.from(entry.content ?? '')));
        lines.push(`${entry.mode} ${sha}\t${entry.path}`);
      }
      await git(gitDir, ['update-index', '--index-info'], {
        env,
        input: `${lines.join('\n')}\n`,
      });
      return (await git(gitDir, ['write-tree'], { env })).toString().trim();
    } finally {
      await fs.rm(index, { force: true });
    }
  }
}
