import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { EventsService } from '@backstage/plugin-events-node';
import { z } from 'zod/v3';
import { DevexStore } from '../database/DevexStore';

/**
 * GitHub webhooks arrive at the events backend (`/api/events/http/github`,
 * signature checked by its GitHub module with
 * `events.modules.github.webhookSecret`), which publishes each on
 * `github.<X-GitHub-Event>`.
 */
export const GITHUB_DEPLOYMENT_STATUS_TOPIC = 'github.deployment_status';

/** The fields of a `deployment_status` event we use. */
export const githubDeploymentStatusSchema = z.object({
  deployment_status: z.object({
    state: z.string(),
    environment: z.string().optional(),
    created_at: z.string().datetime({ offset: true }),
  }),
  deployment: z.object({
    environment: z.string(),
  }),
  repository: z.object({
    full_name: z.string().regex(/^[^/\s]+\/[^/\s]+$/),
  }),
});

/**
 * Stores a deployment and records it in the audit trail. Deliveries come
 * from GitHub or a CI, not from a Backstage principal, so the audit event
 * carries no request (its actor is this plugin) and says in `meta` who
 * delivered it. False when the delivery id was stored before.
 */
export async function recordDeployment(
  deps: { auditor: AuditorService; store: DevexStore },
  deployment: Parameters<DevexStore['addDeployment']>[0],
): Promise<boolean> {
  const event = await deps.auditor.createEvent({
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
    const recorded = await deps.store.addDeployment(deployment);
    await event.success({ meta: { recorded } });
    return recorded;
  } catch (error) {
    await event.fail({ error: error as Error });
    throw error;
  }
}

/**
 * Records every GitHub `deployment_status` event the events service
 * delivers. Redeliveries (same `X-GitHub-Delivery`, kept by the events
 * backend as metadata) are stored once.
 */
export async function subscribeToGithubDeployments(deps: {
  events: EventsService;
  logger: LoggerService;
  auditor: AuditorService;
  store: DevexStore;
}): Promise<void> {
  await deps.events.subscribe({
    id: 'github-deployment-status',
    topics: [GITHUB_DEPLOYMENT_STATUS_TOPIC],
    onEvent: async ({ eventPayload, metadata }) => {
      const parsed = githubDeploymentStatusSchema.safeParse(eventPayload);
      if (!parsed.success) {
        deps.logger.warn(
          `Ignored a GitHub deployment_status event: ${parsed.error.issues
            .map(i => `${i.path.join('.')}: ${i.message}`)
            .join('; ')}`,
        );
        return;
      }
      const { deployment_status: status, deployment, repository } = parsed.data;
      const delivery = metadata?.['x-github-delivery'];
      await recordDeployment(deps, {
        source: 'github',
        deliveryId:
          typeof delivery === 'string' ? `github:${delivery}` : undefined,
        repository: repository.full_name,
        environment: status.environment ?? deployment.environment,
        status: status.state,
        deployedAt: new Date(status.created_at),
      });
    },
  });
}
