import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { setTimeout as sleep } from 'node:timers/promises';
import { examples } from './waitForEntity.examples';

/**
 * Creates the `acme:catalog:wait` action. `catalog:register` returns as soon
 * as the location is stored, before the catalog has processed and stitched
 * the entity, so an "Open in catalog" link right after it can say "Entity
 * not found". Put this step after `catalog:register`: the task only succeeds
 * once the entity is served.
 *
 * @public
 */
export function createWaitForEntityAction(options: {
  catalog: CatalogService;
  /** Poll interval; the catalog stitches within a second or two locally. */
  pollIntervalMs?: number;
}) {
  const { catalog, pollIntervalMs = 500 } = options;
  return createTemplateAction({
    id: 'acme:catalog:wait',
    description:
      'Waits until an entity is served by the catalog (after catalog:register), failing with a clear message after a timeout.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: z =>
          z.string({ description: 'Entity reference to wait for' }),
        timeoutSeconds: z =>
          z
            .number({ description: 'How long to wait (default 60)' })
            .int()
            .min(1)
            .max(1800)
            .optional(),
      },
    },
    async handler(ctx) {
      const { entityRef, timeoutSeconds = 60 } = ctx.input;
      let ref;
      try {
        ref = stringifyEntityRef(parseEntityRef(entityRef));
      } catch (e) {
        throw new InputError(`"${entityRef}" is not an entity reference.`);
      }
      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would wait for ${ref} in the catalog`);
        return;
      }
      const credentials = await ctx.getInitiatorCredentials();
      const started = Date.now();
      const deadline = started + timeoutSeconds * 1000;
      for (;;) {
        if (ctx.signal?.aborted) {
          throw new Error(`Cancelled while waiting for ${ref}`);
        }
        if (await catalog.getEntityByRef(ref, { credentials })) {
          ctx.logger.info(
            `${ref} is in the catalog (${
              Date.now() - started
            } ms after registration)`,
          );
          return;
        }
        if (Date.now() >= deadline) {
          throw new Error(
            `${ref} was registered but is not in the catalog after ${timeoutSeconds} s. ` +
              'Its catalog-info.yaml may have failed processing: see Unprocessed Entities ' +
              '(/catalog-unprocessed-entities) for the error.',
          );
        }
        await sleep(pollIntervalMs);
      }
    },
  });
}
