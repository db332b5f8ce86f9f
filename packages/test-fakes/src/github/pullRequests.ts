/*
 * Pull requests for the GitHub stand-in, as the REST API answers them:
 *
 *   GET   /api/v3/repos/{owner}/{repo}/pulls?head=&base=&state=&direction=
 *   POST  /api/v3/repos/{owner}/{repo}/pulls           {title, head, base, body}
 *   GET   /api/v3/repos/{owner}/{repo}/pulls/{number}
 *   PATCH /api/v3/repos/{owner}/{repo}/pulls/{number}  {title, body, state}
 *   PUT   /api/v3/repos/{owner}/{repo}/pulls/{number}/merge
 *
 * Branches are the real refs of the bare repository; merging fast-forwards
 * the base branch (or answers 405 as GitHub does for an unmergeable one).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface FakePullRequest {
  repo: string;
  number: number;
  title: string;
  body: string;
  head: string;
  base: string;
  state: 'open' | 'closed';
  mergedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

type Answer = { status: number; body: unknown };

export class FakePullRequests {
  readonly all: FakePullRequest[] = [];

  constructor(
    private readonly gitDirOf: (repo: string) => string,
    /** Called after a merge moved the base branch. */
    private readonly onMerged: (repo: string) => Promise<void>,
  ) {}

  async #sha(repo: string, branch: string): Promise<string | undefined> {
    return run('git', [
      '--git-dir',
      this.gitDirOf(repo),
      'rev-parse',
      '--verify',
      '--quiet',
      `refs/heads/${branch}`,
    ]).then(
      ({ stdout }) => stdout.trim(),
      () => undefined,
    );
  }

  async #json(
    pr: FakePullRequest,
    owner: string,
    baseUrl: string,
  ): Promise<Record<string, unknown>> {
    const full = `${owner}/${pr.repo}`;
    return {
      id: 1000 + pr.number,
      number: pr.number,
      state: pr.state,
      title: pr.title,
      body: pr.body,
      draft: false,
      merged: pr.mergedAt !== null,
      merged_at: pr.mergedAt,
      created_at: pr.createdAt,
      updated_at: pr.updatedAt,
      html_url: `${baseUrl}/${full}/pull/${pr.number}`,
      url: `${baseUrl}/api/v3/repos/${full}/pulls/${pr.number}`,
      head: {
        ref: pr.head,
        label: `${owner}:${pr.head}`,
        sha: (await this.#sha(pr.repo, pr.head)) ?? null,
      },
      base: {
        ref: pr.base,
        label: `${owner}:${pr.base}`,
        sha: (await this.#sha(pr.repo, pr.base)) ?? null,
      },
      user: { login: 'acme-portal[bot]' },
    };
  }

  /** Answers a pull-request call on an existing repository, else undefined. */
  async handle(
    method: string,
    url: URL,
    body: string,
    baseUrl: string,
    owner: string,
    repo: string,
    rest: string,
  ): Promise<Answer | undefined> {
    const input = () => JSON.parse(body || '{}') as Record<string, any>;
    const now = () => new Date().toISOString();
    if (rest === '' && method === 'GET') {
      const q = url.searchParams;
      const state = q.get('state') ?? 'open';
      const head = q.get('head');
      const base = q.get('base');
      const found = this.all.filter(
        pr =>
          pr.repo === repo &&
          (state === 'all' || pr.state === state) &&
          (!head || `${owner}:${pr.head}` === head) &&
          (!base || pr.base === base),
      );
      found.sort((a, b) =>
        q.get('direction') === 'asc'
          ? a.number - b.number
          : b.number - a.number,
      );
      const perPage = Number(q.get('per_page') ?? 30);
      return {
        status: 200,
        body: await Promise.all(
          found.slice(0, perPage).map(pr => this.#json(pr, owner, baseUrl)),
        ),
      };
    }
    if (rest === '' && method === 'POST') {
      const { title, head, base, body: text } = input();
      if (!title || !head || !base) {
        return validationFailed('missing_field', 'title, head and base');
      }
      const headRef = String(head).replace(/^[^:]+:/, '');
      if (!(await this.#sha(repo, headRef))) {
        return validationFailed('invalid', 'head');
      }
      if (!(await this.#sha(repo, base))) {
        return validationFailed('invalid', 'base');
      }
      if (
        this.all.some(
          pr =>
            pr.repo === repo &&
            pr.state === 'open' &&
            pr.head === headRef &&
            pr.base === base,
        )
      ) {
        return {
          status: 422,
          body: {
            message: 'Validation Failed',
            errors: [
              {
                resource: 'PullRequest',
                code: 'custom',
                message: `A pull request already exists for ${owner}:${headRef}.`,
              },
            ],
          },
        };
      }
      const pr: FakePullRequest = {
        repo,
        number: this.all.filter(p => p.repo === repo).length + 1,
        title,
        body: text ?? '',
        head: headRef,
        base,
        state: 'open',
        mergedAt: null,
        createdAt: now(),
        updatedAt: now(),
      };
      this.all.push(pr);
      return { status: 201, body: await this.#json(pr, owner, baseUrl) };
    }
    const one = /^\/(\d+)(\/merge)?$/.exec(rest);
    const pr =
      one && this.all.find(p => p.repo === repo && p.number === Number(one[1]));
    if (!one) return undefined;
    if (!pr) return { status: 404, body: { message: 'Not Found' } };
    if (!one[2] && method === 'GET') {
      return { status: 200, body: await this.#json(pr, owner, baseUrl) };
    }
    if (!one[2] && method === 'PATCH') {
      const { title, body: text, state } = input();
      if (title !== undefined) pr.title = title;
      if (text !== undefined) pr.body = text;
      if (state === 'open' || state === 'closed') {
        if (pr.mergedAt) return validationFailed('invalid', 'state');
        pr.state = state;
      }
      pr.updatedAt = now();
      return { status: 200, body: await this.#json(pr, owner, baseUrl) };
    }
    if (one[2] && method === 'PUT') {
      if (pr.state !== 'open') {
        return {
          status: 405,
          body: { message: 'Pull Request is not mergeable' },
        };
      }
      const gitDir = this.gitDirOf(repo);
      const headSha = await this.#sha(repo, pr.head);
      const baseSha = await this.#sha(repo, pr.base);
      const fastForward =
        headSha &&
        baseSha &&
        (await run('git', [
          '--git-dir',
          gitDir,
          'merge-base',
          '--is-ancestor',
          baseSha,
          headSha,
        ]).then(
          () => true,
          () => false,
        ));
      if (!fastForward) {
        return {
          status: 405,
          body: { message: 'Pull Request is not mergeable' },
        };
      }
      await run('git', [
        '--git-dir',
        gitDir,
        'update-ref',
        `refs/heads/${pr.base}`,
        headSha,
        baseSha,
      ]);
      pr.state = 'closed';
      pr.mergedAt = now();
      pr.updatedAt = pr.mergedAt;
      await this.onMerged(repo);
      return {
        status: 200,
        body: {
          sha: headSha,
          merged: true,
          message: 'Pull Request successfully merged',
        },
      };
    }
    return undefined;
  }
}

function validationFailed(code: string, field: string): Answer {
  return {
    status: 422,
    body: {
      message: 'Validation Failed',
      errors: [{ resource: 'PullRequest', code, field }],
      documentation_url: 'https://docs.github.com/rest/pulls/pulls',
    },
  };
}
