import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
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
 * Annotation of a Component listing the claim manifests committed to its
 * repository (comma-separated paths relative to the repository root), for
 * Argo CD or Flux to apply; the crossplane backend reads them from the
 * entity's source location and shows them as committed, not yet applied.
 */
export const COMMITTED_CLAIMS_ANNOTATION = 'crossplane.io/committed-claims';

/**
 * Adds `relative` to the committed-claims annotation of the Component named
 * `component` in the catalog file, keeping the file's other content and
 * comments.
 */
async function recordInCatalogInfo(
  workspacePath: string,
  catalogInfoPath: string,
  component: string,
  relative: string,
) {
  const file = resolveSafeChildPath(workspacePath, catalogInfoPath);
  const text = await fs.readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) {
    throw new NotFoundError(
      `${catalogInfoPath} is not in the workspace; cannot record the claim file in it`,
    );
  }
  const docs = yaml.parseAllDocuments(text);
  const doc = docs.find(
    d =>
      d.get('kind') === 'Component' &&
      d.getIn(['metadata', 'name']) === component,
  );
  if (!doc) {
    throw new InputError(
      `${catalogInfoPath} has no Component named "${component}"; cannot record the claim file in it`,
    );
  }
  const current = String(
    doc.getIn(['metadata', 'annotations', COMMITTED_CLAIMS_ANNOTATION]) ?? '',
  )
    .split(',')
    .map(p => p.trim())
    .filter(Boolean);
  if (!current.includes(relative)) {
    doc.setIn(
      ['metadata', 'annotations', COMMITTED_CLAIMS_ANNOTATION],
      [...current, relative].join(','),
    );
  }
  await fs.writeFile(file, docs.map(d => d.toString()).join(''), 'utf8');
}

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
        catalogInfoPath: z =>
          z
            .string({
              description: `Catalog file in the workspace whose Component (named by the component input) gets the file in its ${COMMITTED_CLAIMS_ANNOTATION} annotation, so the portal shows the claim as committed; default: not recorded`,
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
      if (input.catalogInfoPath) {
        if (!input.component) {
          throw new InputError(
            'catalogInfoPath needs the component input (the Component to annotate)',
          );
        }
        await recordInCatalogInfo(
          ctx.workspacePath,
          input.catalogInfoPath,
          input.component,
          relative,
        );
        ctx.logger.info(
          `Recorded ${relative} in ${input.catalogInfoPath} (${COMMITTED_CLAIMS_ANNOTATION})`,
        );
      }
      ctx.output('path', relative);
      ctx.output('connectionSecretName', connectionSecretName(input));
      ctx.output('manifest', manifest);
    },
  });
}
