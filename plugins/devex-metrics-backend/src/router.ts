import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  AuthenticationError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  devexMetricsReadPermission,
  SurveyAnswerRequest,
  SurveyStatus,
} from '@internal/backstage-plugin-devex-metrics-common';
import { parseInput } from '@internal/backstage-plugin-portal-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod/v3';
import { DevexConfig } from './config';
import { DevexStore } from './database/DevexStore';
import { surveyPeriodOf } from './service/compute';
import { DevexMetricsService } from './service/DevexMetricsService';
import { recordDeployment } from './service/deployments';
import { genericDeploymentSchema, secretMatches } from './service/webhooks';

/**
 * Paths reachable without a Backstage token: each verifies its own secret.
 * (GitHub's deployment_status webhooks come through the events backend.)
 */
export const UNAUTHENTICATED_PATHS = ['/events/deployments'];

const surveySchema = z.object({
  score: z.number().int().min(0).max(10),
  comment: z.string().max(2000).optional(),
}) satisfies z.ZodType<SurveyAnswerRequest>;

/** `?days=`: 1..730, default 90. */
const daysSchema = z.coerce.number().int().min(1).max(730).default(90);

const scorecardHistorySchema = z
  .object({
    entityRef: z.string().min(1).optional(),
    team: z.string().min(1).optional(),
    days: daysSchema,
  })
  .refine(q => Boolean(q.entityRef) !== Boolean(q.team), {
    message: 'give either entityRef or team',
  });

export async function createRouter(options: {
  auditor: AuditorService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  store: DevexStore;
  service: DevexMetricsService;
  config: DevexConfig;
}): Promise<express.Router> {
  const { auditor, httpAuth, permissions, catalog, store, service, config } =
    options;
  const router = Router();

  async function requireRead(req: Request) {
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorize(
      [{ permission: devexMetricsReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `The DevEx dashboard needs the ${devexMetricsReadPermission.name} permission`,
      );
    }
  }

  router.use(express.json({ limit: '1mb' }));

  // Deployments from any other CI: a backend service token or the shared secret.
  router.post('/events/deployments', async (req, res) => {
    const shared = config.deployments.sharedSecret;
    const token = req.header('x-devex-token');
    if (token !== undefined) {
      if (!shared || !secretMatches(shared, token)) {
        throw new NotAllowedError('x-devex-token does not match');
      }
    } else if (!req.header('authorization')) {
      throw new AuthenticationError(
        'Send a backend service token or the x-devex-token shared secret',
      );
    } else {
      await httpAuth.credentials(req, { allow: ['service'] });
    }
    const body = parseInput(genericDeploymentSchema, req.body);
    let entityRef: string | undefined;
    if (body.entityRef) {
      try {
        entityRef = stringifyEntityRef(
          parseEntityRef(body.entityRef, {
            defaultKind: 'component',
            defaultNamespace: 'default',
          }),
        );
      } catch (e) {
        throw new InputError(`entityRef: ${(e as Error).message}`);
      }
    }
    const recorded = await recordDeployment(
      { auditor, store },
      {
        source: 'generic',
        deliveryId: body.id ? `generic:${body.id}` : undefined,
        entityRef,
        repository: body.repository,
        environment: body.environment,
        status: body.status,
        deployedAt: body.deployedAt ? new Date(body.deployedAt) : new Date(),
      },
    );
    res.status(recorded ? 201 : 200).json({ recorded });
  });

  router.get('/survey', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const period = surveyPeriodOf(new Date(), config.surveyPeriod);
    res.json({
      period,
      answered: await store.hasAnswered(
        credentials.principal.userEntityRef,
        period,
      ),
    } satisfies SurveyStatus);
  });

  router.post('/survey', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const body = parseInput(surveySchema, req.body);
    const period = surveyPeriodOf(new Date(), config.surveyPeriod);
    await store.addSurveyAnswer({
      userRef: credentials.principal.userEntityRef,
      period,
      score: body.score,
      comment: body.comment?.trim() || null,
      answeredAt: new Date(),
    });
    res.status(201).json({ period, answered: true } satisfies SurveyStatus);
  });

  router.get('/scorecard', async (req, res) => {
    const ref = req.query.entityRef;
    if (typeof ref !== 'string' || !ref) {
      throw new InputError('entityRef query parameter is required');
    }
    const credentials = await httpAuth.credentials(req);
    const entity = await catalog.getEntityByRef(ref, { credentials });
    if (!entity) throw new NotFoundError(`No entity ${ref}`);
    res.json(await service.scorecardOf(entity, credentials));
  });

  router.get('/history', async (req, res) => {
    await requireRead(req);
    const { days } = parseInput(z.object({ days: daysSchema }), req.query, {
      what: 'query',
    });
    res.json(await service.history(days));
  });

  // One entity (any signed-in user who can read it) or one team (the
  // dashboard's permission, like the team table).
  router.get('/scorecards/history', async (req, res) => {
    const query = parseInput(scorecardHistorySchema, req.query, {
      what: 'query',
    });
    if (query.entityRef) {
      const credentials = await httpAuth.credentials(req);
      const entity = await catalog.getEntityByRef(query.entityRef, {
        credentials,
      });
      if (!entity) throw new NotFoundError(`No entity ${query.entityRef}`);
      res.json(
        await service.scorecardHistory(
          { entityRef: stringifyEntityRef(entity) },
          query.days,
        ),
      );
      return;
    }
    await requireRead(req);
    let team: string;
    try {
      team = stringifyEntityRef(
        parseEntityRef(query.team!, {
          defaultKind: 'group',
          defaultNamespace: 'default',
        }),
      );
    } catch (e) {
      throw new InputError(`team: ${(e as Error).message}`);
    }
    res.json(await service.scorecardHistory({ team }, query.days));
  });

  router.get('/dashboard', async (req, res) => {
    await requireRead(req);
    res.json(await service.dashboard());
  });

  router.post('/refresh', async (req, res) => {
    await requireRead(req);
    res.json(await service.refresh());
  });

  return router;
}
