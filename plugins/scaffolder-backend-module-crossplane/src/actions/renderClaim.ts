import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import yaml from 'yaml';
import { describeClaim } from '@internal/backstage-plugin-crossplane-node';
import {
  buildClaim,
  claimContentInput,
  connectionSecretName,
  toClaimRef,
} from './claimInput';
import { examples } from './renderClaim.examples';

/**
 * Creates the `crossplane:claim:render` action: writes the claim manifest
 * into the workspace (GitOps mode: Argo CD or Flux applies it).
 *
 * @public
 */
export function createCrossplaneClaimRenderAction() {
  return createTemplateAction({
    id: 'crossplane:claim:render',
    description:
      'Writes a Crossplane claim manifest into the workspace, for Argo CD or Flux to apply (GitOps)',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...claimContentInput,
        targetPath: z =>
          z
            .string({
              description:
                'File in the workspace to write, default crossplane/<name>.yaml',
            })
            .optional(),
        overwrite: z =>
          z
            .boolean({
              description:
                'Replace an existing file with different content instead of failing (default false)',
            })
            .optional(),
      },
      output: {
        path: z =>
          z.string({ description: 'Path of the file, relative to the repo' }),
        connectionSecretName: z => z.string(),
        manifest: z => z.string(),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const ref = toClaimRef(input);
      const relative = input.targetPath ?? `crossplane/${ref.name}.yaml`;
      const target = resolveSafeChildPath(ctx.workspacePath, relative);
      const manifest = yaml.stringify(buildClaim(input));

      const existing = await fs.readFile(target, 'utf8').catch(() => undefined);
      if (existing !== undefined) {
        if (existing !== manifest && !input.overwrite) {
          throw new ConflictError(
            `${relative} already exists in the workspace with different content; refusing to overwrite it (set overwrite: true, or choose another targetPath). It was left unchanged.`,
          );
        }
      }
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, manifest, 'utf8');
      ctx.logger.info(`Wrote ${describeClaim(ref)} to ${relative}`);
      ctx.output('path', relative);
      ctx.output('connectionSecretName', connectionSecretName(input));
      ctx.output('manifest', manifest);
    },
  });
}
