import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { goldenPathUpgradeCreatePermission } from '@internal/backstage-plugin-golden-paths-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { GoldenPathsStore } from '../database/GoldenPathsStore';
import { FleetService } from './FleetService';
import { UpgradeService } from './UpgradeService';

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
}): Promise<express.Router> {
  const { auditor, httpAuth, permissions, store, service, fleet } = options;
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
    const parsed = upgradeRequest.safeParse(req.body);
    if (!parsed.success) {
      throw new InputError(
        `Expected { entityRef, parameters? }: ${parsed.error.issues
          .map(i => `${i.path.join('.') || 'body'}: ${i.message}`)
          .join('; ')}`,
      );
    }
    const event = await auditor.createEvent({
      eventId: 'golden-path-upgrade',
      severityLevel: 'medium',
      request: req,
      meta: { entityRef: parsed.data.entityRef },
    });
    try {
      await requireUpgradePermission(req);
      const result = await service.upgrade(
        parsed.data.entityRef,
        parsed.data.parameters,
      );
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

  return router;
}
