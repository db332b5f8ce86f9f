import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import { LocalGitLayout } from '../localGitConfig';
import { serviceNameProblem } from '@internal/backstage-plugin-golden-paths-common';
import { examples } from './validateService.examples';

/**
 * Creates the `acme:validate-service` action. Put it first in a golden-path
 * template: it checks the service name (a DNS-1035 label: a Kubernetes Service name; not already in the catalog,
 * no local repository of that name), that the owner is a catalog Group and
 * that the system exists, and fails with every problem listed before anything
 * is created. Given `publishTo: local` while `publish:local-git` is turned
 * off (`scaffolder.localGit.enabled: false`), that is one of the problems.
 *
 * @public
 */
export function createValidateServiceAction(options: {
  catalog: CatalogService;
  layout: LocalGitLayout;
  /** Whether `publish:local-git` publishes (`scaffolder.localGit.enabled`). */
  localGitEnabled?: boolean;
}) {
  const { catalog, layout, localGitEnabled = true } = options;
  return createTemplateAction({
    id: 'acme:validate-service',
    description:
      'Fails early, creating nothing, when the new service name, owner or system is not acceptable.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z => z.string({ description: 'Name of the new service' }),
        owner: z =>
          z.string({ description: 'Entity ref of the owning catalog Group' }),
        system: z =>
          z
            .string({ description: 'Entity ref of the catalog System' })
            .optional(),
        publishTo: z =>
          z
            .enum(['local', 'github'], {
              description:
                'Where the template publishes: local (publish:local-git) or github (publish:github)',
            })
            .optional(),
      },
    },
    async handler(ctx) {
      const { name, owner, system, publishTo } = ctx.input;
      const credentials = await ctx.getInitiatorCredentials();
      const problems: string[] = [];

      if (publishTo === 'local' && !localGitEnabled) {
        problems.push(
          'Publishing to a local git repository is turned off on this portal (scaffolder.localGit.enabled: false); publish to GitHub.',
        );
      }

      const nameProblem = serviceNameProblem(name);
      if (nameProblem) {
        problems.push(`Name "${name}" is not valid: ${nameProblem}`);
      } else {
        const { items } = await catalog.getEntities(
          {
            filter: { kind: 'Component', 'metadata.name': name },
            fields: ['kind', 'metadata.name', 'metadata.namespace'],
          },
          { credentials },
        );
        if (items.length > 0) {
          problems.push(
            `Name "${name}" is already taken in the catalog by ${items
              .map(e => stringifyEntityRef(e))
              .join(', ')}.`,
          );
        }
        const repo = layout.bareRepoPath(name);
        if (await fs.stat(repo).catch(() => undefined)) {
          problems.push(
            `Name "${name}" is already taken by the local repository ${repo}.`,
          );
        }
      }

      const checkRef = async (ref: string, kind: 'group' | 'system') => {
        let parsed;
        try {
          parsed = parseEntityRef(ref, { defaultKind: kind });
        } catch (e) {
          problems.push(`${kind} "${ref}" is not a valid entity reference.`);
          return;
        }
        if (parsed.kind.toLocaleLowerCase('en-US') !== kind) {
          problems.push(`"${ref}" must be a ${kind}, not a ${parsed.kind}.`);
          return;
        }
        const entity = await catalog.getEntityByRef(parsed, { credentials });
        if (!entity) {
          problems.push(
            `${kind === 'group' ? 'Owner' : 'System'} "${stringifyEntityRef(
              parsed,
            )}" was not found in the catalog.`,
          );
        }
      };
      await checkRef(owner, 'group');
      if (system) {
        await checkRef(system, 'system');
      }

      if (problems.length > 0) {
        throw new InputError(
          `Cannot create service "${name}": ${problems.join(' ')}`,
        );
      }
      ctx.logger.info(
        `Service "${name}" owned by ${owner} is valid; nothing with that name exists yet.`,
      );
    },
  });
}
