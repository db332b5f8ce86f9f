import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  AuditEventFilter,
  AuditEventsPage,
} from '@internal/backstage-plugin-audit-common';

/** Reads the stored audit trail (admins only). */
export interface AuditApi {
  /**
   * One page of audit records, newest first. Throws a ResponseError with
   * status 403 when the user may not read the trail, 400 for a bad filter.
   */
  listEvents(filter?: AuditEventFilter): Promise<AuditEventsPage>;

  /**
   * The titles people read for entity refs (a user's or group's display
   * name, else `metadata.title`, else the entity's name), from the catalog.
   * Refs the catalog does not know (deleted entities, location targets,
   * plugin ids) are left out.
   */
  getEntityTitles(entityRefs: string[]): Promise<Record<string, string>>;
}

type CatalogEntity = {
  metadata: { name: string; title?: string };
  spec?: { profile?: { displayName?: string } };
};

/** `kind:namespace/name`: what the catalog can look up. */
const ENTITY_REF = /^[a-z0-9-]+:[a-z0-9-_.]+\/[a-z0-9-_.]+$/i;

/** API reference of the {@link AuditApi}. */
export const auditApiRef = createApiRef<AuditApi>({
  id: 'plugin.audit.api',
});

/** {@link AuditApi} over HTTP with the signed-in user's Backstage token. */
export class AuditClient implements AuditApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  async listEvents(filter: AuditEventFilter = {}): Promise<AuditEventsPage> {
    const base = await this.deps.discoveryApi.getBaseUrl('audit');
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(filter)) {
      if (value !== undefined && value !== '') {
        params.set(key, String(value));
      }
    }
    const qs = params.toString();
    const response = await this.deps.fetchApi.fetch(
      `${base}/events${qs ? `?${qs}` : ''}`,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as AuditEventsPage;
  }

  async getEntityTitles(entityRefs: string[]): Promise<Record<string, string>> {
    const refs = [...new Set(entityRefs)].filter(r => ENTITY_REF.test(r));
    if (refs.length === 0) {
      return {};
    }
    const base = await this.deps.discoveryApi.getBaseUrl('catalog');
    const response = await this.deps.fetchApi.fetch(
      `${base}/entities/by-refs`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          entityRefs: refs,
          fields: [
            'metadata.name',
            'metadata.title',
            'spec.profile.displayName',
          ],
        }),
      },
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    const { items } = (await response.json()) as {
      items: Array<CatalogEntity | null>;
    };
    // The catalog answers in the order asked, null for unknown refs.
    return Object.fromEntries(
      refs.flatMap((ref, i) => {
        const entity = items[i];
        return entity
          ? [
              [
                ref,
                entity.spec?.profile?.displayName ||
                  entity.metadata.title ||
                  entity.metadata.name,
              ],
            ]
          : [];
      }),
    );
  }
}
