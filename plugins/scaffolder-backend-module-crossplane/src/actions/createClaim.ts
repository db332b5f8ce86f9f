import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';
import {
  ClaimClient,
  ClusterClientProvider,
  describeClaim,
} from '@internal/backstage-plugin-crossplane-node';
import {
  buildClaim,
  claimContentInput,
  connectionSecretName,
  toClaimRef,
} from './claimInput';
import { examples } from './createClaim.examples';

/** True when every leaf of `desired` has the same value in `actual`. */
function containsFields(desired: unknown, actual: unknown): boolean {
  if (desired && typeof desired === 'object' && !Array.isArray(desired)) {
    if (!actual || typeof actual !== 'object' || Array.isArray(actual)) {
      return false;
    }
    return Object.entries(desired).every(([key, value]) =>
      containsFields(value, (actual as Record<string, unknown>)[key]),
    );
  }
  return JSON.stringify(desired) === JSON.stringify(actual);
}

/** The default server-side apply field manager of the portal. */
export const DEFAULT_FIELD_MANAGER = 'backstage-scaffolder';

/**
 * Creates the `crossplane:claim:create` action: server-side applies a
 * Crossplane claim to a cluster from the `kubernetes` config.
 *
 * @public
 */
export function createCrossplaneClaimCreateAction(options: {
  clusters: ClusterClientProvider;
}) {
  return createTemplateAction({
    id: 'crossplane:claim:create',
    description:
      'Applies a Crossplane claim (server-side apply) to a cluster configured under kubernetes.clusterLocatorMethods',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        cluster: z =>
          z
            .string({
              description:
                'Name of the cluster in kubernetes.clusterLocatorMethods (type config); optional when exactly one is configured',
            })
            .optional(),
        ...claimContentInput,
        fieldManager: z =>
          z
            .string({
              description: `Server-side apply field manager (default ${DEFAULT_FIELD_MANAGER})`,
            })
            .min(1)
            .max(128)
            .optional(),
        force: z =>
          z
            .boolean({
              description:
                'Take over fields owned by another field manager instead of failing with a conflict (default false)',
            })
            .optional(),
      },
      output: {
        cluster: z => z.string({ description: 'Cluster the claim went to' }),
        name: z => z.string(),
        namespace: z => z.string(),
        operation: z =>
          z.enum(['created', 'updated', 'unchanged', 'dry-run'], {
            description: 'What the apply did',
          }),
        resourceVersion: z => z.string().optional(),
        connectionSecretName: z =>
          z.string({ description: 'Secret that will hold the credentials' }),
        manifest: z => z.string({ description: 'The applied claim as YAML' }),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const ref = toClaimRef(input);
      const claim = buildClaim(input);
      const manifest = yaml.stringify(claim);
      const fieldManager = input.fieldManager ?? DEFAULT_FIELD_MANAGER;
      const force = input.force ?? false;
      const cluster = options.clusters.getCluster(input.cluster).name;
      const what = `${describeClaim(ref)} on cluster '${cluster}'`;

      ctx.output('cluster', cluster);
      ctx.output('name', ref.name);
      ctx.output('namespace', ref.namespace);
      ctx.output('connectionSecretName', connectionSecretName(input));
      ctx.output('manifest', manifest);

      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would apply ${what}:\n${manifest}`);
        ctx.output('operation', 'dry-run');
        return;
      }

      const client = new ClaimClient(options.clusters.getClients(cluster));
      const result = await ctx.checkpoint({
        key: `crossplane.claim.apply.${cluster}.${ref.namespace}.${ref.name}`,
        fn: async () => {
          const before = await client.get(ref);
          ctx.logger.info(
            `${
              before ? 'Updating' : 'Creating'
            } ${what} (field manager '${fieldManager}'${
              force ? ', force' : ''
            })`,
          );
          const stored = await client.apply(ref, claim, {
            fieldManager,
            force,
          });
          let operation: 'created' | 'updated' | 'unchanged' = 'created';
          if (before) {
            // Crossplane writes status and references all the time, so the
            // resourceVersion says nothing: compare the fields we manage.
            operation = containsFields(claim, before) ? 'unchanged' : 'updated';
          }
          return {
            operation,
            resourceVersion: stored.metadata.resourceVersion ?? '',
          };
        },
      });
      ctx.logger.info(
        `${what}: ${result.operation} (resourceVersion ${result.resourceVersion})`,
      );
      ctx.output('operation', result.operation);
      ctx.output('resourceVersion', result.resourceVersion);
    },
  });
}
