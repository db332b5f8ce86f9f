/*
 * A GitHub stand-in: an HTTP server on 127.0.0.1 that a Backstage backend can
 * use as a GitHub Enterprise host (integrations.github[].host = its host:port,
 * apiBaseUrl = <url>/api/v3). It answers the calls Backstage's GitHub modules
 * and URL reader make, with GitHub's status codes and headers:
 *
 *   POST /api/graphql                                  discovery (repositories)
 *                                                      and org (users, teams,
 *                                                      members) queries
 *   GET  /api/v3/repos/{owner}/{repo}/contents/{path}  catalog file reads (raw
 *                                                      or JSON), ETag / 304
 *   GET  /api/v3/repos/{owner}/{repo}                  repository metadata
 *   GET  /api/v3/rate_limit                            remaining budget (free)
 *   GET  /api/v3/repos/{owner}/{repo}/commits/{ref}/status, .../tarball/{sha}
 *                                                      readTree (URL reader)
 *
 * With `app`, GitHub App authentication (githubApp.ts); with `gitDir`,
 * repository creation and git smart HTTP for `publish:github` (gitHosting.ts); with `oauthApp`, the OAuth web flow of
 * GitHub sign-in (oauth.ts).
 *
 * Every response carries x-ratelimit-* headers from a per-resource budget;
 * 304 answers do not use it (as on GitHub). Faults can be injected on chosen
 * requests: a primary rate limit (403, x-ratelimit-remaining 0 and a reset),
 * a secondary rate limit (429 with retry-after),
 * a 401 (revoked token), a 502, a timeout (the request is held, then the socket is destroyed),
 * or a slow answer (the real answer, late). Each request's record says when
 * it arrived and closed, and whether the client gave up on it first.
 */
import { createHash } from 'node:crypto';
import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { AddressInfo } from 'node:net';
import { FakeOrg, FakeRepo } from './org';
import { FakeGitHubOAuth, FakeOAuthApp } from './oauth';
import { FakeGitHosting } from './gitHosting';
import { FakeGitHubApp, FakeGitHubAppOptions } from './githubApp';

export type Fault =
  | { kind: 'rateLimit'; resetInSeconds?: number }
  /** GitHub's secondary (abuse) limit: 429 with `retry-after`. */
  | { kind: 'secondaryRateLimit'; retryAfterSeconds?: number }
  | { kind: 'badGateway' }
  | { kind: 'badCredentials' }
  | { kind: 'timeout'; holdMs?: number }
  /** The real answer, `delayMs` late (unless the client gave up by then). */
  | { kind: 'slow'; delayMs: number }
  /** A 302 to `location`, as a misbehaving or compromised host might send. */
  | { kind: 'redirect'; location: string };

export interface RequestRecord {
  method: string;
  path: string;
  /** GraphQL operation name, when there is one. */
  operation?: string;
  /** GraphQL variables, when there are some. */
  variables?: Record<string, unknown>;
  status: number;
  /** The fault injected on this request, if any. */
  fault?: Fault['kind'];
  /** When the request arrived (ms since the epoch). */
  receivedAt: number;
  /** When its connection closed: answered, dropped or given up by the client. */
  closedAt?: number;
  /** The client closed the connection before the answer was complete. */
  aborted?: boolean;
  /** For GET /rate_limit: the graphql budget it answered (others may spend more after). */
  graphqlRemaining?: number;
}

interface FaultRule {
  match: (r: { method: string; path: string; operation?: string }) => boolean;
  fault: Fault;
  remaining: number;
}

type Resource = 'core' | 'graphql';

export interface FakeGitHubOptions {
  org: FakeOrg;
  /** Token the backend must present (`Authorization: token|Bearer <it>`). */
  token: string;
  /** Hourly budget per resource; GitHub gives a token 5,000 (an App up to 12,500). */
  rateLimit?: number;
  /** Latency added to every answer, to model the network. */
  latencyMs?: number;
  /**
   * An OAuth app registered on the stand-in: turns on the OAuth web flow
   * (oauth.ts) that Backstage's GitHub sign-in provider uses.
   */
  oauthApp?: FakeOAuthApp;
  /**
   * A directory for bare repositories: turns on repository creation and git
   * smart HTTP (gitHosting.ts), what `publish:github` uses.
   */
  gitDir?: string;
  /**
   * A GitHub App installed on the org: turns on app JWT authentication and
   * installation tokens (githubApp.ts); the installation token is `token`.
   */
  app?: FakeGitHubAppOptions;
}

