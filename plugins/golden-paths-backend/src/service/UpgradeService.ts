import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  GOLDEN_PATH_RECORD_PATH,
  GoldenPathRecord,
  ServiceUpgrade,
  TEMPLATE_VERSION_ANNOTATION,
  TemplateVersionSummary,
  UpgradeResponse,
} from '@internal/backstage-plugin-golden-paths-common';
import { renderedContentHash } from '@internal/backstage-plugin-golden-paths-node';
import { ScmIntegrationRegistry } from '@backstage/integration';
import type { LocalGitLayout } from '@internal/backstage-plugin-scaffolder-backend-module-local-git';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { GoldenPathsStore } from '../database/GoldenPathsStore';
import { git, runGit } from './git';
import { repositoryOf } from './repositories';
import { ScaffolderRenderer, valuesFor } from './renderer';
import { TemplateSource } from './templateSource';
import { mergeTemplateDelta } from './threeWayMerge';
import { generatedTreeFromHistory } from './historyBase';
import { readChangesBetween } from './changelog';
import { reviewBody } from './reviewText';
import { compareVersions } from './versions';

/** The one branch a service's upgrade lives on, whatever the versions. */
export const UPGRADE_BRANCH = 'golden-path/upgrade';

/**
 * Computes a service's upgrade to its golden path's latest version and
 * pushes it to the branch `golden-path/upgrade` of its repository: render
 * the recorded version with the recorded values (checking the recorded
 * hash), render the latest with the same values (new parameters take their
 * defaults), and three-way merge the difference into the default branch.
 */
export class UpgradeService {
  constructor(
    private readonly options: {
      auth: AuthService;
      catalog: CatalogService;
      logger: LoggerService;
      store: GoldenPathsStore;
      source: TemplateSource;
      renderer: ScaffolderRenderer;
      localGit: LocalGitLayout;
      integrations: ScmIntegrationRegistry;
    },
  ) {}

  private async credentials() {
    return this.options.auth.getOwnServiceCredentials();
  }

  /**
   * Stores the current version of every golden path the catalog serves
   * (templates with an `acme.io/template-version` annotation) that is not
   * stored yet. A version is kept as first seen: a template changed without
   * a version bump is reported, not stored over the old one.
   */
  async captureTemplateVersions(): Promise<TemplateVersionSummary[]> {
    const { catalog, logger, store } = this.options;
    const { items } = await catalog.getEntities(
      {
        filter: {
          kind: 'Template',
          [`metadata.annotations.${TEMPLATE_VERSION_ANNOTATION}`]:
            CATALOG_FILTER_EXISTS,
        },
      },
      { credentials: await this.credentials() },
    );
    for (const entity of items) {
      if (!entity.metadata.annotations?.[TEMPLATE_VERSION_ANNOTATION]) continue;
      try {
        await this.capture(entity);
      } catch (error) {
        logger.warn(
          `Could not keep ${stringifyEntityRef(entity)} as a version: ${error}`,
        );
      }
    }
    return store.listVersions();
  }

  private async capture(entity: Entity) {
    const { logger, store, source } = this.options;
    const snapshot = await source.snapshot(entity);
    const stored = await store.addVersion(snapshot);
    if (stored.snapshotHash !== snapshot.snapshotHash) {
      logger.warn(
        `${snapshot.templateRef} changed since version ${snapshot.version} was stored, without a version bump; the stored ${snapshot.version} stays what services of that version are rendered from. Bump ${TEMPLATE_VERSION_ANNOTATION}.`,
      );
    }
    return stored;
  }

  /**
   * Looks again at the review of a service's upgrade (merged, closed) and
   * keeps what it finds; the upgrade as stored when it cannot be reached.
   */
  async refreshReview(upgrade: ServiceUpgrade): Promise<ServiceUpgrade> {
    if (upgrade.review !== 'open') return upgrade;
    const { catalog, logger, store } = this.options;
    try {
      const entity = await catalog.getEntityByRef(upgrade.entityRef, {
        credentials: await this.credentials(),
      });
      if (!entity) return upgrade;
      const review = await repositoryOf(entity, this.options).reviewState(
        upgrade,
      );
      if (review === upgrade.review) return upgrade;
      const refreshed = { ...upgrade, review };
      await store.saveUpgrade(refreshed);
      return refreshed;
    } catch (error) {
      logger.warn(
        `Could not look at the upgrade review of ${upgrade.entityRef}: ${error}`,
      );
      return upgrade;
    }
  }

  async upgrade(
    entityRef: string,
    given: Record<string, unknown> = {},
  ): Promise<UpgradeResponse> {
    const { catalog, store, renderer, logger } = this.options;
    const credentials = await this.credentials();
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) throw new NotFoundError(`No entity ${entityRef}`);
    const ref = stringifyEntityRef(entity);
    const repository = repositoryOf(entity, this.options);

