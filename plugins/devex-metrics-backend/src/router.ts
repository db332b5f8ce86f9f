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
  ServiceUnavailableError,
} from '@backstage/errors';
import { devexMetricsReadPermission } from '@internal/backstage-plugin-devex-metrics-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod/v3';
import { DevexConfig } from './config';
import { DevexStore } from './database/DevexStore';
import { surveyPeriodOf } from './service/compute';
import { DevexMetricsService } from './service/DevexMetricsService';
import {
  genericDeploymentSchema,
  githubDeploymentStatusSchema,
  secretMatches,
  verifyGithubSignature,
} from './service/webhooks';

/** Paths reachable without a Backstage token: each verifies its own secret. */
export const UNAUTHENTICATED_PATHS = ['/events/github', '/events/deployments'];

const surveySchema = z.object({
  score: z.number().int().min(0).max(10),
  comment: z.string().max(2000).optional(),
});

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

function parseBody<S extends z.ZodTypeAny>(
  schema: S,
  body: unknown,
): z.output<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new InputError(
      parsed.error.issues
        .map(i => `${i.path.join('.') || 'body'}: ${i.message}`)
        .join('; '),
    );
  }
  return parsed.data;
}

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

  /**
   * Stores a deployment and records it in the audit trail. The webhook
   * callers are not Backstage principals, so the event carries no request
   * (its actor is this plugin) and says in `meta` who delivered it.
   */
  async function recordDeployment(
    deployment: Parameters<DevexStore['addDeployment']>[0],
  ) {
    const event = await auditor.createEvent({
      eventId: 'deployment',
      severityLevel: 'medium',
      meta: {
        source: deployment.source,
        deliveryId: deployment.deliveryId,
        entityRef: deployment.entityRef,
        repository: deployment.repository,
        environment: deployment.environment,
        status: deployment.status,
      },
    });
    try {
      const recorded = await store.addDeployment(deployment);
      await event.success({ meta: { recorded } });
      return recorded;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }

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

  // GitHub deployment_status webhooks: HMAC over the raw body, so this route
  // reads the body itself before any JSON parsing.
  router.post(
    '/events/github',
    express.raw({ type: () => true, limit: '5mb' }),
    async (req, res) => {
      const secret = config.deployments.githubWebhookSecret;
      if (!secret) {
        throw new ServiceUnavailableError(
          'GitHub deployment webhooks are off: devexMetrics.deployments.githubWebhookSecret is not set',
        );
      }
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const signature = req.header('x-hub-signature-256');
      if (!signature) {
        throw new AuthenticationError('Missing X-Hub-Signature-256');
      }
      if (!verifyGithubSignature(secret, raw, signature)) {
        throw new NotAllowedError('X-Hub-Signature-256 does not match');
      }
      const event = req.header('x-github-event');
      if (event === 'ping') {
        res.json({ ok: true });
        return;
      }
      if (event !== 'deployment_status') {
        res.status(202).json({ ignored: `event ${event ?? '(none)'}` });
        return;
      }
      let json: unknown;
      try {
        json = JSON.parse(raw.toString('utf8'));
      } catch {
        throw new InputError('Body is not JSON');
      }
      const payload = parseBody(githubDeploymentStatusSchema, json);
      const recorded = await recordDeployment({
        source: 'github',
        deliveryId: req.header('x-github-delivery')
          ? `github:${req.header('x-github-delivery')}`
          : undefined,
        repository: payload.repository.full_name,
        environment:
          payload.deployment_status.environment ??
          payload.deployment.environment,
        status: payload.deployment_status.state,
        deployedAt: new Date(payload.deployment_status.created_at),
      });
      res.status(recorded ? 201 : 200).json({ recorded });
    },
  );

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
    const body = parseBody(genericDeploymentSchema, req.body);
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
    const recorded = await recordDeployment({
      source: 'generic',
      deliveryId: body.id ? `generic:${body.id}` : undefined,
      entityRef,
      repository: body.repository,
      environment: body.environment,
      status: body.status,
      deployedAt: body.deployedAt ? new Date(body.deployedAt) : new Date(),
    });
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
    });
  });

  router.post('/survey', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const body = parseBody(surveySchema, req.body);
    const period = surveyPeriodOf(new Date(), config.surveyPeriod);
    await store.addSurveyAnswer({
      userRef: credentials.principal.userEntityRef,
      period,
      score: body.score,
      comment: body.comment?.trim() || null,
      answeredAt: new Date(),
    });
    res.status(201).json({ period, answered: true });
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
    const { days } = parseBody(z.object({ days: daysSchema }), req.query);
    res.json(await service.history(days));
  });

  // One entity (any signed-in user who can read it) or one team (the
  // dashboard's permission, like the team table).
  router.get('/scorecards/history', async (req, res) => {
    const query = parseBody(scorecardHistorySchema, req.query);
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