export class FakeGitHub {
  readonly org: FakeOrg;
  readonly requests: RequestRecord[] = [];
  readonly #token: string;
  readonly #latencyMs: number;
  readonly #limit: number;
  readonly #used: Record<Resource, number> = { core: 0, graphql: 0 };
  #resetAt = Math.floor(Date.now() / 1000) + 3600;
  #faults: FaultRule[] = [];
  #server?: Server;
  #url = '';
  readonly #held = new Set<IncomingMessage>();
  /** The OAuth web flow, when an `oauthApp` was given. */
  readonly oauth?: FakeGitHubOAuth;
  readonly #oauthApp?: FakeOAuthApp;
  /** Repository hosting, when a `gitDir` was given. */
  readonly git?: FakeGitHosting;
  /** GitHub App authentication, when an `app` was given. */
  readonly app?: FakeGitHubApp;

  constructor(options: FakeGitHubOptions) {
    this.org = options.org;
    if (options.oauthApp) {
      this.#oauthApp = options.oauthApp;
      this.oauth = new FakeGitHubOAuth(options.oauthApp, () => this.org);
    }
    this.#token = options.token;
    if (options.app) {
      this.app = new FakeGitHubApp(options.app, () => this.org, options.token);
    }
    if (options.gitDir) {
      this.git = new FakeGitHosting(
        options.gitDir,
        () => this.org,
        options.token,
      );
    }
    this.#latencyMs = options.latencyMs ?? 0;
    this.#limit = options.rateLimit ?? 5000;
  }

  /** http://127.0.0.1:<port>, the "web" URL of the GitHub host. */
  get url(): string {
    return this.#url;
  }

