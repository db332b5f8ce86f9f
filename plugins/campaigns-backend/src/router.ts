import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  CampaignInput,
  campaignCreatePermission,
  campaignUpdatePermission,
} from '@internal/backstage-plugin-campaigns-common';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { ScorecardLevel } from '@internal/backstage-plugin-devex-metrics-common';
import { parseInput } from '@internal/backstage-plugin-portal-node';
import { z } from 'zod/v3';
import { CampaignStore } from './database/CampaignStore';
import { CampaignService } from './service/CampaignService';
import { normalizeScope } from './service/scope';

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine(
    s =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) &&
      new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    'is not a date of the calendar',
  );

const optionalText = z.string().trim().max(200).optional();

function campaignSchema(levels: ScorecardLevel[]) {
  const levelNames = levels.map(l => l.name);
  const checkIds: string[] = [...new Set(levels.flatMap(l => l.checks))];
  return z
    .object({
      title: z.string().trim().min(1, 'is required').max(200),
      description: z.string().trim().max(5000).default(''),
      scope: z
        .object({
          kind: optionalText,
          type: optionalText,
          system: optionalText,
          lifecycle: optionalText,
          owner: optionalText,
          tags: z.array(z.string().trim().max(100)).max(20).optional(),
        })
        .strict(),
      target: z.discriminatedUnion('type', [
        z.object({
          type: z.literal('level'),
          level: z
            .string()
            .refine(
              l => levelNames.includes(l),
              `must be one of the scorecard levels: ${levelNames.join(', ')}`,
            ),
        }),
        z.object({
          type: z.literal('check'),
          check: z
            .string()
            .refine(
              c => checkIds.includes(c),
              `must be one of the scorecard checks: ${checkIds.join(', ')}`,
            ),
        }),
      ]),
      startDate: day,
      deadline: day,
    })
    .refine(c => c.deadline >= c.startDate, {
      message: 'must not be before the start date',
      path: ['deadline'],
    });
}

export async function createRouter(options: {
  auditor: AuditorService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  store: CampaignStore;
  service: CampaignService;
  levels: ScorecardLevel[];
  /** The time now; tests pass their own clock. */
  clock?: () => Date;
  /** Called after a campaign was created or changed (runs the scheduled task). */
  onChange?: () => Promise<void>;
}): Promise<express.Router> {
  const { auditor, httpAuth, permissions, store, service } = options;
  const clock = options.clock ?? (() => new Date());
  const schema = campaignSchema(options.levels);
  const router = Router();
  router.use(express.json({ limit: '100kb' }));

  function parseCampaign(body: unknown): CampaignInput {
    const parsed = parseInput(schema, body);
    return { ...parsed, scope: normalizeScope(parsed.scope) };
  }

  /** The signed-in user, allowed `permission` by the policy. */
  async function authorizedUser(
    req: Request,
    permission: BasicPermission,
    what: string,
  ) {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `${what} is for the platform team: it needs the ${permission.name} permission, which ${credentials.principal.userEntityRef} does not have`,
      );
    }
    return credentials.principal.userEntityRef;
  }

  async function changed() {
    try {
      await options.onChange?.();
    } catch {
      // the next scheduled run does the same
    }
  }

  // Reading is for everyone signed in (and for other plugins).
  const reader = (req: Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  router.get('/campaigns', async (req, res) => {
    await reader(req);
    res.json({ items: await service.summaries(clock()) });
  });

  router.get('/campaigns/:id', async (req, res) => {
    await reader(req);
    res.json(await service.details(req.params.id, clock()));
  });

  router.get('/targets', async (req, res) => {
    await reader(req);
    res.json(await service.targets());
  });

  router.post('/campaigns', async (req, res) => {
    const user = await authorizedUser(
      req,
      campaignCreatePermission,
      'Creating a campaign',
    );
    const input = parseCampaign(req.body);
    const event = await auditor.createEvent({
      eventId: 'campaign-create',
      severityLevel: 'medium',
      request: req,
      meta: { title: input.title },
    });
    try {
      const campaign = await store.create(input, user, clock());
      await event.success({ meta: { campaignId: campaign.id } });
      await changed();
      res.status(201).json(campaign);
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  router.put('/campaigns/:id', async (req, res) => {
    const user = await authorizedUser(
      req,
      campaignUpdatePermission,
      'Editing a campaign',
    );
    const input = parseCampaign(req.body);
    const event = await auditor.createEvent({
      eventId: 'campaign-update',
      severityLevel: 'medium',
      request: req,
      meta: { campaignId: req.params.id, title: input.title },
    });
    try {
      const campaign = await store.update(req.params.id, input, user, clock());
      if (!campaign) throw new NotFoundError(`No campaign ${req.params.id}`);
      await event.success();
      await changed();
      res.json(campaign);
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  return router;
}
