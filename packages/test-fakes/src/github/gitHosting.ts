/*
 * Repository hosting for the GitHub stand-in: what `publish:github` needs.
 *
 *   GET  /api/v3/users/{login}                         owner type (org/user)
 *   POST /api/v3/orgs/{org}/repos                      create a repository
 *   PUT  /api/v3/repos/{owner}/{repo}/topics           set topics
 *   PUT  /api/v3/repos/{owner}/{repo}/branches/{b}/protection
 *   GET  /{owner}/{repo}.git/info/refs?service=...     git smart HTTP, served
 *   POST /{owner}/{repo}.git/git-{upload,receive}-pack by real `git http-backend`
 *   /api/v3/repos/{owner}/{repo}/pulls...              pull requests (pullRequests.ts)
 *   /api/v3/repos/{owner}/{repo}/git/..., /commits     Git database API, archives
 *                                                      (gitData.ts)
 *
 * Pushed repositories are bare repos under `dir`; after each push the default
 * branch's files become the FakeRepo's files, so the contents API, discovery
 * and the catalog's URL reader serve what was pushed.
 */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import { FakeOrg, FakeRepo } from './org';
import { FakeGitData } from './gitData';
import { FakePullRequests } from './pullRequests';

const run = promisify(execFile);

export interface BranchProtection {
  repo: string;
  branch: string;
  body: unknown;
}

export class FakeGitHosting {
  /** Branch protection requests received, in order. */
  readonly protections: BranchProtection[] = [];
  /** Pull requests opened through the REST API. */
  readonly pullRequests: FakePullRequests;
  /** Blobs, trees, commits and refs on the bare repositories. */
  readonly gitData: FakeGitData;

  constructor(
    private readonly dir: string,
    private readonly org: () => FakeOrg,
    private readonly token: string,
  ) {
    this.pullRequests = new FakePullRequests(
      repo => this.barePath(repo),
      async repo => {
        const found = this.org().repos.find(r => r.name === repo);
        if (found) await this.#syncFiles(found);
      },
    );
    this.gitData = new FakeGitData(
      repo => this.barePath(repo),
      this.pullRequests,
    );
  }

  /**
   * A pushed repository's commit status (its sha) or tarball, as the GitHub
   * URL reader's readTree asks for them; undefined when not pushed here.
   */
  async archive(
    owner: string,
    name: string,
    kind: 'status' | 'tarball',
    ref: string,
  ) {
    const repo = this.#repo(owner, name);
    if (!repo) return undefined;
    return this.gitData.archive(repo.name, kind, ref, this.org().login);
  }

  /** GraphQL asked by publish:github:pull-request: a branch and its open pull request. */
  async graphql(
    query: string,
    variables: Record<string, unknown>,
    baseUrl: string,
  ): Promise<unknown | undefined> {
    if (
      !/repository\(name: \$repo, owner: \$owner\)[\s\S]*ref\(qualifiedName: \$head\)/.test(
        query,
      )
    ) {
      return undefined;
    }
    const repo = this.#repo(String(variables.owner), String(variables.repo));
    if (!repo) return { repository: null };
    return this.gitData.refQuery(
      repo.name,
      this.org().login,
      String(variables.head),
      baseUrl,
    );
  }

  /** The bare repository `publish:github` pushed to. */
  barePath(repo: string): string {
    return path.join(this.dir, this.org().login, `${repo}.git`);
  }

