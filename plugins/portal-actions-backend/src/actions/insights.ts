import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { EntityCost } from '@internal/backstage-plugin-cost-tracker-common';
import type { EntityClaims } from '@internal/backstage-plugin-crossplane-common';
import type {
  DevexDashboard,
  Scorecard,
} from '@internal/backstage-plugin-devex-metrics-common';
import { titleOf } from '../services/refs';
import {
  getCostExamples,
  getPlatformHealthExamples,
  getScorecardExamples,
  listCrossplaneClaimsExamples,
} from './insights.examples';
import { namesOf, PortalActionsDeps, resolveEntity } from './types';

const PERIODS = [
  'last-month',
  'this-month',
  'last-7-days',
  'last-30-days',
  'last-90-days',
] as const;
type Period = (typeof PERIODS)[number];

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** A named period as from/to days (UTC), relative to `now`. */
export function periodWindow(
  period: Period,
  now: Date,
): { from: string; to: string } {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  switch (period) {
    case 'last-month':
      return {
        from: isoDay(new Date(Date.UTC(y, m - 1, 1))),
        to: isoDay(new Date(Date.UTC(y, m, 0))),
      };
    case 'this-month':
      return { from: isoDay(new Date(Date.UTC(y, m, 1))), to: isoDay(now) };
    default: {
      const days = Number(period.split('-')[1]);
      return {
        from: isoDay(new Date(now.getTime() - (days - 1) * 86_400_000)),
        to: isoDay(now),
      };
    }
  }
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export function registerInsightActions(
  deps: PortalActionsDeps & { now?: () => Date },
) {
  const { actionsRegistry, catalog, api, links } = deps;
  const now = () => deps.now?.() ?? new Date();

  actionsRegistry.register({
    name: 'get-cost',
    title: 'Get the cloud cost of a service, team or system',
    description: `What an entity cost over a window, from the portal's cost tracker (FOCUS billing exports and OpenCost): the total, by category (compute, storage, network, other), the previous window of the same length for comparison, the monthly budget if set, and for a team, system or domain the biggest contributors and what each owning team was charged.
A team is its Group, e.g. "group:default/team-payments" or "team-payments": its own and its child groups' costs. "Last month" is period "last-month"; or give from/to days.`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    examples: getCostExamples,
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .min(1)
            .describe(
              'A Component, Resource, System, Domain or Group (team), e.g. "team-payments", "group:default/team-payments" or "payment-service"',
            ),
          period: z
            .enum(PERIODS)
            .optional()
            .describe(
              'A named window in UTC; default last-30-days. Ignored when from is given',
            ),
          from: z
            .string()
            .regex(/^\d{4}-\d{2}-\d{2}$/)
            .optional()
            .describe('First day, YYYY-MM-DD'),
          to: z
            .string()
            .regex(/^\d{4}-\d{2}-\d{2}$/)
            .optional()
            .describe('Last day, YYYY-MM-DD (default: 29 days after from)'),
          cost: z
            .enum(['effective', 'billed'])
            .optional()
            .describe(
              'effective (after discounts and commitments; the default) or billed',
            ),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          title: z.string(),
          kind: z.string(),
          currency: z.string(),
          cost: z.string().describe('effective or billed'),
          from: z.string(),
          to: z.string(),
          total: z.number(),
          byCategory: z.record(z.number()),
          previous: z.object({
            from: z.string(),
            to: z.string(),
            total: z.number(),
          }),
          change: z
            .number()
            .nullable()
            .describe(
              '(total - previous) / previous; null without a previous cost',
            ),
          topContributors: z
            .array(
              z.object({
                ref: z.string(),
                title: z.string(),
                amount: z.number(),
              }),
            )
            .describe('For roll-ups: the entities that cost most, at most 10'),
          byOwner: z
            .array(
              z.object({
                owner: z.string().nullable(),
                title: z.string(),
                amount: z.number(),
              }),
            )
            .optional()
            .describe('For roll-ups: what each owning team was charged'),
          budget: z
            .object({ monthly: z.number(), monthToDate: z.number() })
            .optional(),
          url: z.string(),
        }),
    },
    action: async ({ input, credentials }) => {
      const entity = await resolveEntity(
        catalog,
        input.entityRef,
        credentials,
        'group',
      );
      const window = input.from
        ? { from: input.from, to: input.to }
        : periodWindow(input.period ?? 'last-30-days', now());
      if (input.to && !input.from) {
        throw new InputError('to needs from');
      }
      const namespace = entity.metadata.namespace ?? 'default';
      const answer = await api.request<EntityCost>(
        'cost-tracker',
        `/costs/${encodeURIComponent(
          entity.kind.toLocaleLowerCase('en-US'),
        )}/${encodeURIComponent(namespace)}/${encodeURIComponent(
          entity.metadata.name,
        )}`,
        {
          credentials,
          query: { from: window.from, to: window.to, cost: input.cost },
        },
      );
      const top = [...answer.members]
        .sort((a, b) => b.amount - a.amount)
        .slice(0, 10);
      const names = await namesOf(
        catalog,
        [
          ...top.map(m => m.entityRef),
          ...(answer.byOwner ?? []).flatMap(o => (o.owner ? [o.owner] : [])),
        ],
        credentials,
      );
      const title = (ref: string) =>
        names.get(ref.toLocaleLowerCase('en-US'))?.title ?? ref;
      return {
        output: {
          entityRef: stringifyEntityRef(entity),
          title: titleOf(entity),
          kind: entity.kind,
          currency: answer.currency,
          cost: answer.cost,
          from: answer.from,
          to: answer.to,
          total: answer.total,
          byCategory: answer.byCategory,
          previous: {
            from: answer.previous.from,
            to: answer.previous.to,
            total: answer.previous.total,
          },
          change:
            answer.change === null
              ? null
              : Math.round(answer.change * 1000) / 1000,
          topContributors: top.map(m => ({
            ref: m.entityRef,
            title: title(m.entityRef),
            amount: round2(m.amount),
          })),
          ...(answer.byOwner
            ? {
                byOwner: answer.byOwner.map(o => ({
                  owner: o.owner,
                  title: o.owner ? title(o.owner) : 'no owner',
                  amount: o.amount,
                })),
              }
            : {}),
          ...(answer.budget ? { budget: answer.budget } : {}),
          url: links.entity(entity),
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'get-platform-health',
    title: 'Get the platform health summary (DevEx metrics)',
    description: `The platform's developer-experience health from the DevEx dashboard: catalog coverage, golden-path adoption and template runs, time to first deploy, developer NPS, each team's readiness score and levels, each against its target (healthy, warning, unhealthy).
The portal shows this dashboard to the platform team only (permission devex.metrics.read); others get a refusal saying so.`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    examples: getPlatformHealthExamples,
    schema: {
      input: z => z.object({}),
      output: z => {
        const status = z.enum(['healthy', 'warning', 'unhealthy', 'unknown']);
        return z.object({
          computedAt: z.string().nullable(),
          overall: status,
          catalog: z
            .object({
              status,
              coveragePercent: z.number().nullable(),
              servicesInCatalog: z.number(),
              repositoriesDiscovered: z.number(),
              withOwnerPercent: z.number().nullable(),
              withTechDocsPercent: z.number().nullable(),
              withRunbookPercent: z.number().nullable(),
            })
            .nullable(),
          goldenPaths: z
            .object({
              status,
              adoptionPercent: z.number().nullable(),
              servicesFromTemplates: z.number(),
              runs: z.array(
                z.object({
                  template: z.string(),
                  completed: z.number(),
                  failed: z.number(),
                }),
              ),
            })
            .nullable(),
          timeToFirstDeploy: z
            .object({
              status,
              medianHours: z.number().nullable(),
              deployed: z.number(),
              pending: z.number(),
            })
            .nullable(),
          nps: z
            .object({
              status,
              period: z.string(),
              nps: z.number().nullable(),
              responses: z.number(),
            })
            .nullable(),
          teams: z.array(
            z.object({
              owner: z.string(),
              title: z.string(),
              services: z.number(),
              scorePercent: z.number(),
              levels: z.record(z.number()),
            }),
          ),
          levels: z
            .array(z.string())
            .describe('Readiness levels, lowest first'),
          note: z.string().optional(),
        });
      },
    },
    action: async ({ credentials }) => {
      const dashboard = await api.request<DevexDashboard>(
        'devex-metrics',
        '/dashboard',
        { credentials },
      );
      const latest = dashboard.latest;
      if (!latest) {
        return {
          output: {
            computedAt: null,
            overall: 'unknown' as const,
            catalog: null,
            goldenPaths: null,
            timeToFirstDeploy: null,
            nps: null,
            teams: [],
            levels: [],
            note: 'The DevEx metrics have not been computed yet',
          },
        };
      }
      const owners = await namesOf(
        catalog,
        latest.teams.map(t => t.owner),
        credentials,
      );
      const ttfd = latest.timeToFirstDeploy;
      return {
        output: {
          computedAt: latest.computedAt,
          overall: latest.overall,
          catalog: {
            status: latest.catalog.status,
            coveragePercent: latest.catalog.coveragePercent,
            servicesInCatalog: latest.catalog.servicesInCatalog,
            repositoriesDiscovered: latest.catalog.repositoriesDiscovered,
            withOwnerPercent: latest.catalog.withOwnerPercent,
            withTechDocsPercent: latest.catalog.withTechDocsPercent,
            withRunbookPercent: latest.catalog.withRunbookPercent,
          },
          goldenPaths: {
            status: latest.goldenPath.status,
            adoptionPercent: latest.goldenPath.adoptionPercent,
            servicesFromTemplates: latest.goldenPath.fromTemplate,
            runs: latest.goldenPath.executions.map(e => ({
              template: e.template,
              completed: e.completed,
              failed: e.failed,
            })),
          },
          timeToFirstDeploy: {
            status: ttfd.status,
            medianHours:
              ttfd.medianSeconds === null
                ? null
                : Math.round((ttfd.medianSeconds / 3600) * 10) / 10,
            deployed: ttfd.deployed,
            pending: ttfd.pending,
          },
          nps: {
            status: latest.survey.status,
            period: latest.survey.period,
            nps: latest.survey.nps,
            responses: latest.survey.responses,
          },
          teams: latest.teams.map(t => ({
            owner: t.owner,
            title:
              owners.get(t.owner.toLocaleLowerCase('en-US'))?.title ?? t.owner,
            services: t.services,
            scorePercent: t.scorePercent,
            levels: t.levels,
          })),
          levels: latest.levels,
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'get-scorecard',
    title: "Get an entity's readiness scorecard",
    description: `An entity's production-readiness scorecard from the DevEx metrics: the level it reaches (highest level whose checks all pass, or none), how many checks pass, and each failing check with the reason (e.g. no runbook, no PagerDuty service, no TechDocs), so you know what to fix.`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    examples: getScorecardExamples,
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .min(1)
            .describe('The entity, e.g. "payment-service"'),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          title: z.string(),
          owner: z.string().nullable(),
          level: z
            .string()
            .nullable()
            .describe('The level reached; null when none'),
          passed: z.number(),
          total: z.number(),
          failingChecks: z.array(
            z.object({
              id: z.string(),
              title: z.string(),
              reason: z.string().optional(),
            }),
          ),
          passingChecks: z.array(z.string()),
          url: z.string(),
        }),
    },
    action: async ({ input, credentials }) => {
      const entity = await resolveEntity(catalog, input.entityRef, credentials);
      const ref = stringifyEntityRef(entity);
      const scorecard = await api.request<Scorecard>(
        'devex-metrics',
        '/scorecard',
        { credentials, query: { entityRef: ref } },
      );
      return {
        output: {
          entityRef: ref,
          title: titleOf(entity),
          owner: scorecard.owner,
          level: scorecard.level,
          passed: scorecard.passed,
          total: scorecard.total,
          failingChecks: scorecard.checks
            .filter(c => !c.passed)
            .map(c => ({
              id: c.id,
              title: c.title,
              ...(c.reason ? { reason: c.reason } : {}),
            })),
          // a check that does not apply is neither passing nor failing
          passingChecks: scorecard.checks
            .filter(c => c.passed && !c.notApplicable)
            .map(c => c.title),
          url: links.entity(entity),
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'list-crossplane-claims',
    title:
      "List an entity's Crossplane claims (databases and other infrastructure)",
    description: `The Crossplane claims (e.g. PostgreSQL databases) that belong to a catalog entity: those on the clusters with their readiness and connection secret, and those committed to its repository that GitOps has not applied yet.
Read-only. To request a database, use a golden path (run-golden-path with needPostgres), never a claim of your own.`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    examples: listCrossplaneClaimsExamples,
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .min(1)
            .describe('The entity, e.g. "payment-service"'),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          claims: z.array(
            z.object({
              cluster: z.string(),
              kind: z.string(),
              namespace: z.string(),
              name: z.string(),
              ready: z.boolean(),
              synced: z.boolean(),
              connectionSecretName: z.string().optional(),
              createdAt: z.string().optional(),
              problem: z
                .string()
                .optional()
                .describe('The message of a condition that is not True'),
            }),
          ),
          committed: z.array(
            z.object({
              path: z.string(),
              url: z.string(),
              kind: z.string().optional(),
              namespace: z.string().optional(),
              name: z.string().optional(),
              parameters: z.record(z.unknown()).optional(),
              error: z.string().optional(),
            }),
          ),
          clusterErrors: z.array(z.string()),
        }),
    },
    action: async ({ input, credentials }) => {
      const entity = await resolveEntity(catalog, input.entityRef, credentials);
      const ref = stringifyEntityRef(entity);
      const answer = await api.request<EntityClaims>('crossplane', '/claims', {
        credentials,
        query: { entityRef: ref },
      });
      return {
        output: {
          entityRef: ref,
          claims: answer.items.map(c => {
            const problem = c.conditions.find(
              k => k.status !== 'True' && k.message,
            )?.message;
            return {
              cluster: c.cluster,
              kind: c.kind,
              namespace: c.namespace,
              name: c.name,
              ready: c.ready,
              synced: c.synced,
              ...(c.connectionSecretName
                ? { connectionSecretName: c.connectionSecretName }
                : {}),
              ...(c.createdAt ? { createdAt: c.createdAt } : {}),
              ...(problem ? { problem } : {}),
            };
          }),
          committed: answer.committed.map(c => ({
            path: c.path,
            url: c.url,
            ...(c.kind ? { kind: c.kind } : {}),
            ...(c.namespace ? { namespace: c.namespace } : {}),
            ...(c.name ? { name: c.name } : {}),
            ...(c.parameters ? { parameters: c.parameters } : {}),
            ...(c.error ? { error: c.error } : {}),
          })),
          clusterErrors: answer.errors.map(
            e => `${e.cluster} (${e.kind}): ${e.message}`,
          ),
        },
      };
    },
  });
}
