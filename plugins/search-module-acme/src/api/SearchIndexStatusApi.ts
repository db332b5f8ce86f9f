import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';

/**
 * One document type of `GET /api/search/index-status`
 * (plugins/search-backend-module-acme, README "Index status").
 */
export type SearchIndexTypeStatus = {
  /** `software-catalog`, `techdocs`, ... as in a search query's `types`. */
  type: string;
  /** `building` until the type's first complete index; results may be incomplete. */
  status: 'building' | 'ready';
  documents: number;
  lastIndexedAt: string | null;
  lastError: string | null;
};

/** Body of `GET /api/search/index-status`. */
export type SearchIndexStatus = {
  /** Every type is ready. */
  ready: boolean;
  types: SearchIndexTypeStatus[];
};

/** Reads whether the search index of each document type is built yet. */
export interface SearchIndexStatusApi {
  /**
   * The index status of every document type that has a collator: `ready`
   * once its first complete index exists, `building` until then.
   */
  getIndexStatus(): Promise<SearchIndexStatus>;
}

/** API reference of the {@link SearchIndexStatusApi}. */
export const searchIndexStatusApiRef = createApiRef<SearchIndexStatusApi>({
  id: 'plugin.search.acme.index-status',
});

/** {@link SearchIndexStatusApi} over HTTP, with the Backstage token of the user. */
export class SearchIndexStatusClient implements SearchIndexStatusApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  async getIndexStatus(): Promise<SearchIndexStatus> {
    const baseUrl = await this.deps.discoveryApi.getBaseUrl('search');
    const res = await this.deps.fetchApi.fetch(`${baseUrl}/index-status`);
    if (!res.ok) {
      throw await ResponseError.fromResponse(res);
    }
    const body = (await res.json()) as Partial<SearchIndexStatus>;
    if (!Array.isArray(body.types)) {
      throw new Error(
        `Unexpected answer from ${baseUrl}/index-status: no types list`,
      );
    }
    return { ready: Boolean(body.ready), types: body.types };
  }
}
