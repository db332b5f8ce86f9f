/*
 * Repository discovery that hands the catalog each page as it arrives.
 *
 * Upstream's GithubEntityProvider.refresh() reads every page of the org's
 * repositories and applies one "full" mutation at the end. Its GitHub client
 * sends at most one GraphQL request a second (octokit's throttling, GitHub's
 * guidance), so 10,000 repositories (100 pages) take 100 s during which the
 * catalog has nothing to process. Here each page becomes a "delta" mutation
 * (additions only: nothing is removed before the whole org has been read),
 * so processing runs while later pages are fetched, and the run still ends
 * with the same "full" mutation, which removes what disappeared.
 *
 * The provider's own (private) methods turn a page into Location entities,
 * so a page-by-page run and upstream's run produce the same entities (the
 * test compares them); if an upgrade removes them we fall back to upstream.
 *
 * A `signal` reaches every GraphQL request (Octokit's `request.signal`), so
 * cancelling a run aborts the request in flight and stops the run.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { GithubEntityProvider } from '@backstage/plugin-catalog-backend-module-github';
import {
  DeferredEntity,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';

/** The repository fields upstream's provider reads (same GraphQL query). */
interface RepositoryResponse {
  name: string;
  url: string;
  isArchived: boolean;
  isFork: boolean;
  visibility: string;
  repositoryTopics: { nodes: { topic: { name: string } }[] };
  defaultBranchRef: { name: string } | null;
  catalogInfoFile: { __typename: string; id?: string; text?: string } | null;
}

interface RepositoriesPage {
  repositoryOwner: {
    repositories: {
      nodes: RepositoryResponse[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  } | null;
}

type GraphqlClient = (
  query: string,
  variables: Record<string, unknown>,
) => Promise<unknown>;

/** What upstream's provider has, but does not export. */
interface ProviderInternals {
  config: {
    catalogPath: string;
    filters: { branch?: string };
    validateLocationsExist: boolean;
    pageSizes?: { repositories?: number };
  };
  getOrganizations(): Promise<string[]>;
  createGraphqlClient(organization: string): Promise<GraphqlClient>;
  createRepoFromGithubResponse(
    response: RepositoryResponse,
    organization: string,
  ): { isCatalogInfoFilePresent: boolean };
  matchesFilters<T>(repositories: T[]): T[];
  toDeferredEntitiesFromRepos(repositories: unknown[]): DeferredEntity[];
}

// upstream's default page size for repositories
const DEFAULT_REPOSITORIES_PAGE_SIZE = 25;

const REPOSITORIES_QUERY = `
  query repositories($org: String!, $catalogPathRef: String!, $cursor: String, $repositoriesPageSize: Int!) {
    repositoryOwner(login: $org) {
      login
      repositories(first: $repositoriesPageSize, after: $cursor) {
        nodes {
          name
          catalogInfoFile: object(expression: $catalogPathRef) {
            __typename
            ... on Blob { id text }
          }
          url
          isArchived
          isFork
          visibility
          repositoryTopics(first: 100) {
            nodes { ... on RepositoryTopic { topic { name } } }
          }
          defaultBranchRef { name }
        }
        pageInfo { hasNextPage endCursor }
      }
    }
  }`;

function internalsOf(
  provider: GithubEntityProvider,
): ProviderInternals | undefined {
  const candidate = provider as unknown as Partial<ProviderInternals>;
  const methods = [
    'getOrganizations',
    'createGraphqlClient',
    'createRepoFromGithubResponse',
    'matchesFilters',
    'toDeferredEntitiesFromRepos',
  ] as const;
  return candidate.config &&
    methods.every(m => typeof candidate[m] === 'function')
    ? (candidate as ProviderInternals)
    : undefined;
}

/**
 * Runs one discovery of `provider` through `connection` (the provider's
 * own, as the catalog gave it), applying each page of repositories at once.
 * Aborting `options.signal` aborts the GitHub request in flight; the run
 * then rejects and applies nothing more.
 */
export async function refreshPageByPage(
  provider: GithubEntityProvider,
  connection: EntityProviderConnection,
  logger: LoggerService,
  options: { signal?: AbortSignal } = {},
): Promise<void> {
  const { signal } = options;
  const internals = internalsOf(provider);
  if (!internals) {
    logger.warn(
      'GithubEntityProvider has changed shape; discovering with its own refresh (entities are applied only after the last page)',
    );
    await provider.refresh(logger);
    return;
  }
  const { catalogPath, filters, validateLocationsExist, pageSizes } =
    internals.config;
  const catalogPathRef = `${filters.branch ?? 'HEAD'}:${catalogPath.replace(
    /^\//,
    '',
  )}`;
  const all: DeferredEntity[] = [];
  for (const org of await internals.getOrganizations()) {
    signal?.throwIfAborted();
    const client = await internals.createGraphqlClient(org);
    let cursor: string | null = null;
    do {
      const page = (await client(REPOSITORIES_QUERY, {
        org,
        catalogPathRef,
        cursor,
        repositoriesPageSize:
          pageSizes?.repositories ?? DEFAULT_REPOSITORIES_PAGE_SIZE,
        request: { signal },
      })) as RepositoriesPage;
      signal?.throwIfAborted();
      const repositories = page.repositoryOwner?.repositories;
      if (!repositories) {
        throw new Error(`GitHub found no repository owner named ${org}`);
      }
      const found = repositories.nodes
        .map(r => internals.createRepoFromGithubResponse(r, org))
        .filter(r => !validateLocationsExist || r.isCatalogInfoFilePresent);
      const entities = internals.toDeferredEntitiesFromRepos(
        internals.matchesFilters(found),
      );
      if (entities.length) {
        await connection.applyMutation({
          type: 'delta',
          added: entities,
          removed: [],
        });
        all.push(...entities);
      }
      cursor = repositories.pageInfo.hasNextPage
        ? repositories.pageInfo.endCursor
        : null;
    } while (cursor);
  }
  signal?.throwIfAborted();
  await connection.applyMutation({ type: 'full', entities: all });
  logger.info(`Discovered ${all.length} catalog files, applied page by page`);
}
