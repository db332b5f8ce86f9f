import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  FleetTemplate,
  ServiceGoldenPath,
  ServiceUpgrade,
  SOURCE_TEMPLATE_ANNOTATION,
  sourceTemplateRef,
  TEMPLATE_VERSION_ANNOTATION,
} from '@internal/backstage-plugin-golden-paths-common';
import { GoldenPathsStore } from '../database/GoldenPathsStore';
import { readChangesBetween } from './changelog';
import { TemplateSource } from './templateSource';
import type { UpgradeService } from './UpgradeService';
import { compareVersions } from './versions';

const versionOf = (entity: Entity) =>
  entity.metadata.annotations?.[TEMPLATE_VERSION_ANNOTATION];

/**
 * An upgrade still about the service as it is: from its version, or the
 * merged one that brought it there. Older ones are history.
 */
function isCurrent(upgrade: ServiceUpgrade, version: string | undefined) {
  return (
    upgrade.fromVersion === version ||
    (upgrade.review === 'merged' && upgrade.toVersion === version)
  );
}

/**
 * What the portal shows about golden-path versions: one service's (its
 * page) and the whole fleet's (the platform team's page). Reads the catalog
 * with the caller's credentials, so nobody sees entities they may not.
 */
export class FleetService {
  constructor(
    private readonly options: {
      catalog: CatalogService;
      logger: LoggerService;
      store: GoldenPathsStore;
      source: TemplateSource;
      /** Looks again whether an upgrade's review got merged or closed. */
      reviews: Pick<UpgradeService, 'refreshReview'>;
    },
  ) {}

  async service(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<ServiceGoldenPath> {
    const { catalog, store } = this.options;
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) throw new NotFoundError(`No entity ${entityRef}`);
    const ref = stringifyEntityRef(entity);
    const templateRef = sourceTemplateRef(entity);
    if (!templateRef) {
      throw new InputError(
        `${ref} was not created from a golden path (no ${SOURCE_TEMPLATE_ANNOTATION} annotation)`,
      );
    }
    const template = await catalog.getEntityByRef(templateRef, { credentials });
    const version = versionOf(entity);
    const latestVersion = template ? versionOf(template) : undefined;
    const missedChanges =
      template && version && latestVersion
        ? await readChangesBetween(
            this.options,
            template,
            version,
            latestVersion,
          )
        : [];
    const [stored] = await store.listUpgrades({ entityRef: ref });
    const upgrade = stored
      ? await this.options.reviews.refreshReview(stored)
      : undefined;
    return {
      entityRef: ref,
      templateRef,
      ...(template
        ? { templateTitle: template.metadata.title ?? template.metadata.name }
        : {}),
      ...(version ? { version } : {}),
      ...(latestVersion ? { latestVersion } : {}),
      missedChanges,
      ...(upgrade && isCurrent(upgrade, version) ? { upgrade } : {}),
    };
  }

  async fleet(credentials: BackstageCredentials): Promise<FleetTemplate[]> {
    const { catalog, store } = this.options;
    const [{ items: services }, { items: templates }, upgrades] =
      await Promise.all([
        catalog.getEntities(
          {
            filter: {
              kind: 'Component',
              [`metadata.annotations.${SOURCE_TEMPLATE_ANNOTATION}`]:
                CATALOG_FILTER_EXISTS,
            },
          },
          { credentials },
        ),
        catalog.getEntities(
          {
            filter: {
              kind: 'Template',
              [`metadata.annotations.${TEMPLATE_VERSION_ANNOTATION}`]:
                CATALOG_FILTER_EXISTS,
            },
          },
          { credentials },
        ),
        store.listUpgrades(),
      ]);
    const upgradeOf = new Map(upgrades.map(u => [u.entityRef, u]));
    const fleet = new Map<string, FleetTemplate>();
    for (const template of templates) {
      fleet.set(stringifyEntityRef(template), {
        templateRef: stringifyEntityRef(template),
        title: template.metadata.title ?? template.metadata.name,
        latestVersion: versionOf(template),
        versions: [],
        services: [],
      });
    }
    for (const service of services) {
      const templateRef = sourceTemplateRef(service);
      if (!templateRef) continue;
      let entry = fleet.get(templateRef);
      if (!entry) {
        // a golden path the catalog no longer has
        entry = {
          templateRef,
          title: parseEntityRef(templateRef).name,
          versions: [],
          services: [],
        };
        fleet.set(templateRef, entry);
      }
      const ref = stringifyEntityRef(service);
      const version = versionOf(service);
      const upgrade = upgradeOf.get(ref);
      entry.services.push({
        entityRef: ref,
        title: service.metadata.title ?? service.metadata.name,
        ...(typeof service.spec?.owner === 'string'
          ? { owner: service.spec.owner }
          : {}),
        ...(version ? { version } : {}),
        ...(upgrade && isCurrent(upgrade, version)
          ? {
              upgrade: {
                state: upgrade.state,
                toVersion: upgrade.toVersion,
                conflicts: upgrade.conflicts,
                review: upgrade.review,
                ...(upgrade.pullRequest
                  ? { pullRequest: upgrade.pullRequest }
                  : {}),
              },
            }
          : {}),
      });
    }
    for (const entry of fleet.values()) {
      const counts = new Map<string, number>();
      for (const s of entry.services) {
        const v = s.version ?? 'unknown';
        counts.set(v, (counts.get(v) ?? 0) + 1);
      }
      // newest first, services whose version is unknown last
      const rank = (v: string) => (v === 'unknown' ? '0.0.0' : v);
      entry.versions = [...counts.entries()]
        .map(([version, n]) => ({ version, services: n }))
        .sort((a, b) => compareVersions(rank(b.version), rank(a.version)));
      entry.services.sort((a, b) => a.title.localeCompare(b.title));
    }
    // the golden paths in use first: they are what the page is for
    return [...fleet.values()].sort(
      (a, b) =>
        Number(b.services.length > 0) - Number(a.services.length > 0) ||
        a.title.localeCompare(b.title),
    );
  }
}
