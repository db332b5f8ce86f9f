import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  RELATION_MEMBER_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import yaml from 'yaml';
import {
  ClaimClient,
  ClaimObject,
  ClusterClientProvider,
  condition,
  describeClaim,
  summarizeConditions,
} from '@internal/backstage-plugin-crossplane-node';
import { claimRefInput, toClaimRef } from './claimInput';
import { examples } from './catalogEntity.examples';

/** Annotations of a catalog Resource that stands for a Crossplane claim. */
export const CLAIM_ANNOTATION = 'crossplane.io/claim';
export const CLAIM_KIND_ANNOTATION = 'crossplane.io/claim-kind';
export const CLUSTER_ANNOTATION = 'crossplane.io/cluster';
export const COMPOSITION_ANNOTATION = 'crossplane.io/composition';
export const COMPOSITE_ANNOTATION = 'crossplane.io/composite';
export const CONNECTION_SECRET_ANNOTATION = 'crossplane.io/connection-secret';

/** The one group the user belongs to, from the decorated user entity. */
function groupOf(user?: Entity): string {
  const refs = new Set<string>();
  for (const r of user?.relations ?? []) {
    if (r.type === RELATION_MEMBER_OF) refs.add(r.targetRef);
  }
  for (const g of (user?.spec?.memberOf as string[] | undefined) ?? []) {
    refs.add(
      stringifyEntityRef(
        parseEntityRef(g, {
          defaultKind: 'group',
          defaultNamespace: 'default',
        }),
      ),
    );
  }
  const groups = [...refs].filter(r => r.startsWith('group:'));
  if (groups.length === 1) {
    return groups[0];
  }
  throw new InputError(
    groups.length
      ? `The requester belongs to several groups (${groups.join(
          ', ',
        )}); set the 'owner' input to the one that owns the database`
      : "Cannot tell the requester's group (no memberOf relation); set the 'owner' input",
  );
}

/**
 * Creates the `crossplane:claim:catalog-entity` action: once a claim is
 * Ready, adds a catalog `Resource` for it to the workspace's catalog-info.yaml,
 * owned by the requester's group and `dependencyOf` the service, so that
 * `catalog:register` registers it together with the service.
 *
 * @public
 */
