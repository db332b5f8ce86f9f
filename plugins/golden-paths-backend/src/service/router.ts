import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { goldenPathUpgradeCreatePermission } from '@internal/backstage-plugin-golden-paths-common';
import { parseInput } from '@internal/backstage-plugin-portal-node';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { GoldenPathsStore } from '../database/GoldenPathsStore';
import { FleetService } from './FleetService';
import { UpgradeService } from './UpgradeService';
import { CampaignService } from './CampaignService';

const campaignRequest = z.object({
  templateRef: z.string().min(1),
  /** Only services on a version below this one. */
  belowVersion: z
    .string()
    .regex(/^\d+\.\d+\.\d+$/, 'a version such as 1.3.0')
    .optional(),
  /** Values for the new version's questions, for every service. */
  parameters: z.record(z.string(), z.unknown()).optional(),
});

const upgradeRequest = z.object({
  entityRef: z.string().min(1),
  /** Values for parameters the new version added (a campaign's answers). */
  parameters: z.record(z.string(), z.unknown()).optional(),
});

export async function createRouter(options: {
  auditor: AuditorService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  store: GoldenPathsStore;
  service: UpgradeService;
  fleet: FleetService;
  campaigns: CampaignService;
}): Promise<express.Router> {
  const { auditor, httpAuth, permissions, store, service, fleet } = options;
  const { campaigns } = options;
  const router = Router();
  router.use(express.json());

  const requireUpgradePermission = async (req: express.Request) => {
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorize(
      [{ permission: goldenPathUpgradeCreatePermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Upgrading golden paths needs the permission ${goldenPathUpgradeCreatePermission.name} (the platform team has it)`,
      );
    }
  };

  /** The template versions the portal keeps, renderable offline. */
  router.get('/templates/versions', async (req, res) => {
    await httpAuth.credentials(req);
    res.json({ items: await store.listVersions() });
  });

  /** Keeps the current version of every golden path now (also scheduled). */
  router.post('/templates/versions', async (req, res) => {
    await requireUpgradePermission(req);
    res.json({ items: await service.captureTemplateVersions() });
  });

  /** Every golden path: versions in use, services on each, upgrade states. */
  router.get('/fleet', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    res.json({ items: await fleet.fleet(credentials) });
  });

  /** One service's golden path: its version, what it misses, its upgrade branch. */
  router.get('/services/:kind/:namespace/:name', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const { kind, namespace, name } = req.params;
    res.json(await fleet.service(`${kind}:${namespace}/${name}`, credentials));
  });

  /** Upgrade branches, all or one service's (`?entityRef=`). */
  router.get('/upgrades', async (req, res) => {
    await httpAuth.credentials(req);
    const entityRef =
      typeof req.query.entityRef === 'string' ? req.query.entityRef : undefined;
    res.json({ items: await store.listUpgrades({ entityRef }) });
  });

  /** Computes a service's upgrade and pushes it to its upgrade branch. */
  router.post('/upgrades', async (req, res) => {
    const input = parseInput(upgradeRequest, req.body, {
      expected: '{ entityRef, parameters? }',
    });
    const event = await auditor.createEvent({
      eventId: 'golden-path-upgrade',
      severityLevel: 'medium',
      request: req,
      meta: { entityRef: input.entityRef },
    });
    try {
      await requireUpgradePermission(req);
      const result = await service.upgrade(input.entityRef, input.parameters);
      await event.success({
        meta:
          result.status === 'up-to-date'
            ? { status: result.status, version: result.version }
            : {
                status: result.state,
                from: result.fromVersion,
                to: result.toVersion,
                commit: result.commit,
              },
      });
      res.json(result);
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  /**
   * Starts a campaign: every service of a golden path behind (or below
   * `belowVersion`) is upgraded by the backend, in the background. Answers
   * at once with the campaign; its progress is `GET /campaigns/:id`.
   */
  router.post('/campaigns', async (req, res) => {
    const input = parseInput(campaignRequest, req.body, {
      expected: '{ templateRef, belowVersion?, parameters? }',
    });
    const event = await auditor.createEvent({
      eventId: 'golden-path-upgrade-campaign',
      severityLevel: 'medium',
      request: req,
      meta: {
        templateRef: input.templateRef,
        ...(input.belowVersion ? { belowVersion: input.belowVersion } : {}),
      },
    });
    try {
      await requireUpgradePermission(req);
      const campaign = await campaigns.start(
        input,
        await httpAuth.credentials(req),
      );
      await event.success({
        meta: {
          campaignId: campaign.id,
          toVersion: campaign.toVersion,
          services: campaign.total,
        },
      });
      res.status(201).json(campaign);
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  /** Campaigns, newest first (`?templateRef=`, `?limit=`, default 20). */
  router.get('/campaigns', async (req, res) => {
    await httpAuth.credentials(req);
    const templateRef =
      typeof req.query.templateRef === 'string'
        ? req.query.templateRef
        : undefined;
    const limit = Number(req.query.limit ?? 20);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      throw new InputError('limit must be a whole number from 1 to 100');
    }
    res.json({ items: await campaigns.list({ templateRef, limit }) });
  });

  /** A campaign's progress: done of total, outcomes, failures and why. */
  router.get('/campaigns/:id', async (req, res) => {
    await httpAuth.credentials(req);
    res.json(await campaigns.get(req.params.id));
  });

  /** A campaign's services: status, message, when each started and ended. */
  router.get('/campaigns/:id/items', async (req, res) => {
    await httpAuth.credentials(req);
    res.json({ items: await campaigns.items(req.params.id) });
  });

  return router;
}