  /** host:port, for integrations.github[].host. */
  get host(): string {
    return new URL(this.#url).host;
  }

  /** The REST base, for integrations.github[].apiBaseUrl. */
  get apiBaseUrl(): string {
    return `${this.#url}/api/v3`;
  }

  /**
   * Environment pointing app-config.production.yaml's GitHub integration,
   * discovery, org ingestion and webhooks at this stand-in. The schedules are
   * hourly: the first run starts with the backend, later ones are triggered.
   */
  backendEnv(options: { webhookSecret: string }): Record<string, string> {
    return {
      GITHUB_TOKEN: this.#token,
      GITHUB_ORG: this.org.login,
      GITHUB_HOST: this.host,
      GITHUB_API_BASE_URL: this.apiBaseUrl,
      GITHUB_DISCOVERY_FREQUENCY: 'PT1H',
      GITHUB_ORG_FREQUENCY: 'PT1H',
      GITHUB_WEBHOOK_SECRET: options.webhookSecret,
    };
  }

  /**
   * Environment for app-config.production.yaml's GitHub sign-in
   * (auth.providers.github.production) against this stand-in's OAuth app.
   */
  authEnv(): Record<string, string> {
    if (!this.#oauthApp) throw new Error('the stand-in has no oauthApp');
    return {
      AUTH_GITHUB_CLIENT_ID: this.#oauthApp.clientId,
      AUTH_GITHUB_CLIENT_SECRET: this.#oauthApp.clientSecret,
      APP_CONFIG_auth_providers_github_production_enterpriseInstanceUrl:
        this.url,
    };
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      this.#handle(req, res).catch(error => {
        if (!res.headersSent) {
          this.#json(res, 500, { message: String(error) });
        }
      });
    });
    await new Promise<void>(resolve =>
      server.listen(0, '127.0.0.1', () => resolve()),
    );
    this.#server = server;
    this.#url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const req of this.#held) req.socket.destroy();
    await new Promise<void>(resolve => {
      this.#server?.closeAllConnections();
      this.#server?.close(() => resolve());
    });
  }

  /**
   * Answers the next `times` requests matching `match` with `fault`
   * instead of the real answer.
   */
  inject(
    fault: Fault,
    match: FaultRule['match'] = () => true,
    times = 1,
  ): void {
    this.#faults.push({ match, fault, remaining: times });
  }

  clearFaults(): void {
    this.#faults = [];
  }

  /** Remaining budget, as GET /rate_limit would tell. */
  remaining(resource: Resource = 'core'): number {
    return Math.max(0, this.#limit - this.#used[resource]);
  }

  repo(name: string): FakeRepo {
    const found = this.org.repos.find(r => r.name === name);
    if (!found) throw new Error(`no repo ${name} in the stand-in`);
    return found;
  }

  deleteRepo(name: string): void {
    this.org.repos = this.org.repos.filter(r => r.name !== name);
  }

  // --- HTTP ----------------------------------------------------------------

  async #handle(req: IncomingMessage, res: ServerResponse) {
    const receivedAt = Date.now();
    const url = new URL(req.url ?? '/', this.#url);
    const method = req.method ?? 'GET';
    // Raw bytes: git pack files are binary.
    const rawBody = await readBody(req);
    const body = rawBody.toString('utf8');
    let operation: string | undefined;
    let gql: { query?: string; variables?: Record<string, unknown> } = {};
    if (method === 'POST' && url.pathname === '/api/graphql') {
      try {
        gql = JSON.parse(body || '{}');
      } catch {
        // answered below as a GraphQL parse problem
      }
      operation = /\b(?:query|mutation)\s+(\w+)/.exec(gql.query ?? '')?.[1];
    }
    const record: RequestRecord = {
      method,
      path: url.pathname + url.search,
      operation,
      variables: gql.variables,
      status: 0,
      receivedAt,
    };
    this.requests.push(record);
    res.on('finish', () => {
      record.status = res.statusCode;
    });
    res.on('close', () => {
      record.closedAt = Date.now();
      if (!res.writableFinished) record.aborted = true;
    });
    if (this.#latencyMs) {
      await new Promise(r => setTimeout(r, this.#latencyMs));
    }

    const resource: Resource = operation ? 'graphql' : 'core';
    const rule = this.#faults.find(
      f => f.remaining > 0 && f.match({ method, path: record.path, operation }),
    );
    if (rule) {
      rule.remaining--;
      record.fault = rule.fault.kind;
      if (rule.fault.kind === 'slow') {
        const delayMs = rule.fault.delayMs;
        await new Promise(r => setTimeout(r, delayMs).unref());
        if (res.destroyed) return;
      } else {
        this.#fault(req, res, rule.fault, resource);
        return;
      }
    }

    if (this.oauth?.handle(req, res, url, body)) {
      return;
    }
    if (this.git && (await this.git.handleGit(req, res, url, rawBody))) {
      return;
    }
    const appAnswer = await this.app?.handle(req, method, url);
    if (appAnswer) {
      this.#json(res, appAnswer.status, appAnswer.body);
      return;
    }
    if (url.pathname === '/api/v3/rate_limit') {
      // Free on GitHub: does not count against the budget.
      record.graphqlRemaining = this.remaining('graphql');
      this.#json(res, 200, this.#rateLimitBody(), resource, false);
      return;
    }
    const auth = req.headers.authorization ?? '';
    if (auth !== `token ${this.#token}` && auth !== `Bearer ${this.#token}`) {
      this.#json(
        res,
        401,
        {
          message: 'Bad credentials',
          documentation_url: 'https://docs.github.com/rest',
        },
        resource,
      );
      return;
    }
    if (this.#used[resource] >= this.#limit) {
      this.#fault(req, res, { kind: 'rateLimit' }, resource);
      return;
    }

    if (method === 'POST' && url.pathname === '/api/graphql') {
      const data = await this.git?.graphql(
        gql.query ?? '',
        gql.variables ?? {},
        this.#url,
      );
      if (data !== undefined) {
        this.#json(res, 200, { data }, 'graphql');
        return;
      }
      this.#graphql(res, gql);
      return;
    }
    const hosted = await this.git?.handleApi(method, url, body, this.#url);
    if (hosted) {
      this.#json(res, hosted.status, hosted.body);
      return;
    }
    const contents =
      /^\/api\/v3\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/.exec(url.pathname);
    if (method === 'GET' && contents) {
      this.#contents(req, res, contents, url.searchParams.get('ref'));
      return;
    }
    const archive = this.#archive(method, url.pathname, res);
    if (archive) {
      return;
    }
    if (await this.#hostedArchive(method, url.pathname, res)) {
      return;
    }
    const repoMatch = /^\/api\/v3\/repos\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (method === 'GET' && repoMatch) {
      const found = this.#findRepo(repoMatch[1], repoMatch[2]);
      if (!found) {
        this.#notFound(res);
        return;
      }
      this.#json(res, 200, this.#restRepo(found));
      return;
    }
    this.#notFound(res);
  }

  /**
   * readTree of repositories that carry a `tarball`: the commit status
   * (sha + repository with archive_url) and the archive itself.
   */
  #archive(method: string, pathname: string, res: ServerResponse): boolean {
    if (method !== 'GET') return false;
    const status =
      /^\/api\/v3\/repos\/([^/]+)\/([^/]+)\/commits\/([^/]+)\/status$/.exec(
        pathname,
      );
    const tarball =
      /^\/api\/v3\/repos\/([^/]+)\/([^/]+)\/tarball\/([^/]+)$/.exec(pathname);
    const match = status ?? tarball;
    const repo = match && this.#findRepo(match[1], match[2]);
    if (!repo?.tarball) return false;
    const sha = createHash('sha1').update(repo.tarball).digest('hex');
    if (status) {
      this.#json(res, 200, {
        state: 'success',
        sha,
        repository: {
          ...this.#restRepo(repo),
          archive_url: `${this.apiBaseUrl}/repos/${this.org.login}/${repo.name}/{archive_format}{/ref}`,
        },
      });
    } else {
      this.#used.core++;
      res.writeHead(200, {
        'content-type': 'application/x-gzip',
        ...this.#rateLimitHeaders('core'),
      });
      res.end(repo.tarball);
    }
    return true;
  }

  /** readTree of a repository pushed to the stand-in (publish:github). */
  async #hostedArchive(
    method: string,
    pathname: string,
    res: ServerResponse,
  ): Promise<boolean> {
    if (method !== 'GET' || !this.git) return false;
    const status =
      /^\/api\/v3\/repos\/([^/]+)\/([^/]+)\/commits\/([^/]+)\/status$/.exec(
        pathname,
      );
    const tarball =
      /^\/api\/v3\/repos\/([^/]+)\/([^/]+)\/tarball\/([^/]+)$/.exec(pathname);
    const match = status ?? tarball;
    const repo = match && this.#findRepo(match[1], match[2]);
    if (!match || !repo) return false;
    const found = await this.git.archive(
      match[1],
      match[2],
      status ? 'status' : 'tarball',
      match[3],
    );
    if (!found) return false;
    if ('sha' in found) {
      this.#json(res, 200, {
        state: 'pending',
        sha: found.sha,
        total_count: 0,
        statuses: [],
        repository: {
          ...this.#restRepo(repo),
          archive_url: `${this.apiBaseUrl}/repos/${this.org.login}/${repo.name}/{archive_format}{/ref}`,
        },
      });
    } else {
      this.#used.core++;
      res.writeHead(200, {
        'content-type': 'application/x-gzip',
        ...this.#rateLimitHeaders('core'),
      });
      res.end(found.tarball);
    }
    return true;
  }

  #fault(
    req: IncomingMessage,
    res: ServerResponse,
    fault: Exclude<Fault, { kind: 'slow' }>,
    resource: Resource,
  ) {
    if (fault.kind === 'rateLimit') {
      const reset = Math.floor(Date.now() / 1000) + (fault.resetInSeconds ?? 1);
      res.writeHead(403, {
        'content-type': 'application/json; charset=utf-8',
        'x-ratelimit-limit': String(this.#limit),
        'x-ratelimit-remaining': '0',
        'x-ratelimit-used': String(this.#limit),
        'x-ratelimit-reset': String(reset),
        'x-ratelimit-resource': resource,
      });
      res.end(
        JSON.stringify({
          message: `API rate limit exceeded for installation. If you reach out to GitHub Support for help, please include the request ID.`,
          documentation_url:
            'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
        }),
      );
    } else if (fault.kind === 'secondaryRateLimit') {
      res.writeHead(429, {
        'content-type': 'application/json; charset=utf-8',
        'retry-after': String(fault.retryAfterSeconds ?? 1),
        ...this.#rateLimitHeaders(resource),
      });
      res.end(
        JSON.stringify({
          message:
            'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
          documentation_url:
            'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
        }),
      );
    } else if (fault.kind === 'badCredentials') {
      this.#json(
        res,
        401,
        {
          message: 'Bad credentials',
          documentation_url: 'https://docs.github.com/rest',
        },
        resource,
      );
    } else if (fault.kind === 'redirect') {
      res.writeHead(302, { location: fault.location, 'content-length': '0' });
      res.end();
    } else if (fault.kind === 'badGateway') {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
    } else {
      // Hold the request without answering, then drop the connection, as a
      // load balancer does when the upstream times out.
      this.#held.add(req);
      setTimeout(() => {
        this.#held.delete(req);
        req.socket.destroy();
      }, fault.holdMs ?? 3000).unref();
    }
  }

  #rateLimitHeaders(resource: Resource) {
    return {
      'x-ratelimit-limit': String(this.#limit),
      'x-ratelimit-remaining': String(this.remaining(resource)),
      'x-ratelimit-used': String(this.#used[resource]),
      'x-ratelimit-reset': String(this.#resetAt),
      'x-ratelimit-resource': resource,
      'x-github-enterprise-version': '3.14.0',
    };
  }

  #rateLimitBody() {
    const of = (r: Resource) => ({
      limit: this.#limit,
      used: this.#used[r],
      remaining: this.remaining(r),
      reset: this.#resetAt,
    });
    return {
      resources: { core: of('core'), graphql: of('graphql') },
      rate: of('core'),
    };
  }

  #json(
    res: ServerResponse,
    status: number,
    body: unknown,
    resource: Resource = 'core',
    counts = true,
  ) {
    if (counts && status !== 304) this.#used[resource]++;
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      ...this.#rateLimitHeaders(resource),
    });
    res.end(JSON.stringify(body));
  }

  #notFound(res: ServerResponse) {
    this.#json(res, 404, {
      message: 'Not Found',
      documentation_url: 'https://docs.github.com/rest',
    });
  }

  #findRepo(owner: string, name: string): FakeRepo | undefined {
    if (owner.toLowerCase() !== this.org.login.toLowerCase()) return undefined;
    return this.org.repos.find(r => r.name === name);
  }

  #restRepo(repo: FakeRepo) {
    const full = `${this.org.login}/${repo.name}`;
    return {
      name: repo.name,
      full_name: full,
      html_url: `${this.#url}/${full}`,
      default_branch: repo.defaultBranch,
      archived: repo.isArchived,
      fork: repo.isFork,
      visibility: repo.visibility.toLowerCase(),
      topics: repo.topics,
      owner: { login: this.org.login, type: 'Organization' },
      // What the token may do (the portal's installation writes).
      permissions: {
        admin: false,
        maintain: false,
        push: true,
        triage: true,
        pull: true,
      },
    };
  }

  #contents(
    req: IncomingMessage,
    res: ServerResponse,
    [, owner, name, rawPath]: RegExpExecArray,
    ref: string | null,
  ) {
    const repo = this.#findRepo(owner, name);
    const path = decodeURIComponent(rawPath);
    const text =
      repo && (ref === null || ref === repo.defaultBranch)
        ? repo.files.get(path)
        : undefined;
    if (text === undefined) {
      this.#notFound(res);
      return;
    }
    const sha = createHash('sha1')
      .update(`blob ${Buffer.byteLength(text)}\0${text}`)
      .digest('hex');
    const etag = `"${sha}"`;
    const raw = String(req.headers.accept ?? '').includes('raw');
    // GitHub's ETags are weak on the JSON representation.
    const tag = raw ? etag : `W/${etag}`;
    const inm = req.headers['if-none-match'];
    if (inm && inm.split(/\s*,\s*/).includes(tag)) {
      res.writeHead(304, { etag: tag, ...this.#rateLimitHeaders('core') });
      res.end();
      return;
    }
    this.#used.core++;
    if (raw) {
      res.writeHead(200, {
        'content-type': 'application/vnd.github.raw; charset=utf-8',
        etag: tag,
        ...this.#rateLimitHeaders('core'),
      });
      res.end(text);
      return;
    }
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      etag: tag,
      ...this.#rateLimitHeaders('core'),
    });
    res.end(
      JSON.stringify({
        type: 'file',
        encoding: 'base64',
        size: Buffer.byteLength(text),
        name: path.split('/').pop(),
        path,
        sha,
        content: Buffer.from(text).toString('base64'),
      }),
    );
  }

  // --- GraphQL -------------------------------------------------------------

  #graphql(
    res: ServerResponse,
    {
      query,
      variables = {},
    }: { query?: string; variables?: Record<string, any> },
  ) {
    const answer = (data: unknown) => this.#json(res, 200, { data }, 'graphql');
    const org =
      String(variables.org ?? '').toLowerCase() === this.org.login.toLowerCase()
        ? this.org
        : undefined;
    const q = query ?? '';
    if (/repositoryOwner\(login: \$org\)[\s\S]*repositories\(/.test(q)) {
      answer({
        repositoryOwner: org && {
          login: org.login,
          repositories: page(
            org.repos,
            variables.repositoriesPageSize,
            variables.cursor,
            r => this.#gqlRepo(r, String(variables.catalogPathRef)),
          ),
        },
      });
    } else if (
      /repositoryOwner\(login: \$org\)[\s\S]*repository\(name:/.test(q)
    ) {
      const repo = org?.repos.find(r => r.name === variables.repoName);
      answer({
        repositoryOwner: org && {
          repository: repo
            ? this.#gqlRepo(repo, String(variables.catalogPathRef))
            : null,
        },
      });
    } else if (/organization\(login: \$org\)[\s\S]*membersWithRole\(/.test(q)) {
      answer({
        organization: org && {
          membersWithRole: page(
            org.users,
            variables.organizationMembersPageSize,
            variables.cursor,
            u => this.#gqlUser(u),
          ),
        },
      });
    } else if (/organization\(login: \$org\)[\s\S]*teams\(/.test(q)) {
      answer({
        organization: org && {
          teams: page(org.teams, variables.teamsPageSize, variables.cursor, t =>
            this.#gqlTeam(t, Number(variables.membersPageSize ?? 100)),
          ),
        },
      });
    } else if (/team\(slug: ?\$teamSlug\)[\s\S]*members\(/.test(q)) {
      const team = org?.teams.find(t => t.slug === variables.teamSlug);
      answer({
        organization: org && {
          team: team && {
            members: page(
              team.members,
              variables.membersPageSize,
              variables.cursor,
              login => ({ login }),
            ),
          },
        },
      });
    } else {
      this.#json(
        res,
        200,
        {
          errors: [
            {
              type: 'UNSUPPORTED',
              message: `the GitHub stand-in does not answer this query: ${q.slice(
                0,
                200,
              )}`,
            },
          ],
        },
        'graphql',
      );
    }
  }

  #gqlRepo(repo: FakeRepo, catalogPathRef: string) {
    const [ref, ...rest] = catalogPathRef.split(':');
    const path = rest.join(':');
    const text =
      ref === 'HEAD' || ref === repo.defaultBranch
        ? repo.files.get(path)
        : undefined;
    return {
      name: repo.name,
      catalogInfoFile:
        text === undefined
          ? null
          : {
              __typename: 'Blob',
              id: `B_${createHash('sha1').update(text).digest('hex')}`,
              text,
            },
      url: `${this.#url}/${this.org.login}/${repo.name}`,
      isArchived: repo.isArchived,
      isFork: repo.isFork,
      visibility: repo.visibility,
      repositoryTopics: {
        nodes: repo.topics.map(name => ({ topic: { name } })),
      },
      defaultBranchRef: { name: repo.defaultBranch },
    };
  }

  #gqlUser(user: FakeOrg['users'][number]) {
    return {
      avatarUrl: `${this.#url}/avatars/${user.login}`,
      bio: null,
      email: user.email,
      id: user.id,
      login: user.login,
      name: user.name,
      organizationVerifiedDomainEmails: [],
    };
  }

  #gqlTeam(team: FakeOrg['teams'][number], membersPageSize: number) {
    const members = team.members
      .map(login => this.org.users.find(u => u.login === login))
      .filter((u): u is FakeOrg['users'][number] => !!u);
    return {
      slug: team.slug,
      combinedSlug: `${this.org.login}/${team.slug}`,
      name: team.name,
      description: team.description,
      avatarUrl: null,
      editTeamUrl: `${this.#url}/orgs/${this.org.login}/teams/${
        team.slug
      }/edit`,
      parentTeam: team.parentSlug ? { slug: team.parentSlug } : null,
      members: {
        pageInfo: { hasNextPage: members.length > membersPageSize },
        nodes: members.slice(0, membersPageSize).map(u => this.#gqlUser(u)),
      },
    };
  }
}

/** A GraphQL connection page with GitHub-style opaque cursors. */
function page<T, R>(
  items: T[],
  first: unknown,
  after: unknown,
  map: (item: T) => R,
) {
  const size = Math.min(Math.max(Number(first) || 0, 1), 100);
  const start = after
    ? Number(Buffer.from(String(after), 'base64').toString().split(':')[1]) + 1
    : 0;
  const slice = items.slice(start, start + size);
  const end = start + slice.length - 1;
  return {
    pageInfo: {
      hasNextPage: start + size < items.length,
      endCursor: slice.length
        ? Buffer.from(`cursor:${end}`).toString('base64')
        : null,
    },
    nodes: slice.map(map),
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks);
}
