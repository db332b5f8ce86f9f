import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_API_CONSUMED_BY,
  RELATION_CONSUMES_API,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  RELATION_OWNED_BY,
  RELATION_PART_OF,
  RELATION_PROVIDES_API,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { PagerDutyOnCallResponse } from '@internal/backstage-plugin-pagerduty-common';
import { relationTargets, titleOf, toEntityRef } from '../services/refs';
import {
  findEntitiesExamples,
  getEntityOverviewExamples,
} from './catalog.examples';
import { namesOf, PortalActionsDeps, resolveEntity } from './types';

/** What the agent gets for "who is on call". */
export type OnCallSummary = {
  /** `ok`, `not-configured` (no PagerDuty), `no-service` (none for this entity), `unavailable` (PagerDuty or its plugin failed). */
  status: 'ok' | 'not-configured' | 'no-service' | 'unavailable';
  service: { id: string; name: string; url: string } | null;
  people: Array<{
    name: string;
    email: string;
    escalationLevel: number;
    until: string | null;
  }>;
  openIncidents: Array<{
    number: number;
    title: string;
    status: string;
    urgency: string;
    createdAt: string;
    url: string;
  }>;
  note?: string;
};

/** The on-call of an entity from the pagerduty plugin; never throws. */
async function onCallOf(
  deps: PortalActionsDeps,
  entity: Entity,
  credentials: BackstageCredentials,
): Promise<OnCallSummary> {
  const empty = { service: null, people: [], openIncidents: [] };
  const path = `/entities/${encodeURIComponent(
    entity.kind.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(
    entity.metadata.namespace ?? 'default',
  )}/${encodeURIComponent(entity.metadata.name)}/on-call`;
  let answer: PagerDutyOnCallResponse;
  try {
    answer = await deps.api.request<PagerDutyOnCallResponse>(
      'pagerduty',
      path,
      { credentials },
    );
  } catch (error) {
    return {
      status: 'unavailable',
      ...empty,
      note: `On-call could not be read: ${(error as Error).message}`,
    };
  }
  if (!answer.configured) {
    return { status: 'not-configured', ...empty, note: answer.howToConfigure };
  }
  if (!answer.service) {
    return { status: 'no-service', ...empty, note: answer.reason };
  }
  if (!('onCall' in answer)) {
    return { status: 'no-service', ...empty };
  }
  return {
    status: 'ok',
    service: {
      id: answer.service.id,
      name: answer.service.name,
      url: answer.service.htmlUrl,
    },
    people: answer.onCall.map(o => ({
      name: o.user.name,
      email: o.user.email,
      escalationLevel: o.escalationLevel,
      until: o.end,
    })),
    openIncidents: answer.incidents.map(i => ({
      number: i.number,
      title: i.title,
      status: i.status,
      urgency: i.urgency,
      createdAt: i.createdAt,
      url: i.htmlUrl,
    })),
    ...(answer.service.source === 'owner'
      ? {
          note: `No PagerDuty service of its own: the owning team's default service (${answer.service.name}) is paged.`,
        }
      : {}),
  };
}

/** The runbook: a link of type `runbook`, else one titled "Runbook". */
function runbookOf(entity: Entity) {
  const links = entity.metadata.links ?? [];
  return (
    links.find(l => l.type?.toLocaleLowerCase('en-US') === 'runbook') ??
    links.find(l => /runbook/i.test(l.title ?? ''))
  );
}

const specString = (entity: Entity, key: string): string | undefined => {
  const value = (entity.spec as Record<string, unknown> | undefined)?.[key];
  return typeof value === 'string' ? value : undefined;
};

