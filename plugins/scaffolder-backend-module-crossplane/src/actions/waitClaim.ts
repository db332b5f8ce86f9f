import { NotFoundError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ClaimClient,
  ClaimObject,
  ClaimRef,
  ClusterClientProvider,
  condition,
  describeClaim,
  summarizeConditions,
} from '@internal/backstage-plugin-crossplane-node';
import { claimRefInput, toClaimRef } from './claimInput';
import { examples } from './waitClaim.examples';

function isTrue(claim: ClaimObject | undefined, type: string) {
  return condition(claim, type)?.status === 'True';
}

/** What to tell the user about a claim left behind by a failed wait. */
function leftBehind(ref: ClaimRef, cluster: string, claim?: ClaimObject) {
  const composite = claim?.spec?.resourceRef?.name;
  return (
    ` The claim was NOT deleted: it still exists on cluster '${cluster}' and Crossplane keeps reconciling it` +
    `${composite ? ` (composite resource ${composite})` : ''}.` +
    ` Inspect it with 'kubectl describe ${ref.plural} ${ref.name} -n ${ref.namespace}'` +
    ` (and 'crossplane beta trace ${ref.kind.toLowerCase()} ${ref.name} -n ${
      ref.namespace
    }'), then fix it or delete it if it is not wanted.`
  );
}

/**
 * Creates the `crossplane:claim:wait` action: watches a claim until its
 * Ready and Synced conditions are True, with a timeout.
 *
 * @public
 */
export function createCrossplaneClaimWaitAction(options: {
  clusters: ClusterClientProvider;
}) {
  return createTemplateAction({
    id: 'crossplane:claim:wait',
    description:
      'Waits until a Crossplane claim is Ready and Synced, reporting its conditions in the task log',
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
        ...claimRefInput,
        timeoutSeconds: z =>
          z
            .number({
              description: 'Give up after this many seconds (default 900)',
            })
            .positive()
            .max(6 * 3600)
            .optional(),
        syncErrorGraceSeconds: z =>
          z
            .number({
              description:
                'Fail when Synced stays False this long, a reconcile error that does not heal (default 120)',
            })
            .min(0)
            .optional(),
      },
      output: {
        ready: z => z.boolean(),
        compositeName: z =>
          z.string({ description: 'Name of the composite resource' }),
        compositionName: z =>
          z.string({ description: 'Composition that was selected' }),
        connectionSecretName: z => z.string(),
        conditions: z => z.string({ description: 'Final conditions' }),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const ref = toClaimRef(input);
      const timeoutSeconds = input.timeoutSeconds ?? 900;
      const syncErrorGraceSeconds = input.syncErrorGraceSeconds ?? 120;
      const cluster = options.clusters.getCluster(input.cluster).name;
      const what = `${describeClaim(ref)} on cluster '${cluster}'`;

      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would wait for ${what} to become Ready`);
        ctx.output('ready', false);
        ctx.output('conditions', 'dry run');
        return;
      }

      const client = new ClaimClient(options.clusters.getClients(cluster));
      const started = Date.now();
      const elapsed = () => `${Math.round((Date.now() - started) / 1000)}s`;
      let last: ClaimObject | undefined;
      let lastSummary = '';
      let syncFailingSince: number | undefined;

      await new Promise<void>((resolve, reject) => {
        let finished = false;
        let stopWatch: (() => void) | undefined;
        let syncTimer: NodeJS.Timeout | undefined;
        const cleanup: Array<() => void> = [];

        const finish = (err?: Error) => {
          if (finished) {
            return;
          }
          finished = true;
          cleanup.forEach(fn => fn());
          clearTimeout(syncTimer);
          stopWatch?.();
          if (err) {
            reject(err);
          } else {
            resolve();
          }
        };

        const onAbort = () =>
          finish(new Error(`Cancelled while waiting for ${what}.`));
        ctx.signal?.addEventListener('abort', onAbort);
        cleanup.push(() => ctx.signal?.removeEventListener('abort', onAbort));

        const timeout = setTimeout(() => {
          finish(
            new Error(
              `${what} did not become Ready within ${timeoutSeconds}s; last conditions: ${summarizeConditions(
                last,
              )}.${leftBehind(ref, cluster, last)}`,
            ),
          );
        }, timeoutSeconds * 1000);

        cleanup.push(() => clearTimeout(timeout));

        const heartbeat = setInterval(() => {
          ctx.logger.info(
            `Still waiting for ${what} (${elapsed()}): ${summarizeConditions(
              last,
            )}`,
          );
        }, 60_000);
        cleanup.push(() => clearInterval(heartbeat));

        const failSync = () =>
          finish(
            new Error(
              `${what} is not Synced: ${
                condition(last, 'Synced')?.message ?? 'reconcile error'
              } (for ${syncErrorGraceSeconds}s; conditions: ${summarizeConditions(
                last,
              )}).${leftBehind(ref, cluster, last)}`,
            ),
          );

        const observe = (claim: ClaimObject) => {
          last = claim;
          const summary = summarizeConditions(claim);
          if (summary !== lastSummary) {
            lastSummary = summary;
            ctx.logger.info(`${what} (${elapsed()}): ${summary}`);
          }
          if (isTrue(claim, 'Ready') && isTrue(claim, 'Synced')) {
            finish();
            return;
          }
          if (condition(claim, 'Synced')?.status === 'False') {
            if (syncFailingSince === undefined) {
              syncFailingSince = Date.now();
              syncTimer = setTimeout(failSync, syncErrorGraceSeconds * 1000);
            }
          } else if (syncFailingSince !== undefined) {
            syncFailingSince = undefined;
            clearTimeout(syncTimer);
          }
        };

        const startWatch = async () => {
          try {
            const current = await client.get(ref);
            if (finished) {
              return;
            }
            if (!current) {
              finish(
                new NotFoundError(
                  `${what} does not exist${
                    last ? ' any more (it was deleted while waiting)' : ''
                  }; create it first with crossplane:claim:create.`,
                ),
              );
              return;
            }
            observe(current);
            if (finished) {
              return;
            }
            stopWatch = await client.watch(
              ref,
              current.metadata.resourceVersion,
              (type, obj) => {
                if (finished) {
                  return;
                }
                if (type === 'ADDED' || type === 'MODIFIED') {
                  observe(obj);
                } else if (type === 'DELETED') {
                  finish(
                    new Error(
                      `${what} was deleted while waiting for it to become Ready.`,
                    ),
                  );
                } else if (type === 'ERROR') {
                  // e.g. 410 Gone: the resourceVersion is too old; start over.
                  stopWatch?.();
                  void startWatch();
                }
              },
              err => {
                if (err) {
                  finish(err);
                } else if (!finished) {
                  // The API server ends watches now and then: resume.
                  void startWatch();
                }
              },
            );
            if (finished) {
              stopWatch();
            }
          } catch (err) {
            finish(err as Error);
          }
        };

        void startWatch();
      });

      ctx.logger.info(`${what} is Ready and Synced after ${elapsed()}`);
      ctx.output('ready', true);
      ctx.output('compositeName', last?.spec?.resourceRef?.name ?? '');
      ctx.output('compositionName', last?.spec?.compositionRef?.name ?? '');
      ctx.output(
        'connectionSecretName',
        last?.spec?.writeConnectionSecretToRef?.name ?? '',
      );
      ctx.output('conditions', summarizeConditions(last));
    },
  });
}
