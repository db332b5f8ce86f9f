import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuditEventFilter,
  auditEventsReadPermission,
} from '@internal/backstage-plugin-audit-common';
import { parseInput } from '@internal/backstage-plugin-portal-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod/v3';
import { AuditStore } from './database/AuditStore';

const timestamp = z
  .string()
  .refine(
    value => !Number.isNaN(Date.parse(value)),
    'must be an ISO 8601 date or date-time, e.g. 2026-11-24 or 2026-11-24T10:00:00Z',
  )
  .transform(value => new Date(value));

const text = z.string().trim().min(1).max(500);

/** Every filter of {@link AuditEventFilter}, and nothing else. */
const queryShape = {
  actor: text.optional(),
  action: text
    .regex(/^[a-z0-9][a-z0-9._-]*$/i, 'must look like catalog.entity-mutate')
    .optional(),
  entity: text.optional(),
  outcome: z.enum(['allowed', 'denied', 'failed', 'started']).optional(),
  from: timestamp.optional(),
  to: timestamp.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
} satisfies Record<keyof AuditEventFilter, z.ZodTypeAny>;

const querySchema = z
  .object(queryShape)
  .strict()
  .refine(q => !q.from || !q.to || q.from < q.to, {
    message: "'from' must be before 'to'",
  });

/** The admin-only audit API: `GET /events`. */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  store: AuditStore;
}): Promise<express.Router> {
  const { httpAuth, permissions, store } = options;
  const router = Router();
  router.use(express.json());

  router.get('/events', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize(
      [{ permission: auditEventsReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Reading the audit trail needs the ${auditEventsReadPermission.name} permission`,
      );
    }
    const query = parseInput(querySchema, req.query, { what: 'query' });
    res.json(await store.query(query));
  });

  return router;
}
