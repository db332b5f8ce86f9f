import {
  AuditorService,
  AuthService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  PagerDutyCreateIncidentResponse,
  pagerDutyIncidentCreatePermission,
} from '@internal/backstage-plugin-pagerduty-common';
import { parseInput } from '@internal/backstage-plugin-portal-node';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { HOW_TO_CONFIGURE, PagerDutyConfig } from './config';
import { EntityPagerDuty } from './service/EntityPagerDuty';
import { PagerDutyRateLimitedError } from './service/PagerDutyClient';

const createIncidentSchema = z.object({
  title: z.string().trim().min(1, 'title is required').max(255),
  reason: z.string().trim().min(1, 'reason is required').max(2000),
  urgency: z.enum(['high', 'low']).optional(),
});

const entityRefOf = (req: Request): CompoundEntityRef => ({
  kind: req.params.kind,
  namespace: req.params.namespace,
  name: req.params.name,
});

export async function createRouter(options: {
  auth: AuthService;
  auditor: AuditorService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  pagerDuty: EntityPagerDuty;
  config: PagerDutyConfig;
}): Promise<express.Router> {
  const { auth, auditor, httpAuth, permissions, catalog, pagerDuty, config } =
    options;
  const router = Router();
  router.use(express.json({ limit: '64kb' }));

  // The contract of the readiness scorecard (devex-metrics-backend) and the
  // entity card: which PagerDuty service an entity has. Users and services.
  router.get('/entities/:kind/:namespace/:name/service', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    if (!pagerDuty.client) {
      res.json({ configured: false, howToConfigure: HOW_TO_CONFIGURE });
      return;
    }
    const entity = await pagerDuty.entity(entityRefOf(req), credentials);
    res.json(await pagerDuty.service(entity, credentials));
  });

  router.get('/entities/:kind/:namespace/:name/on-call', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    if (!pagerDuty.client) {
      res.json({ configured: false, howToConfigure: HOW_TO_CONFIGURE });
      return;
    }
    const entity = await pagerDuty.entity(entityRefOf(req), credentials);
    res.json(await pagerDuty.onCall(entity, credentials));
  });

  router.post(
    '/entities/:kind/:namespace/:name/incidents',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      const [decision] = await permissions.authorize(
        [{ permission: pagerDutyIncidentCreatePermission }],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `You may not page on-call from the portal (permission ${pagerDutyIncidentCreatePermission.name})`,
        );
      }
      const body = parseInput(createIncidentSchema, req.body);
      if (!pagerDuty.client) {
        throw new ServiceUnavailableError(HOW_TO_CONFIGURE);
      }
      const entity = await pagerDuty.entity(entityRefOf(req), credentials);
      const entityRef = stringifyEntityRef(entity);
      const resolved = await pagerDuty.resolve(entity, credentials);
      if (!resolved.configured) {
        throw new ServiceUnavailableError(resolved.howToConfigure);
      }
      if (!resolved.service) {
        throw new NotFoundError(
          `No PagerDuty service to page for ${entityRef}: ${resolved.reason}`,
        );
      }

      // Who pages: PagerDuty needs the email of one of its users (From).
      // The User entity is read with the plugin's own credentials: a person
      // may page even if the policy hides User entities from them.
      const userRef = credentials.principal.userEntityRef;
      const user = await catalog.getEntityByRef(userRef, {
        credentials: await auth.getOwnServiceCredentials(),
      });
      const profile = (
        user?.spec as
          | { profile?: { email?: unknown; displayName?: unknown } }
          | undefined
      )?.profile;
      const email =
        typeof profile?.email === 'string' ? profile.email.trim() : '';
      if (!email) {
        throw new InputError(
          user
            ? `Your user ${userRef} has no email in the catalog (spec.profile.email); PagerDuty needs the email of the person who pages. Ask for it to be added to your User entity.`
            : `Your user ${userRef} has no User entity in the catalog, so there is no email to page with; PagerDuty needs the email of the person who pages. Sign in as a catalog user.`,
        );
      }
      const who =
        typeof profile?.displayName === 'string' && profile.displayName
          ? `${profile.displayName} (${userRef}, ${email})`
          : `${userRef} (${email})`;
      const { escalationPolicyId: _, ...service } = resolved.service;
      const urgency = body.urgency ?? 'high';
      const details = [
        `Paged from the ${config.portalName} by ${who}.`,
        `Entity: ${entityRef}`,
        `Reason: ${body.reason}`,
      ].join('\n');

      const event = await auditor.createEvent({
        eventId: 'incident-create',
        severityLevel: 'medium',
        request: req,
        meta: { entityRef, serviceId: service.id, urgency },
      });
      try {
        const incident = await pagerDuty.createIncident({
          serviceId: service.id,
          title: body.title,
          urgency,
          details,
          from: email,
        });
        await event.success({
          meta: { incidentId: incident.id, incidentNumber: incident.number },
        });
        const answer: PagerDutyCreateIncidentResponse = { incident, service };
        res.status(201).json(answer);
      } catch (error) {
        await event.fail({ error: error as Error });
        if (error instanceof InputError) {
          throw new InputError(
            `${error.message} (the portal paged as ${email}, which must be the email of a PagerDuty user)`,
          );
        }
        throw error;
      }
    },
  );

  // Tell HTTP clients when PagerDuty lets us try again; the service's error
  // handler writes the body.
  router.use(
    (
      error: unknown,
      _req: Request,
      res: express.Response,
      next: express.NextFunction,
    ) => {
      if (
        error instanceof PagerDutyRateLimitedError &&
        error.retryAfterSeconds !== undefined
      ) {
        res.setHeader('Retry-After', String(error.retryAfterSeconds));
      }
      next(error);
    },
  );

  return router;
}
