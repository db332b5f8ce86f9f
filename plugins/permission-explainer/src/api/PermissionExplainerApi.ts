import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { ExplainResponse } from '@internal/backstage-plugin-permission-explainer-common';

/** Asks the Acme permission policy what a user may do, and why. */
export interface PermissionExplainerApi {
  /**
   * The decisions of the policy for the main permissions of the portal for
   * `user` (a User entity ref or name), with the rule behind each; with
   * `entity`, also the outcome on that entity. Admins only (403 otherwise).
   */
  explain(user: string, entity?: string): Promise<ExplainResponse>;
  /** The User entities of the catalog with their names, sorted by name. */
  listUsers(): Promise<CatalogUser[]>;
  /**
   * The titles people read for entity refs (a user's or group's display
   * name, else `metadata.title`, else the entity's name), from the catalog.
   * Refs the catalog does not know are left out.
   */
  getEntityTitles(entityRefs: string[]): Promise<Record<string, string>>;
}

/** A User entity of the catalog: its ref and the name people read. */
export type CatalogUser = { entityRef: string; title: string };

type CatalogEntity = {
  kind: string;
  metadata: { name: string; namespace?: string; title?: string };
  spec?: { profile?: { displayName?: string } };
};

const TITLE_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'spec.profile.displayName',
];

function refOf(e: CatalogEntity): string {
  return `${e.kind}:${e.metadata.namespace ?? 'default'}/${
    e.metadata.name
  }`.toLocaleLowerCase('en-US');
}

function titleOf(e: CatalogEntity): string {
  return e.spec?.profile?.displayName || e.metadata.title || e.metadata.name;
}

/** API reference of the {@link PermissionExplainerApi}. */
export const permissionExplainerApiRef = createApiRef<PermissionExplainerApi>({
  id: 'plugin.permission-explainer.api',
});

/** {@link PermissionExplainerApi} over HTTP, with the signed-in user's token. */
export class PermissionExplainerClient implements PermissionExplainerApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  async explain(user: string, entity?: string): Promise<ExplainResponse> {
    const baseUrl = await this.deps.discoveryApi.getBaseUrl('permission');
    const query = new URLSearchParams({ user });
    if (entity) query.set('entity', entity);
    const res = await this.deps.fetchApi.fetch(
      `${baseUrl}/acme/explain?${query}`,
    );
    if (!res.ok) {
      throw await ResponseError.fromResponse(res);
    }
    return (await res.json()) as ExplainResponse;
  }

  async listUsers(): Promise<CatalogUser[]> {
    const baseUrl = await this.deps.discoveryApi.getBaseUrl('catalog');
    const res = await this.deps.fetchApi.fetch(
      `${baseUrl}/entities?filter=kind=user&fields=${TITLE_FIELDS.join(',')}`,
    );
    if (!res.ok) {
      throw await ResponseError.fromResponse(res);
    }
    const users = (await res.json()) as CatalogEntity[];
    return users
      .map(u => ({ entityRef: refOf(u), title: titleOf(u) }))
      .sort(
        (a, b) =>
          a.title.localeCompare(b.title) ||
          a.entityRef.localeCompare(b.entityRef),
      );
  }

  async getEntityTitles(entityRefs: string[]): Promise<Record<string, string>> {
    const refs = [...new Set(entityRefs)];
    if (refs.length === 0) {
      return {};
    }
    const baseUrl = await this.deps.discoveryApi.getBaseUrl('catalog');
    const res = await this.deps.fetchApi.fetch(`${baseUrl}/entities/by-refs`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ entityRefs: refs, fields: TITLE_FIELDS }),
    });
    if (!res.ok) {
      throw await ResponseError.fromResponse(res);
    }
    const { items } = (await res.json()) as {
      items: Array<CatalogEntity | null>;
    };
    // The catalog answers in the order asked, null for unknown refs.
    return Object.fromEntries(
      refs.flatMap((ref, i) => {
        const entity = items[i];
        return entity ? [[ref, titleOf(entity)]] : [];
      }),
    );
  }
}
