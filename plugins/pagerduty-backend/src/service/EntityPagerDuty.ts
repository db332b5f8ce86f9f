/*
 * The PagerDuty side of a catalog entity: which service it has (its own
 * `pagerduty.com/service-id`, else its owner's: a team's default service),
 * who is on call for it, its open incidents, and paging it.
 *
 * PagerDuty's answers are cached for a short time (pagerDuty.cacheTtl) in
 * the backend cache, so an entity page or the readiness scorecard does not
 * call PagerDuty for every view; errors are never cached.
 */
import {
  BackstageCredentials,
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { JsonValue } from '@backstage/types';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ownerRefOf,
  PAGERDUTY_SERVICE_ID_ANNOTATION,
  PagerDutyIncident,
  PagerDutyNoService,
  PagerDutyOnCall,
  PagerDutyOnCallResponse,
  PagerDutyService,
  PagerDutyServiceResponse,
  PagerDutyServiceSource,
  PagerDutyUrgency,
} from '@internal/backstage-plugin-pagerduty-common';
import { HOW_TO_CONFIGURE } from '../config';
import { PagerDutyClient, PdIncident, PdOnCall } from './PagerDutyClient';

/** What we keep of a PagerDuty service. */
type CachedService = {
  id: string;
  name: string;
  htmlUrl: string;
  escalationPolicyId: string;
};

/** The service of an entity, with its escalation policy. */
export type ResolvedService = PagerDutyService & { escalationPolicyId: string };

const toIncident = (i: PdIncident): PagerDutyIncident => ({
  id: i.id,
  number: i.incident_number,
  title: i.title,
  status: i.status,
  urgency: i.urgency,
  createdAt: i.created_at,
  htmlUrl: i.html_url,
});

const toOnCall = (o: PdOnCall): PagerDutyOnCall => ({
  user: {
    name: o.user.name ?? o.user.summary ?? o.user.id,
    email: o.user.email ?? '',
    htmlUrl: o.user.html_url ?? '',
  },
  escalationLevel: o.escalation_level,
  start: o.start ?? null,
  end: o.end ?? null,
});

export class EntityPagerDuty {
  readonly #client?: PagerDutyClient;
  readonly #catalog: CatalogService;
  readonly #cache: CacheService;
  readonly #cacheTtlMs: number;
  readonly #logger: LoggerService;

  constructor(options: {
    /** Undefined when PagerDuty is not configured. */
    client?: PagerDutyClient;
    catalog: CatalogService;
    cache: CacheService;
    cacheTtlMs: number;
    logger: LoggerService;
  }) {
    this.#client = options.client;
    this.#catalog = options.catalog;
    this.#cache = options.cache;
    this.#cacheTtlMs = options.cacheTtlMs;
    this.#logger = options.logger;
  }

  get client(): PagerDutyClient | undefined {
    return this.#client;
  }

  /** The entity, read with the caller's credentials; 404 when not visible. */
  async entity(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const entity = await this.#catalog.getEntityByRef(ref, { credentials });
    if (!entity) {
      throw new NotFoundError(
        `No entity ${stringifyEntityRef(ref)} in the catalog`,
      );
    }
    return entity;
  }

  /**
   * The PagerDuty service of an entity: its own annotation, else its owner's
   * (the team's default service). Catalog reads use the caller's credentials.
   */
  async resolve(
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<
    | { configured: false; howToConfigure: string }
    | PagerDutyNoService
    | { configured: true; service: ResolvedService }
  > {
    const client = this.#client;
    if (!client) return { configured: false, howToConfigure: HOW_TO_CONFIGURE };

    const entityRef = stringifyEntityRef(entity);
    const ownerRef = ownerRefOf(entity);
    let serviceId =
      entity.metadata.annotations?.[PAGERDUTY_SERVICE_ID_ANNOTATION]?.trim();
    let source: PagerDutyServiceSource = 'entity';
    let annotated = entityRef;
    if (!serviceId && ownerRef) {
      const owner = await this.#catalog.getEntityByRef(ownerRef, {
        credentials,
      });
      serviceId =
        owner?.metadata.annotations?.[PAGERDUTY_SERVICE_ID_ANNOTATION]?.trim();
      source = 'owner';
      annotated = ownerRef;
    }
    if (!serviceId) {
      return {
        configured: true,
        service: null,
        reason: ownerRef
          ? `Neither ${entityRef} nor its owner ${ownerRef} has the annotation ${PAGERDUTY_SERVICE_ID_ANNOTATION}`
          : `${entityRef} has no annotation ${PAGERDUTY_SERVICE_ID_ANNOTATION} and no owner`,
      };
    }
    if (!/^[A-Za-z0-9]+$/.test(serviceId)) {
      return {
        configured: true,
        service: null,
        reason: `${PAGERDUTY_SERVICE_ID_ANNOTATION} of ${annotated} is '${serviceId}', which is not a PagerDuty service id (letters and digits, e.g. PXXXXXX)`,
        serviceId,
        source,
      };
    }

