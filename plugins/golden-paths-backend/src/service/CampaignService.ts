import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  FleetTemplate,
  UpgradeCampaign,
  UpgradeCampaignItem,
  UpgradeCampaignRequest,
  UpgradeCampaignsQuery,
} from '@internal/backstage-plugin-golden-paths-common';
import { randomUUID } from 'node:crypto';
import { CampaignStore } from '../database/CampaignStore';
import { CampaignRunner } from './CampaignRunner';
import { compareVersions } from './versions';

/** The services of a golden path that a campaign upgrades. */
export function servicesToUpgrade(
  template: FleetTemplate,
  belowVersion?: string,
): string[] {
  const latest = template.latestVersion;
  if (!latest) return [];
  return template.services
    .filter(
      s =>
        s.version &&
        compareVersions(s.version, latest) < 0 &&
        (!belowVersion || compareVersions(s.version, belowVersion) < 0),
    )
    .map(s => s.entityRef);
}

function principalOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as
    | { type: 'user'; userEntityRef: string }
    | { type: 'service'; subject: string }
    | { type: string };
  if ('userEntityRef' in principal) return principal.userEntityRef;
  if ('subject' in principal) return principal.subject;
  return principal.type;
}

/**
 * Upgrade campaigns: every service of a golden path behind its latest
 * version (or below a given one) upgraded by the backend, in the
 * background, with the progress stored so that any replica answers and a
 * killed replica loses nothing.
 */
export class CampaignService {
  constructor(
    private readonly options: {
      store: CampaignStore;
      runner: CampaignRunner;
      /** The fleet as the caller sees it (FleetService.fleet). */
      fleet: (credentials: BackstageCredentials) => Promise<FleetTemplate[]>;
    },
  ) {}

  async start(
    request: UpgradeCampaignRequest,
    credentials: BackstageCredentials,
  ): Promise<UpgradeCampaign> {
    const { store, runner, fleet } = this.options;
    let wanted: string;
    try {
      wanted = stringifyEntityRef(
        parseEntityRef(request.templateRef, {
          defaultKind: 'template',
          defaultNamespace: 'default',
        }),
      ).toLocaleLowerCase('en-US');
    } catch (error) {
      throw new InputError(`templateRef: ${(error as Error).message}`);
    }
    const template = (await fleet(credentials)).find(
      t => t.templateRef.toLocaleLowerCase('en-US') === wanted,
    );
    if (!template) {
      throw new NotFoundError(`No golden path ${request.templateRef}`);
    }
    if (!template.latestVersion) {
      throw new InputError(
        `${template.title} is no longer in the catalog: there is no version to upgrade to`,
      );
    }
    const entityRefs = servicesToUpgrade(template, request.belowVersion);
    if (entityRefs.length === 0) {
      throw new InputError(
        request.belowVersion
          ? `No service of ${template.title} is on a version below ${request.belowVersion}: nothing to upgrade`
          : `Every service of ${template.title} is on ${template.latestVersion}: nothing to upgrade`,
      );
    }
    const campaign = await store.createCampaign({
      id: randomUUID(),
      templateRef: template.templateRef,
      ...(request.belowVersion ? { belowVersion: request.belowVersion } : {}),
      toVersion: template.latestVersion,
      ...(request.parameters ? { parameters: request.parameters } : {}),
      createdBy: principalOf(credentials),
      createdAt: new Date(),
      entityRefs,
    });
    if (!campaign) {
      const running = await store.runningCampaign(template.templateRef);
      throw new ConflictError(
        `A campaign for ${template.title} is already running${
          running
            ? ` (started by ${running.createdBy}, ${running.done} of ${running.total} done)`
            : ''
        }; wait until it has finished`,
      );
    }
    runner.kick();
    return campaign;
  }

  list(filter: UpgradeCampaignsQuery) {
    return this.options.store.listCampaigns(filter);
  }

  async get(id: string): Promise<UpgradeCampaign> {
    const campaign = await this.options.store.getCampaign(id);
    if (!campaign) throw new NotFoundError(`No upgrade campaign ${id}`);
    return campaign;
  }

  async items(id: string): Promise<UpgradeCampaignItem[]> {
    await this.get(id);
    return this.options.store.listItems(id);
  }
}