export function registerCatalogActions(deps: PortalActionsDeps) {
  const { actionsRegistry, catalog, links } = deps;

  actionsRegistry.register({
    name: 'find-entities',
    title: 'Find catalog entities',
    description: `Finds services, websites, APIs, resources, systems, teams and people in the Acme software catalog by free text (name, title, description), kind, owner team and type.
Returns each entity's ref (e.g. component:default/payment-service), title, owner team by name and a portal link; use get-entity-overview on a ref for owners, on-call, runbook and dependencies.
Only entities the caller may see are returned (the portal's permission policy applies).`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    examples: findEntitiesExamples,
    schema: {
      input: z =>
        z.object({
          text: z
            .string()
            .trim()
            .min(1)
            .max(200)
            .optional()
            .describe(
              'Words to look for in names, titles and descriptions, e.g. "payment"',
            ),
          kind: z
            .string()
            .regex(/^[a-zA-Z]+$/)
            .optional()
            .describe(
              'Entity kind: Component, API, Resource, System, Domain, Group, User or Template',
            ),
          owner: z
            .string()
            .min(1)
            .optional()
            .describe(
              'Owning team, e.g. "team-payments" or "group:default/team-payments"',
            ),
          type: z
            .string()
            .min(1)
            .optional()
            .describe(
              'spec.type, e.g. "service", "website", "database" or "team"',
            ),
          limit: z
            .number()
            .int()
            .min(1)
            .max(100)
            .optional()
            .describe('At most this many entities (default 20)'),
        }),
      output: z =>
        z.object({
          items: z.array(
            z.object({
              ref: z.string(),
              kind: z.string(),
              title: z.string(),
              description: z.string().optional(),
              type: z.string().optional(),
              lifecycle: z.string().optional(),
              owner: z
                .object({ ref: z.string(), title: z.string() })
                .nullable(),
              url: z.string().describe('The entity page in the portal'),
            }),
          ),
          totalItems: z
            .number()
            .describe('How many entities match, of which items are the first'),
        }),
    },
    action: async ({ input, credentials }) => {
      const filter: Record<string, string> = {};
      if (input.kind) filter.kind = input.kind;
      if (input.type) filter['spec.type'] = input.type;
      if (input.owner) {
        filter['relations.ownedBy'] = toEntityRef(input.owner, 'group').ref;
      }
      const { items, totalItems } = await catalog.queryEntities(
        {
          filter: Object.keys(filter).length ? filter : undefined,
          ...(input.text
            ? {
                fullTextFilter: {
                  term: input.text,
                  fields: [
                    'metadata.name',
                    'metadata.title',
                    'metadata.description',
                    'spec.profile.displayName',
                  ],
                },
              }
            : {}),
          orderFields: { field: 'metadata.name', order: 'asc' },
          limit: input.limit ?? 20,
        },
        { credentials },
      );
      const owners = await namesOf(
        catalog,
        items.flatMap(e => relationTargets(e, RELATION_OWNED_BY).slice(0, 1)),
        credentials,
      );
      return {
        output: {
          items: items.map(entity => {
            const ownerRef = relationTargets(entity, RELATION_OWNED_BY)[0];
            return {
              ref: stringifyEntityRef(entity),
              kind: entity.kind,
              title: titleOf(entity),
              ...(entity.metadata.description
                ? { description: entity.metadata.description }
                : {}),
              ...(specString(entity, 'type')
                ? { type: specString(entity, 'type') }
                : {}),
              ...(specString(entity, 'lifecycle')
                ? { lifecycle: specString(entity, 'lifecycle') }
                : {}),
              owner: ownerRef ? owners.get(ownerRef) ?? null : null,
              url: links.entity(entity),
            };
          }),
          totalItems,
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'get-entity-overview',
    title: 'Get an entity with owner, on-call, runbook and dependencies',
    description: `Answers "who owns X, who is on call for it, where is its runbook, what does it depend on and what uses it" for one catalog entity.
Returns the owner team by name, the system, the people on call now from PagerDuty (by escalation level) with open incidents, the runbook link, other links, what it depends on and what depends on it or consumes its APIs (usedBy), each by title and ref.
Give a ref such as "payment-service" (a Component) or "resource:default/postgres-payments". Read with the caller's permissions.`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    examples: getEntityOverviewExamples,
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .min(1)
            .describe(
              'The entity, e.g. "payment-service" or "component:default/payment-service" (a bare name is looked up across kinds)',
            ),
        }),
      output: z => {
        const namedEntity = z.object({ ref: z.string(), title: z.string() });
        return z.object({
          ref: z.string(),
          kind: z.string(),
          title: z.string(),
          description: z.string().optional(),
          type: z.string().optional(),
          lifecycle: z.string().optional(),
          tags: z.array(z.string()),
          url: z.string().describe('The entity page in the portal'),
          owner: namedEntity
            .extend({ url: z.string() })
            .nullable()
            .describe('The owning team'),
          system: namedEntity.nullable(),
          onCall: z
            .object({
              status: z.enum([
                'ok',
                'not-configured',
                'no-service',
                'unavailable',
              ]),
              service: z
                .object({ id: z.string(), name: z.string(), url: z.string() })
                .nullable(),
              people: z.array(
                z.object({
                  name: z.string(),
                  email: z.string(),
                  escalationLevel: z.number().describe('1 is paged first'),
                  until: z
                    .string()
                    .nullable()
                    .describe('End of the shift; null when always on call'),
                }),
              ),
              openIncidents: z.array(
                z.object({
                  number: z.number(),
                  title: z.string(),
                  status: z.string(),
                  urgency: z.string(),
                  createdAt: z.string(),
                  url: z.string(),
                }),
              ),
              note: z.string().optional(),
            })
            .describe('Who is on call now (PagerDuty)'),
          runbook: z.object({ title: z.string(), url: z.string() }).nullable(),
          links: z.array(
            z.object({
              title: z.string(),
              url: z.string(),
              type: z.string().optional(),
            }),
          ),
          dependsOn: z.array(namedEntity),
          usedBy: z
            .array(
              namedEntity.extend({
                via: z
                  .string()
                  .describe(
                    '"dependsOn", or the ref of the API of this entity that it consumes',
                  ),
              }),
            )
            .describe('What breaks or degrades when this entity does'),
          providesApis: z.array(namedEntity),
          consumesApis: z.array(namedEntity),
        });
      },
    },
    action: async ({ input, credentials }) => {
      const entity = await resolveEntity(catalog, input.entityRef, credentials);
      const ownerRef = relationTargets(entity, RELATION_OWNED_BY)[0];
      const systemRef = relationTargets(entity, RELATION_PART_OF).find(r =>
        r.startsWith('system:'),
      );
      const providedApis = relationTargets(entity, RELATION_PROVIDES_API);
      const { items: apis } = await catalog.getEntitiesByRefs(
        {
          entityRefs: providedApis,
          fields: ['kind', 'metadata.name', 'metadata.namespace', 'relations'],
        },
        { credentials },
      );
      const consumers = apis.flatMap((api, i) =>
        api
          ? relationTargets(api, RELATION_API_CONSUMED_BY).map(c => ({
              ref: c,
              via: providedApis[i],
            }))
          : [],
      );
      const dependents = relationTargets(entity, RELATION_DEPENDENCY_OF).map(
        r => ({ ref: r, via: 'dependsOn' }),
      );
      const usedByRaw = [...dependents, ...consumers];
      const [names, onCall] = await Promise.all([
        namesOf(
          catalog,
          [
            ...(ownerRef ? [ownerRef] : []),
            ...(systemRef ? [systemRef] : []),
            ...relationTargets(entity, RELATION_DEPENDS_ON),
            ...usedByRaw.map(u => u.ref),
            ...providedApis,
            ...relationTargets(entity, RELATION_CONSUMES_API),
          ],
          credentials,
        ),
        onCallOf(deps, entity, credentials),
      ]);
      const name = (r: string) => names.get(r.toLocaleLowerCase('en-US'))!;
      const runbook = runbookOf(entity);
      return {
        output: {
          ref: stringifyEntityRef(entity),
          kind: entity.kind,
          title: titleOf(entity),
          ...(entity.metadata.description
            ? { description: entity.metadata.description }
            : {}),
          ...(specString(entity, 'type')
            ? { type: specString(entity, 'type') }
            : {}),
          ...(specString(entity, 'lifecycle')
            ? { lifecycle: specString(entity, 'lifecycle') }
            : {}),
          tags: entity.metadata.tags ?? [],
          url: links.entity(entity),
          owner: ownerRef
            ? { ...name(ownerRef), url: links.entity(ownerRef) }
            : null,
          system: systemRef ? name(systemRef) : null,
          onCall,
          runbook: runbook
            ? {
                title: runbook.title ?? 'Runbook',
                url: links.absolute(runbook.url),
              }
            : null,
          links: (entity.metadata.links ?? []).map(l => ({
            title: l.title ?? l.url,
            url: links.absolute(l.url),
            ...(l.type ? { type: l.type } : {}),
          })),
          dependsOn: relationTargets(entity, RELATION_DEPENDS_ON).map(name),
          usedBy: usedByRaw.map(u => ({ ...name(u.ref), via: u.via })),
          providesApis: providedApis.map(name),
          consumesApis: relationTargets(entity, RELATION_CONSUMES_API).map(
            name,
          ),
        },
      };
    },
  });
}