    const service = await this.#cached<CachedService | null>(
      `service:${serviceId}`,
      async () => {
        const found = await client.getService(serviceId!);
        return found
          ? {
              id: found.id,
              name: found.name,
              htmlUrl: found.html_url,
              escalationPolicyId: found.escalation_policy.id,
            }
          : null;
      },
    );
    if (!service) {
      return {
        configured: true,
        service: null,
        reason: `PagerDuty has no service ${serviceId} (${PAGERDUTY_SERVICE_ID_ANNOTATION} of ${annotated})`,
        serviceId,
        source,
      };
    }
    return {
      configured: true,
      service: { ...service, source, ownerRef },
    };
  }

  /** The `service` endpoint's answer (the escalation policy left out). */
  async service(
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<PagerDutyServiceResponse> {
    const resolved = await this.resolve(entity, credentials);
    if (!resolved.configured || !resolved.service) return resolved;
    const { escalationPolicyId: _, ...service } = resolved.service;
    return { configured: true, service };
  }

  /** The `on-call` endpoint's answer. */
  async onCall(
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<PagerDutyOnCallResponse> {
    const resolved = await this.resolve(entity, credentials);
    if (!resolved.configured || !resolved.service) return resolved;
    const client = this.#client!;
    const { escalationPolicyId, ...service } = resolved.service;
    const [onCall, incidents] = await Promise.all([
      this.#cached(`oncalls:${escalationPolicyId}`, async () =>
        (await client.listOnCalls(escalationPolicyId))
          .map(toOnCall)
          .sort((a, b) => a.escalationLevel - b.escalationLevel),
      ),
      this.#cached(`incidents:${service.id}`, async () =>
        (await client.listOpenIncidents(service.id)).map(toIncident),
      ),
    ]);
    return { configured: true, service, onCall, incidents };
  }

  /** Creates an incident on a service; its open incidents are read afresh. */
  async createIncident(input: {
    serviceId: string;
    title: string;
    urgency: PagerDutyUrgency;
    details: string;
    from: string;
  }): Promise<PagerDutyIncident> {
    const incident = await this.#client!.createIncident(input);
    await this.#forget(`incidents:${input.serviceId}`);
    return toIncident(incident);
  }

  /**
   * The cached answer, else `load()`'s, which is then cached. A failing
   * load throws and nothing is cached; a failing cache is logged and
   * bypassed.
   */
  async #cached<T extends JsonValue>(
    key: string,
    load: () => Promise<T>,
  ): Promise<T> {
    if (this.#cacheTtlMs <= 0) return load();
    try {
      const hit = await this.#cache.get<{ value: T }>(key);
      if (hit) return hit.value;
    } catch (error) {
      this.#logger.warn(`PagerDuty cache read of ${key} failed: ${error}`);
    }
    const value = await load();
    try {
      await this.#cache.set(key, { value }, { ttl: this.#cacheTtlMs });
    } catch (error) {
      this.#logger.warn(`PagerDuty cache write of ${key} failed: ${error}`);
    }
    return value;
  }

  async #forget(key: string) {
    try {
      await this.#cache.delete(key);
    } catch (error) {
      this.#logger.warn(`PagerDuty cache delete of ${key} failed: ${error}`);
    }
  }
}
