import { CompoundEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/frontend-plugin-api';
import {
  PagerDutyCreateIncidentRequest,
  PagerDutyCreateIncidentResponse,
  PagerDutyOnCallResponse,
  PagerDutyServiceResponse,
} from '@internal/backstage-plugin-pagerduty-common';

/**
 * On-call of catalog entities from PagerDuty, through the pagerduty backend
 * (`/api/pagerduty`). Entities are given as refs (`component:default/x`) or
 * compound refs.
 *
 * @public
 */
export interface PagerDutyApi {
  /**
   * The PagerDuty service of an entity: its own `pagerduty.com/service-id`
   * or its owner team's default; or why there is none, or that PagerDuty is
   * not configured.
   */
  getService(
    entityRef: string | CompoundEntityRef,
  ): Promise<PagerDutyServiceResponse>;

  /**
   * The service plus who is on call for it now (by escalation level) and its
   * open incidents.
   */
  getOnCall(
    entityRef: string | CompoundEntityRef,
  ): Promise<PagerDutyOnCallResponse>;

  /**
   * Pages the on-call of the entity's service: creates a PagerDuty incident
   * in the signed-in user's name, with the reason in its details.
   */
  createIncident(
    entityRef: string | CompoundEntityRef,
    request: PagerDutyCreateIncidentRequest,
  ): Promise<PagerDutyCreateIncidentResponse>;
}

/**
 * API reference of the {@link PagerDutyApi}.
 *
 * @public
 */
export const pagerDutyApiRef = createApiRef<PagerDutyApi>({
  id: 'plugin.pagerduty.api',
});

/**
 * {@link PagerDutyApi} over HTTP, with the Backstage token of the user.
 *
 * @public
 */
export class PagerDutyClient implements PagerDutyApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  getService(
    entityRef: string | CompoundEntityRef,
  ): Promise<PagerDutyServiceResponse> {
    return this.#call(entityRef, 'service');
  }

  getOnCall(
    entityRef: string | CompoundEntityRef,
  ): Promise<PagerDutyOnCallResponse> {
    return this.#call(entityRef, 'on-call');
  }

  createIncident(
    entityRef: string | CompoundEntityRef,
    request: PagerDutyCreateIncidentRequest,
  ): Promise<PagerDutyCreateIncidentResponse> {
    return this.#call(entityRef, 'incidents', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
  }

  async #call<T>(
    entityRef: string | CompoundEntityRef,
    what: string,
    init?: RequestInit,
  ): Promise<T> {
    const { kind, namespace, name } =
      typeof entityRef === 'string' ? parseEntityRef(entityRef) : entityRef;
    const base = await this.deps.discoveryApi.getBaseUrl('pagerduty');
    const path = [kind.toLocaleLowerCase('en-US'), namespace, name]
      .map(encodeURIComponent)
      .join('/');
    const response = await this.deps.fetchApi.fetch(
      `${base}/entities/${path}/${what}`,
      init,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.json();
  }
}