  /**
   * Git smart HTTP, authenticated with HTTP Basic (any user name, the token
   * as password, as GitHub takes `x-access-token:<token>`).
   * Returns false when the request is not a git request.
   */
  async handleGit(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    body: Buffer,
  ): Promise<boolean> {
    const match =
      /^\/([^/]+)\/([^/]+)\.git\/(info\/refs|git-upload-pack|git-receive-pack)$/.exec(
        url.pathname,
      );
    if (!match) return false;
    const [, owner, repo, endpoint] = match;
    const [scheme, encoded] = (req.headers.authorization ?? '').split(' ');
    const password =
      scheme === 'Basic'
        ? Buffer.from(encoded ?? '', 'base64')
            .toString()
            .split(':')
            .slice(1)
            .join(':')
        : undefined;
    if (password !== this.token) {
      res.writeHead(401, {
        'www-authenticate': 'Basic realm="GitHub"',
        'content-type': 'text/plain',
      });
      res.end('Invalid username or token.');
      return true;
    }
    const found = this.#repo(owner, repo);
    if (!found) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Repository not found.');
      return true;
    }
    const cgi = await this.#httpBackend(req, url, body);
    if (endpoint === 'git-receive-pack') {
      // Before answering, as GitHub does: once the push returns, the
      // contents API and the URL reader serve the pushed files (answering
      // first let a catalog:register right after the push read nothing).
      await this.#syncFiles(found);
    }
    res.writeHead(cgi.status, cgi.headers);
    res.end(cgi.body);
    return true;
  }

  /**
   * The REST calls of `publish:github` (after the stand-in checked the token).
   * Returns the answer, or undefined when the request is not one of them.
   */
  async handleApi(
    method: string,
    url: URL,
    body: string,
    baseUrl: string,
  ): Promise<{ status: number; body: unknown } | undefined> {
    const org = this.org();
    const user = /^\/api\/v3\/users\/([^/]+)$/.exec(url.pathname);
    if (method === 'GET' && user) {
      const login = decodeURIComponent(user[1]);
      if (login.toLowerCase() === org.login.toLowerCase()) {
        return {
          status: 200,
          body: { login: org.login, type: 'Organization' },
        };
      }
      const member = org.users.find(u => u.login === login);
      return member
        ? { status: 200, body: { login, type: 'User', name: member.name } }
        : { status: 404, body: { message: 'Not Found' } };
    }
    const create = /^\/api\/v3\/orgs\/([^/]+)\/repos$/.exec(url.pathname);
    if (method === 'POST' && create) {
      if (create[1].toLowerCase() !== org.login.toLowerCase()) {
        return { status: 404, body: { message: 'Not Found' } };
      }
      const input = JSON.parse(body || '{}') as {
        name?: string;
        private?: boolean;
        visibility?: string;
      };
      if (!input.name || !/^[A-Za-z0-9._-]+$/.test(input.name)) {
        return validationFailed('name', 'invalid');
      }
      if (org.repos.some(r => r.name === input.name)) {
        return validationFailed('name', 'name already exists on this account');
      }
      const repo: FakeRepo = {
        name: input.name,
        defaultBranch: 'main',
        isArchived: false,
        isFork: false,
        visibility:
          input.visibility === 'public' || input.private === false
            ? 'PUBLIC'
            : 'PRIVATE',
        topics: [],
        files: new Map(),
      };
      const bare = this.barePath(repo.name);
      await fs.mkdir(path.dirname(bare), { recursive: true });
      await run('git', ['init', '--quiet', '--bare', '-b', 'main', bare]);
      org.repos.push(repo);
      const full = `${org.login}/${repo.name}`;
      return {
        status: 201,
        body: {
          id: org.repos.length,
          name: repo.name,
          full_name: full,
          private: repo.visibility !== 'PUBLIC',
          html_url: `${baseUrl}/${full}`,
          clone_url: `${baseUrl}/${full}.git`,
          default_branch: repo.defaultBranch,
          owner: { login: org.login, type: 'Organization' },
        },
      };
    }
    const topics = /^\/api\/v3\/repos\/([^/]+)\/([^/]+)\/topics$/.exec(
      url.pathname,
    );
    if (method === 'PUT' && topics) {
      const repo = this.#repo(topics[1], topics[2]);
      if (!repo) return { status: 404, body: { message: 'Not Found' } };
      repo.topics = (JSON.parse(body || '{}').names ?? []) as string[];
      return { status: 200, body: { names: repo.topics } };
    }
    const protection =
      /^\/api\/v3\/repos\/([^/]+)\/([^/]+)\/branches\/([^/]+)\/protection$/.exec(
        url.pathname,
      );
    if (method === 'PUT' && protection) {
      const repo = this.#repo(protection[1], protection[2]);
      if (!repo) return { status: 404, body: { message: 'Not Found' } };
      this.protections.push({
        repo: repo.name,
        branch: decodeURIComponent(protection[3]),
        body: JSON.parse(body || '{}'),
      });
      return { status: 200, body: { url: url.href } };
    }
    const pulls = /^\/api\/v3\/repos\/([^/]+)\/([^/]+)\/pulls(\/.*)?$/.exec(
      url.pathname,
    );
    if (pulls) {
      const repo = this.#repo(pulls[1], pulls[2]);
      if (!repo) return { status: 404, body: { message: 'Not Found' } };
      return this.pullRequests.handle(
        method,
        url,
        body,
        baseUrl,
        org.login,
        repo.name,
        pulls[3] ?? '',
      );
    }
    const data =
      /^\/api\/v3\/repos\/([^/]+)\/([^/]+)(\/git\/.+|\/commits)$/.exec(
        url.pathname,
      );
    if (data) {
      const repo = this.#repo(data[1], data[2]);
      if (!repo) return undefined;
      return this.gitData.handle(
        method,
        url,
        body,
        baseUrl,
        org.login,
        repo.name,
        data[3],
      );
    }
    return undefined;
  }

  #repo(owner: string, name: string): FakeRepo | undefined {
    const org = this.org();
    if (owner.toLowerCase() !== org.login.toLowerCase()) return undefined;
    return org.repos.find(r => r.name === name);
  }

  /** Runs `git http-backend` as the CGI program it is. */
  async #httpBackend(req: IncomingMessage, url: URL, body: Buffer) {
    const child = spawn('git', ['http-backend'], {
      env: {
        PATH: process.env.PATH,
        GIT_PROJECT_ROOT: this.dir,
        GIT_HTTP_EXPORT_ALL: '1',
        PATH_INFO: url.pathname,
        REQUEST_METHOD: req.method ?? 'GET',
        QUERY_STRING: url.search.replace(/^\?/, ''),
        CONTENT_TYPE: String(req.headers['content-type'] ?? ''),
        CONTENT_LENGTH: String(body.length),
        REMOTE_USER: 'x-access-token',
        REMOTE_ADDR: '127.0.0.1',
        GIT_CONFIG_NOSYSTEM: '1',
      },
    });
    const chunks: Buffer[] = [];
    const errors: Buffer[] = [];
    child.stdout.on('data', c => chunks.push(c));
    child.stderr.on('data', c => errors.push(c));
    child.stdin.end(body);
    const code = await new Promise<number>(resolve =>
      child.on('close', c => resolve(c ?? 1)),
    );
    const out = Buffer.concat(chunks);
    const split = out.indexOf('\r\n\r\n');
    if (code !== 0 || split < 0) {
      return {
        status: 500,
        headers: { 'content-type': 'text/plain' },
        body: Buffer.from(
          `git http-backend failed (${code}): ${Buffer.concat(errors)}`,
        ),
      };
    }
    const headers: Record<string, string> = {};
    let status = 200;
    for (const line of out.subarray(0, split).toString().split('\r\n')) {
      const at = line.indexOf(':');
      const name = line.slice(0, at).trim().toLowerCase();
      const value = line.slice(at + 1).trim();
      if (name === 'status') status = Number(value.split(' ')[0]);
      else headers[name] = value;
    }
    return { status, headers, body: out.subarray(split + 4) };
  }

  /** The default branch's files become what the stand-in serves. */
  async #syncFiles(repo: FakeRepo) {
    const gitDir = this.barePath(repo.name);
    const { stdout } = await run(
      'git',
      ['--git-dir', gitDir, 'ls-tree', '-r', '--name-only', repo.defaultBranch],
      { maxBuffer: 16 * 1024 * 1024 },
    ).catch(() => ({ stdout: '' }));
    const files = new Map<string, string>();
    for (const file of stdout.split('\n').filter(Boolean)) {
      const { stdout: text } = await run(
        'git',
        ['--git-dir', gitDir, 'show', `${repo.defaultBranch}:${file}`],
        { maxBuffer: 16 * 1024 * 1024 },
      );
      files.set(file, text);
    }
    repo.files = files;
  }
}

function validationFailed(field: string, message: string) {
  return {
    status: 422,
    body: {
      message: 'Repository creation failed.',
      errors: [{ resource: 'Repository', code: 'custom', field, message }],
      documentation_url: 'https://docs.github.com/rest/repos/repos',
    },
  };
}
