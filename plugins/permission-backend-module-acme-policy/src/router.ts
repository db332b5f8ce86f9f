import {
  AuthService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  RELATION_MEMBER_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  catalogEntityCreatePermission,
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogEntityRefreshPermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import { unprocessedEntitiesDeletePermission } from '@backstage/plugin-catalog-unprocessed-entities-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  createPermission,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { taskCreatePermission } from '@backstage/plugin-scaffolder-common/alpha';
import {
  ExplainResponse,
  PermissionExplanation,
} from '@internal/backstage-plugin-permission-explainer-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod/v3';
import { isAllowedOnEntity } from './catalogRules';
import { AcmePermissionPolicy } from './policy/AcmePermissionPolicy';
import { AcmePolicyConfig } from './policy/config';
import { explainPermission } from './permissions';

/**
 * The permissions the view lists: what the Acme policy decides on, plus the
 * configured platform and admin permissions.
 */
export function mainPermissions(config: AcmePolicyConfig): Permission[] {
  return [
    catalogEntityReadPermission,
    catalogEntityRefreshPermission,
    catalogEntityDeletePermission,
    catalogEntityCreatePermission,
    catalogLocationCreatePermission,
    catalogLocationDeletePermission,
    unprocessedEntitiesDeletePermission,
    taskCreatePermission,
    ...[...config.platformPermissions, ...config.adminPermissions].map(name =>
      createPermission({ name, attributes: {} }),
    ),
    explainPermission,
  ];
}

/**
 * The user's ownership refs the way the production sign-in resolver
 * (`signInWithCatalogUser`) builds them: the user ref and the groups of its
 * memberOf relations.
 */
export function ownershipEntityRefs(user: Entity): string[] {
  const groups = (user.relations ?? [])
    .filter(r => r.type === RELATION_MEMBER_OF)
    .map(r => r.targetRef.toLocaleLowerCase('en-US'));
  return [
    stringifyEntityRef(user).toLocaleLowerCase('en-US'),
    ...new Set(groups),
  ];
}

export function explainDecisions(
  policy: AcmePermissionPolicy,
  permissions: Permission[],
  claims: string[],
  entity?: Entity,
): PermissionExplanation[] {
  return permissions.map(permission => {
    const { decision, rule, reason } = policy.explain(permission, claims);
    const line: PermissionExplanation = {
      permission: permission.name,
      ...(permission.type === 'resource'
        ? { resourceType: permission.resourceType }
        : {}),
      result: resultName(decision),
      rule,
      reason,
    };
    if (decision.result === AuthorizeResult.CONDITIONAL) {
      line.conditions = decision.conditions;
    }
    if (entity && permission.type === 'resource') {
      line.onEntity = {
        entityRef: stringifyEntityRef(entity),
        result: isAllowedOnEntity(decision, entity) ? 'ALLOW' : 'DENY',
      };
    }
    return line;
  });
}

function resultName(decision: PolicyDecision): PermissionExplanation['result'] {
  switch (decision.result) {
    case AuthorizeResult.ALLOW:
      return 'ALLOW';
    case AuthorizeResult.DENY:
      return 'DENY';
    default:
      return 'CONDITIONAL';
  }
}

const entityRefParam = (kind: string) =>
  z
    .string()
    .min(1)
    .transform((value, ctx) => {
      try {
        return stringifyEntityRef(
          parseEntityRef(value, {
            defaultKind: kind,
            defaultNamespace: 'default',
          }),
        );
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: String(error) });
        return z.NEVER;
      }
    });

const querySchema = z.object({
  user: entityRefParam('user').refine(
    ref => ref.startsWith('user:'),
    'must be a User entity ref such as user:default/alice',
  ),
  entity: entityRefParam('component').optional(),
});

export function createExplainRouter(options: {
  policy: AcmePermissionPolicy;
  config: AcmePolicyConfig;
  httpAuth: HttpAuthService;
  auth: AuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
}): express.Router {
  const { policy, config, httpAuth, auth, permissions, catalog } = options;
  const router = Router();

  // GET /api/permission/acme/explain?user=user:default/alice[&entity=component:default/x]
  router.get('/acme/explain', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const [{ result }] = await permissions.authorize(
      [{ permission: explainPermission }],
      { credentials },
    );
    if (result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        'Only portal admins may see what other users can do',
      );
    }
    const parsed = querySchema.safeParse(req.query);
    if (!parsed.success) {
      throw new InputError(
        parsed.error.issues
          .map(i => `${i.path.join('.')}: ${i.message}`)
          .join('; '),
      );
    }
    // The admin may look at anything; read with the plugin's own identity so
    // the admin's view is not narrowed by their own read rules.
    const service = await auth.getOwnServiceCredentials();
    const user = await catalog.getEntityByRef(parsed.data.user, {
      credentials: service,
    });
    if (!user || user.kind.toLocaleLowerCase('en-US') !== 'user') {
      throw new NotFoundError(
        `No User entity ${parsed.data.user} in the catalog`,
      );
    }
    let entity: Entity | undefined;
    if (parsed.data.entity) {
      entity = await catalog.getEntityByRef(parsed.data.entity, {
        credentials: service,
      });
      if (!entity) {
        throw new NotFoundError(
          `No entity ${parsed.data.entity} in the catalog`,
        );
      }
    }
    const claims = ownershipEntityRefs(user);
    const body: ExplainResponse = {
      user: stringifyEntityRef(user),
      ownershipEntityRefs: claims,
      roles: policy.roles(claims),
      ...(entity ? { entity: stringifyEntityRef(entity) } : {}),
      decisions: explainDecisions(
        policy,
        mainPermissions(config),
        claims,
        entity,
      ),
    };
    res.json(body);
  });

  return router;
}
