import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  catalogEntityCreatePermission,
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogEntityRefreshPermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { taskCreatePermission } from '@backstage/plugin-scaffolder-common/alpha';
import { unprocessedEntitiesDeletePermission } from '@backstage/plugin-catalog-unprocessed-entities-common';
import { UserInfoService } from '@backstage/backend-plugin-api';
import { AcmePolicyConfig } from './config';

const ALLOW: PolicyDecision = { result: AuthorizeResult.ALLOW };
const DENY: PolicyDecision = { result: AuthorizeResult.DENY };

/**
 * The Acme permission policy. Roles are groups from `permission.acme`
 * (see config.d.ts); membership is read from the signed-in user's
 * `ownershipEntityRefs` (the user ref and every group the sign-in resolver
 * recorded at sign-in, from the user info service), so "member of group X" is our own HAS_GROUP check:
 * Backstage has no built-in rule for it.
 */
export class AcmePermissionPolicy implements PermissionPolicy {
  constructor(
    private readonly config: AcmePolicyConfig,
    private readonly userInfo: UserInfoService,
  ) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    // No user: a service principal (catalog processing, search collators,
    // the scaffolder acting for itself, a configured static token). Backend
    // services are trusted; users are what this policy restricts.
    if (!user) {
      return ALLOW;
    }
    const { permission } = request;
    const { ownershipEntityRefs: claims } = await this.userInfo.getUserInfo(
      user.credentials,
    );
    const isAdmin = this.hasGroup(claims, this.config.adminGroups);
    const isTemplateRunner =
      isAdmin || this.hasGroup(claims, this.config.templateRunnerGroups);

    if (this.config.platformPermissions.includes(permission.name)) {
      return this.hasGroup(claims, this.config.platformGroups) ? ALLOW : DENY;
    }

    if (isPermission(permission, catalogEntityReadPermission)) {
      // Everyone reads the catalog; templates a user may not run are hidden.
      if (isTemplateRunner) {
        return ALLOW;
      }
      return createCatalogConditionalDecision(permission, {
        not: catalogConditions.isEntityKind({ kinds: ['Template'] }),
      });
    }

    if (
      isPermission(permission, catalogEntityRefreshPermission) ||
      isPermission(permission, catalogEntityDeletePermission)
    ) {
      if (isAdmin) {
        return ALLOW;
      }
      return createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({ claims }),
      );
    }

    if (
      isPermission(permission, catalogLocationCreatePermission) ||
      isPermission(permission, catalogEntityCreatePermission)
    ) {
      // Basic permissions: a location has no owner before it is read, so
      // there is nothing to make a conditional decision on. Template runners
      // need it because `catalog:register` registers the new repository with
      // the credentials of the user who ran the template.
      return isTemplateRunner ? ALLOW : DENY;
    }

    if (
      isPermission(permission, catalogLocationDeletePermission) ||
      isPermission(permission, unprocessedEntitiesDeletePermission)
    ) {
      // Removing a location unregisters every entity it produced, whoever
      // owns them; an unprocessed entity has no owner yet to check.
      return isAdmin ? ALLOW : DENY;
    }

    if (isPermission(permission, taskCreatePermission)) {
      return isTemplateRunner ? ALLOW : DENY;
    }

    return ALLOW;
  }

  private hasGroup(claims: string[], groups: string[]): boolean {
    return claims.some(claim =>
      groups.includes(claim.toLocaleLowerCase('en-US')),
    );
  }
}
