import { UrlReaderService } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  Entity,
  parseLocationRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { TEMPLATE_VERSION_ANNOTATION } from '@internal/backstage-plugin-golden-paths-common';
import {
  readTreeFiles,
  TreeFile,
} from '@internal/backstage-plugin-golden-paths-node';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { TemplateSnapshot } from '../database/GoldenPathsStore';

/** The annotation naming a Template's changelog, relative to its file. */
export const TEMPLATE_CHANGELOG_ANNOTATION = 'acme.io/template-changelog';

/** Fetch actions whose `url` input names files of the template. */
const FETCH_ACTIONS = new Set(['fetch:template', 'fetch:plain', 'fetch:file']);

/** The parts of a Template entity a render needs (no uid, etag, relations). */
export function renderableTemplate(entity: Entity): Record<string, any> {
  const { name, namespace, title, description, annotations, labels, tags } =
    entity.metadata;
  return {
    apiVersion: entity.apiVersion,
    kind: entity.kind,
    metadata: {
      name,
      namespace,
      title,
      description,
      annotations,
      labels,
      tags,
    },
    spec: entity.spec,
  };
}

/** The relative directories the template's fetch steps read. */
function fetchedDirectories(entity: Entity): string[] {
  const steps = ((entity.spec as any)?.steps ?? []) as Array<{
    action?: string;
    input?: { url?: unknown };
  }>;
  const dirs = new Set<string>();
  for (const step of steps) {
    const url = step.input?.url;
    if (!step.action || !FETCH_ACTIONS.has(step.action)) continue;
    if (typeof url !== 'string' || !/^\.\.?\//.test(url)) continue;
    const normalized = path.posix.normalize(url);
    if (normalized.startsWith('../')) {
      throw new InputError(
        `${stringifyEntityRef(
          entity,
        )} reads ${url}, outside its own directory: such a template cannot be kept as a version`,
      );
    }
    dirs.add(normalized.replace(/\/$/, ''));
  }
  return [...dirs].sort();
}

/** Where the template file is: a `file:` path or a URL. */
function templateLocation(entity: Entity): string {
  const ref = entity.metadata.annotations?.[ANNOTATION_LOCATION];
  if (!ref) {
    throw new InputError(
      `${stringifyEntityRef(entity)} has no ${ANNOTATION_LOCATION} annotation`,
    );
  }
  // file: an absolute path (the laptop's templates/); url: a URL (GitHub)
  return parseLocationRef(ref).target;
}

/**
 * Annotations that say where the template is served from, not what it
 * renders: the same version read from another checkout or URL is the same.
 */
const WHERE_ANNOTATIONS =
  /^backstage\.io\/(managed-by-location|managed-by-origin-location|source-location|view-url|edit-url)$/;

/** sha256 of a snapshot: the template entity (not where it is read from) and every file. */
export function snapshotHash(
  template: Record<string, any>,
  files: TreeFile[],
): string {
  const annotations = Object.fromEntries(
    Object.entries(template.metadata?.annotations ?? {}).filter(
      ([key]) => !WHERE_ANNOTATIONS.test(key),
    ),
  );
  const hash = createHash('sha256').update(
    JSON.stringify({
      ...template,
      metadata: { ...template.metadata, annotations },
    }),
  );
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    hash.update('\0').update(file.path).update('\0').update(file.content);
  }
  return `sha256:${hash.digest('hex')}`;
}

/**
 * Reads what a Template needs to be rendered again later: the entity and
 * the files of its relative fetch URLs, from its location on disk (the
 * laptop's `templates/`) or through the UrlReader (templates registered
 * from GitHub).
 */
export class TemplateSource {
  constructor(
    private readonly options: {
      urlReader: UrlReaderService;
      integrations: ScmIntegrationRegistry;
    },
  ) {}

  async snapshot(entity: Entity, now = new Date()): Promise<TemplateSnapshot> {
    const templateRef = stringifyEntityRef(entity);
    const version =
      entity.metadata.annotations?.[TEMPLATE_VERSION_ANNOTATION] ?? '';
    if (!/^\d+\.\d+\.\d+$/.test(version)) {
      throw new InputError(
        `${templateRef} has no semantic version in its ${TEMPLATE_VERSION_ANNOTATION} annotation (got '${version}')`,
      );
    }
    const location = templateLocation(entity);
    const files: TreeFile[] = [];
    for (const dir of fetchedDirectories(entity)) {
      for (const file of await this.readDirectory(location, dir)) {
        files.push({ ...file, path: path.posix.join(dir, file.path) });
      }
    }
    const template = renderableTemplate(entity);
    return {
      templateRef,
      version,
      template,
      files,
      snapshotHash: snapshotHash(template, files),
      capturedAt: now.toISOString(),
    };
  }

  /** The template's CHANGELOG.md as it is now, if it names one. */
  async readChangelog(entity: Entity): Promise<string | undefined> {
    const relative =
      entity.metadata.annotations?.[TEMPLATE_CHANGELOG_ANNOTATION];
    if (!relative) return undefined;
    const location = templateLocation(entity);
    if (path.isAbsolute(location)) {
      return fs.readFile(path.join(path.dirname(location), relative), 'utf8');
    }
    const url = this.options.integrations.resolveUrl({
      url: relative,
      base: location,
    });
    const response = await this.options.urlReader.readUrl(url);
    return (await response.buffer()).toString('utf8');
  }

  private async readDirectory(
    location: string,
    dir: string,
  ): Promise<TreeFile[]> {
    if (path.isAbsolute(location)) {
      return readTreeFiles(path.join(path.dirname(location), dir));
    }
    const url = this.options.integrations.resolveUrl({
      url: dir,
      base: location,
    });
    const tree = await this.options.urlReader.readTree(url);
    const files = await tree.files();
    return Promise.all(
      files.map(async f => {
        // an empty file of an archive comes back as [] (concat-stream)
        const content: Buffer | number[] = await f.content();
        return {
          path: f.path,
          content: Buffer.isBuffer(content) ? content : Buffer.from(content),
        };
      }),
    );
  }
}
