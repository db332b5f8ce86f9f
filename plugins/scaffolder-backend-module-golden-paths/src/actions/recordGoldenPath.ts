import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  GOLDEN_PATH_RECORD_PATH,
  GoldenPathRecord,
  TEMPLATE_VERSION_ANNOTATION,
} from '@internal/backstage-plugin-golden-paths-common';
import {
  readTreeFiles,
  renderedContentHash,
} from '@internal/backstage-plugin-golden-paths-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { examples } from './recordGoldenPath.examples';

const SEMVER = /^\d+\.\d+\.\d+$/;

/**
 * Creates `acme:golden-path:record`: writes `.backstage/golden-path.json`
 * into the workspace with the running template's ref and version (from its
 * `acme.io/template-version` annotation), the parameters it was given, and
 * the hash of everything rendered so far. Run it after every step that
 * writes files and before publishing.
 *
 * It also runs in dry runs, where the upgrade engine renders a version again
 * and compares the hash.
 *
 * @public
 */
export function createRecordGoldenPathAction() {
  return createTemplateAction({
    id: 'acme:golden-path:record',
    description:
      'Records the golden path (template ref, version, parameters, content hash) in .backstage/golden-path.json, so the repository can be upgraded when the template moves on',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        parameters: z =>
          z.record(z.string(), z.unknown(), {
            description:
              'The values the template was run with: `${{ parameters }}`',
          }),
      },
      output: {
        contentHash: z =>
          z.string({ description: 'sha256 of the rendered files' }),
        templateVersion: z =>
          z.string({ description: 'The recorded template version' }),
      },
    },
    async handler(ctx) {
      const metadata = ctx.templateInfo?.entity?.metadata;
      const templateVersion =
        metadata?.annotations?.[TEMPLATE_VERSION_ANNOTATION];
      if (
        !metadata?.name ||
        !templateVersion ||
        !SEMVER.test(templateVersion)
      ) {
        throw new InputError(
          `acme:golden-path:record needs the template's version: annotation ${TEMPLATE_VERSION_ANNOTATION} with a version such as '1.2.0' (got ${JSON.stringify(
            templateVersion ?? null,
          )})`,
        );
      }
      const files = await readTreeFiles(ctx.workspacePath);
      const record: GoldenPathRecord = {
        // From the template's own metadata: in a dry run the scaffolder names
        // the template "dry-run" but keeps its metadata.
        templateRef: stringifyEntityRef({
          kind: 'Template',
          namespace: metadata.namespace,
          name: metadata.name,
        }),
        templateVersion,
        parameters: ctx.input.parameters,
        contentHash: renderedContentHash(files),
      };
      const target = path.join(ctx.workspacePath, GOLDEN_PATH_RECORD_PATH);
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, `${JSON.stringify(record, null, 2)}\n`);
      ctx.logger.info(
        `Recorded ${record.templateRef} ${templateVersion} (${record.contentHash}) in ${GOLDEN_PATH_RECORD_PATH}`,
      );
      ctx.output('contentHash', record.contentHash);
      ctx.output('templateVersion', templateVersion);
    },
  });
}
