import {
  ANNOTATION_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  Entity,
  parseLocationRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  DefaultGithubCredentialsProvider,
  GithubIntegrationConfig,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import {
  ReviewState,
  ServiceUpgrade,
  UpgradePullRequest,
} from '@internal/backstage-plugin-golden-paths-common';
import type { LocalGitLayout } from '@internal/backstage-plugin-scaffolder-backend-module-local-git';
import { Octokit } from '@octokit/rest';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { git, runGit } from './git';

/** What an upgrade asks of the review it publishes. */
export interface ReviewRequest {
  branch: string;
  baseBranch: string;
  /** Whether this run pushed a new commit to the branch. */
  pushed: boolean;
  title: string;
  body: string;
}

/** What is known of an upgrade's review to look at it again. */
export type ReviewedUpgrade = Pick<
  ServiceUpgrade,
  'branch' | 'commit' | 'pullRequest'
>;

/** Where the review of an upgrade stands after publishing it. */
export interface PublishedReview {
  review: ReviewState;
  pullRequest?: UpgradePullRequest;
}

/**
 * A service's repository as the upgrade needs it: cloned, pushed to (never
 * its default branch), and a review of the upgrade branch.
 */
export interface ServiceRepository {
  clone(into: string): Promise<void>;
  push(workTree: string, branch: string): Promise<void>;
  publishReview(request: ReviewRequest): Promise<PublishedReview>;
  /** Looks again: merged, closed or still open. */
  reviewState(upgrade: ReviewedUpgrade): Promise<ReviewState>;
}

/** The location the entity was read from, or its source location. */
function locationTarget(entity: Entity): string | undefined {
  for (const annotation of [ANNOTATION_LOCATION, ANNOTATION_SOURCE_LOCATION]) {
    const ref = entity.metadata.annotations?.[annotation];
    if (!ref) continue;
    try {
      return parseLocationRef(ref).target;
    } catch {
      // not a location ref; try the next annotation
    }
  }
  return undefined;
}

/**
 * A repository `publish:local-git` created: a bare repository of this
 * portal; the review is the branch itself, merged once the default branch
 * contains it.
 */
export class LocalGitRepository implements ServiceRepository {
  constructor(private readonly bare: string) {}

  static forEntity(
    entity: Entity,
    layout: LocalGitLayout,
  ): LocalGitRepository | undefined {
    const target = locationTarget(entity);
    if (!target) return undefined;
    const checkouts = path.join(layout.baseDir, 'checkouts');
    const file = target.startsWith('file:') ? fileURLToPath(target) : target;
    const relative = path.relative(checkouts, file);
    const name = relative.split(path.sep)[0];
    if (relative.startsWith('..') || path.isAbsolute(relative) || !name) {
      return undefined;
    }
    return new LocalGitRepository(layout.bareRepoPath(name));
  }

  async clone(into: string) {
    await git(['clone', '--quiet', this.bare, into]);
  }

  async push(workTree: string, branch: string) {
    await git(
      ['push', '--quiet', '--force', 'origin', `HEAD:refs/heads/${branch}`],
      workTree,
    );
  }

  async publishReview(): Promise<PublishedReview> {
    return { review: 'open' };
  }

  async reviewState(review: ReviewedUpgrade): Promise<ReviewState> {
    const base = await git(['symbolic-ref', '--short', 'HEAD'], this.bare);
    const merged = await runGit(
      ['merge-base', '--is-ancestor', review.commit, base],
      this.bare,
    );
    if (merged.code === 0) return 'merged';
    const branch = await runGit(
      ['rev-parse', '--verify', '--quiet', `refs/heads/${review.branch}`],
      this.bare,
    );
    // the branch was deleted without merging: the team declined it
    return branch.code === 0 ? 'open' : 'closed';
  }
}

/** What GitHub answered, in words: status and message. */
function gitHubError(action: string, error: unknown): Error {
  const e = error as {
    status?: number;
    message?: string;
    response?: { data?: { message?: string } };
  };
  const detail = e.response?.data?.message ?? e.message ?? String(error);
  const status = e.status ? ` (HTTP ${e.status})` : '';
  let hint = '';
  if (e.status === 401 || e.status === 403) {
    hint =
      '; check the GitHub integration credentials and their repository permissions';
  } else if (e.status === 429 || (e.status && e.status >= 500)) {
    hint =
      '; GitHub is busy or down, run the upgrade again later (it is idempotent)';
  }
  return new Error(`GitHub refused to ${action}${status}: ${detail}${hint}`);
}

/**
 * A repository on GitHub (or GitHub Enterprise): cloned and pushed over
 * HTTPS with the integration's credentials; the review is a pull request
 * from the upgrade branch, found again by its head on every run.
 */
export class GitHubRepository implements ServiceRepository {
  private constructor(
    private readonly options: {
      integration: GithubIntegrationConfig;
      credentials: DefaultGithubCredentialsProvider;
      webBase: string;
      owner: string;
      repo: string;
    },
  ) {}

  static forEntity(
    entity: Entity,
    integrations: ScmIntegrationRegistry,
  ): GitHubRepository | undefined {
    const target = locationTarget(entity);
    if (!target || !/^https?:/.test(target)) return undefined;
    const integration = integrations.github.byUrl(target);
    if (!integration) return undefined;
    const url = new URL(target);
    const [owner, repo] = url.pathname.split('/').filter(Boolean);
    if (!owner || !repo) return undefined;
    return new GitHubRepository({
      integration: integration.config,
      credentials:
        DefaultGithubCredentialsProvider.fromIntegrations(integrations),
      webBase: `${url.protocol}//${url.host}`,
      owner,
      repo: repo.replace(/\.git$/, ''),
    });
  }

  private get repoUrl() {
    const { webBase, owner, repo } = this.options;
    return `${webBase}/${owner}/${repo}`;
  }

  private async token(): Promise<string> {
    const { token } = await this.options.credentials.getCredentials({
      url: this.repoUrl,
    });
    if (!token) {
      throw new InputError(
        `No GitHub credentials for ${this.repoUrl}: configure integrations.github with a token or a GitHub App that can write to it`,
      );
    }
    return token;
  }

  /** `-c http.extraHeader=...`: the token never lands in a URL or a log. */
  private async authArgs(): Promise<string[]> {
    const basic = Buffer.from(`x-access-token:${await this.token()}`).toString(
      'base64',
    );
    return ['-c', `http.extraHeader=Authorization: Basic ${basic}`];
  }

  private async octokit() {
    return new Octokit({
      baseUrl: this.options.integration.apiBaseUrl,
      auth: await this.token(),
    });
  }

  async clone(into: string) {
    await git([
      ...(await this.authArgs()),
      'clone',
      '--quiet',
      `${this.repoUrl}.git`,
      into,
    ]);
  }

  async push(workTree: string, branch: string) {
    await git(
      [
        ...(await this.authArgs()),
        'push',
        '--quiet',
        '--force',
        'origin',
        `HEAD:refs/heads/${branch}`,
      ],
      workTree,
    );
  }

  async publishReview(request: ReviewRequest): Promise<PublishedReview> {
    const { owner, repo } = this.options;
    const octokit = await this.octokit();
    let existing;
    try {
      const { data } = await octokit.pulls.list({
        owner,
        repo,
        head: `${owner}:${request.branch}`,
        state: 'all',
        sort: 'created',
        direction: 'desc',
        per_page: 1,
      });
      existing = data[0];
    } catch (error) {
      throw gitHubError(`list the pull requests of ${owner}/${repo}`, error);
    }
    const stateOf = (pr: { state: string; merged_at: string | null }) =>
      pr.merged_at ? 'merged' : (pr.state as ReviewState);
    if (existing && existing.state === 'open') {
      try {
        await octokit.pulls.update({
          owner,
          repo,
          pull_number: existing.number,
          title: request.title,
          body: request.body,
        });
      } catch (error) {
        throw gitHubError(`update pull request #${existing.number}`, error);
      }
      return {
        review: 'open',
        pullRequest: { number: existing.number, url: existing.html_url },
      };
    }
    if (existing && !request.pushed) {
      // The same commit the team already merged or declined: not reopened.
      return {
        review: stateOf(existing),
        pullRequest: { number: existing.number, url: existing.html_url },
      };
    }
    try {
      const { data } = await octokit.pulls.create({
        owner,
        repo,
        head: request.branch,
        base: request.baseBranch,
        title: request.title,
        body: request.body,
      });
      return {
        review: 'open',
        pullRequest: { number: data.number, url: data.html_url },
      };
    } catch (error) {
      throw gitHubError(
        `open a pull request from ${request.branch} in ${owner}/${repo}`,
        error,
      );
    }
  }

  async reviewState(review: ReviewedUpgrade): Promise<ReviewState> {
    if (!review.pullRequest) return 'open';
    const { owner, repo } = this.options;
    try {
      const { data } = await (
        await this.octokit()
      ).pulls.get({ owner, repo, pull_number: review.pullRequest.number });
      return data.merged_at ? 'merged' : (data.state as ReviewState);
    } catch (error) {
      throw gitHubError(
        `read pull request #${review.pullRequest.number} of ${owner}/${repo}`,
        error,
      );
    }
  }
}

/** The repository of a service, wherever the portal published it. */
export function repositoryOf(
  entity: Entity,
  options: { localGit: LocalGitLayout; integrations: ScmIntegrationRegistry },
): ServiceRepository {
  const repository =
    LocalGitRepository.forEntity(entity, options.localGit) ??
    GitHubRepository.forEntity(entity, options.integrations);
  if (!repository) {
    const where =
      entity.metadata.annotations?.[ANNOTATION_LOCATION] ?? 'unknown';
    throw new InputError(
      `${stringifyEntityRef(
        entity,
      )} is neither in a local git repository of this portal nor on a configured GitHub host (its location is ${where}), so it cannot be upgraded`,
    );
  }
  return repository;
}
