import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  AuditEventsPage,
  AuditOutcome,
} from '@internal/backstage-plugin-audit-common';

/** Filters of the audit trail; all optional, combined with AND. */
export interface AuditEventFilter {
  /** A user entity ref (`user:default/jane`) or a service (`plugin:catalog`). */
  actor?: string;
  /** An action or a prefix of it, e.g. `catalog` or `scaffolder.task`. */
  action?: string;
  /** An entity ref or a location target (`url:https://...`). */
  entity?: string;
  outcome?: AuditOutcome;
  /** ISO 8601, inclusive. */
  from?: string;
  /** ISO 8601, exclusive. */
  to?: string;
  limit?: number;
  /** From the previous page's `nextCursor`. */
  cursor?: string;
}

/** Reads the stored audit trail (admins only). */
export interface AuditApi {
  /**
   * One page of audit records, newest first. Throws a ResponseError with
   * status 403 when the user may not read the trail, 400 for a bad filter.
   */
  listEvents(filter?: AuditEventFilter): Promise<AuditEventsPage>;
}

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
}
