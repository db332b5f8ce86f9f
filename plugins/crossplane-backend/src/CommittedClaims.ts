import { UrlReaderService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CommittedClaim } from '@internal/backstage-plugin-crossplane-common';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'yaml';

/**
 * Annotation of a Component listing the claim manifests committed to its
 * repository for GitOps (comma-separated paths relative to the repository
 * root), written by `crossplane:claim:render` with `catalogInfoPath`.
 */
export const COMMITTED_CLAIMS_ANNOTATION = 'crossplane.io/committed-claims';

/** The folder of the entity's repository: source location, or catalog file's. */
function repositoryBase(
  entity: Entity,
): { type: 'url' | 'file'; target: string } | undefined {
  const a = entity.metadata.annotations ?? {};
  const split = (value?: string) => {
    const sep = value?.indexOf(':') ?? -1;
    return value && sep > 0
      ? { type: value.slice(0, sep), target: value.slice(sep + 1) }
      : undefined;
  };
  const source = split(a['backstage.io/source-location']);
  if (source?.type === 'url') {
    return { type: 'url', target: source.target.replace(/\/?$/, '/') };
  }
  const managed = split(a['backstage.io/managed-by-location']);
  if (managed?.type === 'url') {
    return { type: 'url', target: new URL('./', managed.target).toString() };
  }
  if (managed?.type === 'file') {
    const file = managed.target.startsWith('file://')
      ? fileURLToPath(managed.target)
      : managed.target;
    return { type: 'file', target: `${path.dirname(file)}${path.sep}` };
  }
  return undefined;
}

/** Reads the committed claim manifests an entity's annotation names. */
export class CommittedClaimsReader {
  constructor(private readonly urlReader: UrlReaderService) {}

  async claimsOf(entity: Entity): Promise<CommittedClaim[]> {
    const paths = (
      entity.metadata.annotations?.[COMMITTED_CLAIMS_ANNOTATION] ?? ''
    )
      .split(',')
      .map(p => p.trim())
      .filter(Boolean);
    if (paths.length === 0) return [];
    const base = repositoryBase(entity);
    return Promise.all(
      paths.map(async (relative): Promise<CommittedClaim> => {
        const committed: CommittedClaim = {
          state: 'committed',
          path: relative,
          url: '',
        };
        // Only files inside the repository.
        if (
          path.posix.isAbsolute(relative) ||
          relative.split('/').includes('..')
        ) {
          return {
            ...committed,
            error: `${relative} is not a path inside the repository`,
          };
        }
        if (!base) {
          return {
            ...committed,
            error: 'The entity has no source location to read it from',
          };
        }
        try {
          let text: string;
          if (base.type === 'url') {
            committed.url = new URL(relative, base.target).toString();
            const response = await this.urlReader.readUrl(committed.url);
            text = (await response.buffer()).toString('utf8');
          } else {
            committed.url = path.join(base.target, relative);
            text = await fs.readFile(committed.url, 'utf8');
          }
          const manifest = yaml.parse(text) ?? {};
          if (!manifest.kind || !manifest.metadata?.name) {
            return {
              ...committed,
              error: `${relative} is not a claim manifest`,
            };
          }
          return {
            ...committed,
            apiVersion: manifest.apiVersion,
            kind: manifest.kind,
            namespace: manifest.metadata.namespace,
            name: manifest.metadata.name,
            parameters: manifest.spec?.parameters,
            connectionSecretName:
              manifest.spec?.writeConnectionSecretToRef?.name,
          };
        } catch (error) {
          return {
            ...committed,
            error: `Cannot read ${relative}: ${(error as Error).message}`,
          };
        }
      }),
    );
  }
}