    const work = await fs.mkdtemp(path.join(os.tmpdir(), 'golden-path-up-'));
    try {
      await repository.clone(work);
      const defaultBranch = await git(
        ['symbolic-ref', '--short', 'HEAD'],
        work,
      );
      const recordText = await fs
        .readFile(path.join(work, GOLDEN_PATH_RECORD_PATH), 'utf8')
        .catch(() => undefined);
      if (!recordText) {
        throw new InputError(
          `${ref} has no ${GOLDEN_PATH_RECORD_PATH} on ${defaultBranch}: it was not generated from a golden path that records its version`,
        );
      }
      const record = JSON.parse(recordText) as GoldenPathRecord;

      const templateEntity = await catalog.getEntityByRef(record.templateRef, {
        credentials,
      });
      if (!templateEntity) {
        throw new NotFoundError(
          `${ref} was generated from ${record.templateRef}, which the catalog no longer has`,
        );
      }
      const latest = await this.capture(templateEntity);
      if (compareVersions(record.templateVersion, latest.version) >= 0) {
        // A previous upgrade got merged (or the service was made anew):
        // its record now says how it ended.
        const [previous] = await store.listUpgrades({ entityRef: ref });
        if (previous) await this.refreshReview(previous);
        return {
          status: 'up-to-date',
          entityRef: ref,
          version: record.templateVersion,
        };
      }
      const old = await store.getVersion(
        record.templateRef,
        record.templateVersion,
      );
      if (!old) {
        throw new NotFoundError(
          `${record.templateRef} ${record.templateVersion}, which ${ref} was generated from, was never stored by this portal, so it cannot be rendered again; only versions the portal has served can be upgraded from`,
        );
      }

      // The generated files from the repository's own history when they are
      // intact (same content hash); the recorded version rendered otherwise.
      const [fromHistory, newRender] = await Promise.all([
        generatedTreeFromHistory(work, record),
        renderer.render(
          latest,
          valuesFor(latest.template, record.parameters, given),
        ),
      ]);
      const oldRender =
        fromHistory ?? (await renderer.render(old, record.parameters));
      const baseVerified =
        fromHistory !== undefined ||
        renderedContentHash(oldRender) === record.contentHash;
      if (!baseVerified) {
        logger.warn(
          `${ref}: ${record.templateRef} ${record.templateVersion} rendered again does not match the recorded hash; the upgrade may carry more than the template's delta`,
        );
      }

      const templateName =
        templateEntity.metadata.title ?? templateEntity.metadata.name;
      await git(['checkout', '--quiet', '-B', UPGRADE_BRANCH], work);
      const { changedFiles, conflicts } = await mergeTemplateDelta({
        workTree: work,
        oldRender,
        newRender,
        labels: {
          ours: `${defaultBranch} (your team)`,
          base: `${record.templateRef} ${record.templateVersion}`,
          theirs: `${record.templateRef} ${latest.version}`,
        },
      });
      const newRecord = newRender.find(f => f.path === GOLDEN_PATH_RECORD_PATH);
      if (!newRecord) {
        throw new Error(
          `${record.templateRef} ${latest.version} does not record itself (no acme:golden-path:record step)`,
        );
      }
      await fs.mkdir(path.dirname(path.join(work, GOLDEN_PATH_RECORD_PATH)), {
        recursive: true,
      });
      await fs.writeFile(
        path.join(work, GOLDEN_PATH_RECORD_PATH),
        newRecord.content,
      );

      await git(['add', '--all'], work);
      const message = [
        `Upgrade golden path ${record.templateRef} ${record.templateVersion} → ${latest.version}`,
        '',
        conflicts.length
          ? `Conflicts to resolve (marked in the files or listed here):\n${conflicts
              .map(c => `- ${c.path}: ${c.reason}`)
              .join('\n')}`
          : 'Merged without conflicts.',
      ].join('\n');
      await git(['commit', '--quiet', '--allow-empty', '-m', message], work);

      // Idempotent: an unchanged result leaves the branch as it is.
      const tree = await git(['rev-parse', 'HEAD^{tree}'], work);
      const existing = await runGit(
        [
          'rev-parse',
          '--verify',
          '--quiet',
          `refs/remotes/origin/${UPGRADE_BRANCH}`,
        ],
        work,
      );
      let commit = await git(['rev-parse', 'HEAD'], work);
      let pushed = false;
      const existingTree =
        existing.code === 0
          ? await git(['rev-parse', `${existing.stdout.trim()}^{tree}`], work)
          : undefined;
      const existingParent =
        existing.code === 0
          ? await git(['rev-parse', `${existing.stdout.trim()}^`], work)
          : undefined;
      const parent = await git(['rev-parse', 'HEAD^'], work);
      if (existingTree === tree && existingParent === parent) {
        commit = existing.stdout.trim();
      } else {
        await repository.push(work, UPGRADE_BRANCH);
        pushed = true;
      }
      const title = `Upgrade golden path ${templateName} to ${latest.version}`;
      const published = await repository.publishReview({
        branch: UPGRADE_BRANCH,
        baseBranch: defaultBranch,
        pushed,
        title,
        body: reviewBody({
          templateTitle: templateName,
          fromVersion: record.templateVersion,
          toVersion: latest.version,
          baseBranch: defaultBranch,
          changes: await readChangesBetween(
            this.options,
            templateEntity,
            record.templateVersion,
            latest.version,
          ),
          changedFiles,
          conflicts,
          baseVerified,
        }),
      });

      const upgrade: ServiceUpgrade = {
        entityRef: ref,
        templateRef: record.templateRef,
        fromVersion: record.templateVersion,
        toVersion: latest.version,
        branch: UPGRADE_BRANCH,
        commit,
        state: conflicts.length ? 'conflicts' : 'clean',
        conflicts,
        changedFiles,
        baseVerified,
        ...published,
        updatedAt: new Date().toISOString(),
      };
      await store.saveUpgrade(upgrade);
      logger.info(
        `${ref}: ${UPGRADE_BRANCH} at ${commit.slice(0, 12)} (${
          record.templateVersion
        } → ${latest.version}, ${upgrade.state})`,
      );
      return { status: 'upgrade', ...upgrade };
    } finally {
      await fs.rm(work, { recursive: true, force: true });
    }
  }
}