export function createCrossplaneClaimCatalogEntityAction(options: {
  clusters: ClusterClientProvider;
  catalog: CatalogService;
}) {
  return createTemplateAction({
    id: 'crossplane:claim:catalog-entity',
    description:
      "Adds a catalog Resource for a Ready Crossplane claim to the workspace's catalog-info.yaml (owned by the requester's group, dependencyOf the service)",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        cluster: z =>
          z
            .string({
              description:
                'Cluster of the claim in kubernetes.clusterLocatorMethods; optional when exactly one is configured',
            })
            .optional(),
        ...claimRefInput,
        component: z =>
          z.string({
            description:
              'Entity ref of the service the database belongs to, e.g. component:default/orders-api',
          }),
        owner: z =>
          z
            .string({
              description:
                "Owner group entity ref; default: the requester's only group",
            })
            .optional(),
        system: z => z.string({ description: 'System entity ref' }).optional(),
        entityName: z =>
          z
            .string({
              description: 'Name of the Resource; default the claim name',
            })
            .regex(/^[a-z0-9A-Z]([-_.a-z0-9A-Z]{0,61}[a-z0-9A-Z])?$/)
            .optional(),
        requireReady: z =>
          z
            .boolean({
              description:
                'Read the claim from the cluster and insist it is Ready (default true); false in GitOps mode, where the claim is applied later',
            })
            .optional(),
        catalogInfoPath: z =>
          z
            .string({
              description:
                'Catalog file in the workspace (default catalog-info.yaml)',
            })
            .optional(),
      },
      output: {
        entityRef: z => z.string({ description: 'Ref of the Resource' }),
        owner: z => z.string(),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const ref = toClaimRef(input);
      const component = stringifyEntityRef(
        parseEntityRef(input.component, {
          defaultKind: 'component',
          defaultNamespace: 'default',
        }),
      );
      const owner = input.owner
        ? stringifyEntityRef(
            parseEntityRef(input.owner, {
              defaultKind: 'group',
              defaultNamespace: 'default',
            }),
          )
        : groupOf(ctx.user?.entity);
      const requireReady = input.requireReady ?? true;
      const relative = input.catalogInfoPath ?? 'catalog-info.yaml';
      const target = resolveSafeChildPath(ctx.workspacePath, relative);

      // The owner must exist, read with the requester's own credentials.
      const ownerEntity = await options.catalog.getEntityByRef(owner, {
        credentials: await ctx.getInitiatorCredentials(),
      });
      if (!ownerEntity) {
        throw new NotFoundError(
          `Owner ${owner} is not in the catalog (or not visible to the requester); nothing was written`,
        );
      }

      const cluster = options.clusters.clusterNames().length
        ? options.clusters.getCluster(input.cluster).name
        : input.cluster;
      let claim: ClaimObject | undefined;
      if (requireReady && !ctx.isDryRun) {
        const client = new ClaimClient(options.clusters.getClients(cluster));
        claim = await client.get(ref);
        if (!claim) {
          throw new NotFoundError(
            `${describeClaim(
              ref,
            )} does not exist on cluster '${cluster}'; nothing was written to ${relative}`,
          );
        }
        if (
          condition(claim, 'Ready')?.status !== 'True' ||
          condition(claim, 'Synced')?.status !== 'True'
        ) {
          throw new ConflictError(
            `${describeClaim(
              ref,
            )} on cluster '${cluster}' is not Ready yet (${summarizeConditions(
              claim,
            )}); run crossplane:claim:wait first. Nothing was written to ${relative}.`,
          );
        }
      }

      const parameters = (claim?.spec?.parameters ?? {}) as Record<
        string,
        unknown
      >;
      const annotations: Record<string, string> = {
        [CLAIM_ANNOTATION]: `${ref.namespace}/${ref.name}`,
        [CLAIM_KIND_ANNOTATION]: `${ref.apiVersion}/${ref.kind}`,
      };
      if (cluster) annotations[CLUSTER_ANNOTATION] = cluster;
      const composition = claim?.spec?.compositionRef?.name;
      if (composition) annotations[COMPOSITION_ANNOTATION] = composition;
      const composite = claim?.spec?.resourceRef?.name;
      if (composite) annotations[COMPOSITE_ANNOTATION] = composite;
      const secret = claim?.spec?.writeConnectionSecretToRef?.name;
      if (secret) annotations[CONNECTION_SECRET_ANNOTATION] = secret;

      const name = input.entityName ?? ref.name;
      const entity: Entity = {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: {
          name,
          title: `${ref.name} (${ref.kind})`,
          description: `${ref.kind} claim ${ref.namespace}/${ref.name}${
            cluster ? ` on cluster ${cluster}` : ''
          }, provisioned by Crossplane${
            Object.keys(parameters).length
              ? ` (${Object.entries(parameters)
                  .map(([k, v]) => `${k}: ${v}`)
                  .join(', ')})`
              : ''
          }`,
          annotations,
          tags: ['crossplane', ref.kind.toLowerCase()],
        },
        spec: {
          type: 'database',
          owner,
          dependencyOf: [component],
          ...(input.system ? { system: input.system } : {}),
        },
      };

      // Replace our Resource if it is already there; keep every other document.
      const existing = await fs.readFile(target, 'utf8').catch(() => '');
      const docs = yaml
        .parseAllDocuments(existing)
        .filter(d => d.contents !== null);
      const broken = docs.find(d => d.errors.length);
      if (broken) {
        throw new InputError(
          `${relative} is not valid YAML (${
            broken.errors[0].message.split('\n')[0]
          }); it was left unchanged`,
        );
      }
      const kept = docs.filter(d => {
        const e = d.toJS();
        return !(e?.kind === 'Resource' && e?.metadata?.name === name);
      });
      const text = [...kept.map(d => d.toString()), yaml.stringify(entity)]
        .map(t => t.replace(/^---\n/, ''))
        .join('---\n');
      await fs.writeFile(target, text, 'utf8');

      const entityRef = stringifyEntityRef(entity);
      ctx.logger.info(
        `Added ${entityRef} (owner ${owner}, dependencyOf ${component}) to ${relative}; catalog:register will register it`,
      );
      ctx.output('entityRef', entityRef);
      ctx.output('owner', owner);
    },
  });
}
