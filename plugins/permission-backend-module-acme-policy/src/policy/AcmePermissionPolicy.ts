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
  Permission,
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
import { explainPermission } from '../permissions';

const ALLOW: PolicyDecision = { result: AuthorizeResult.ALLOW };
const DENY: PolicyDecision = { result: AuthorizeResult.DENY };

/** A decision together with the policy rule that produced it. */
export interface ExplainedDecision {
  decision: PolicyDecision;
  /** Stable id of the rule in this policy, e.g. `entity-owner`. */
  rule: string;
  /** One sentence for people: why this decision. */
  reason: string;
}

/** The roles a set of ownership refs holds under a policy config. */
export interface AcmeRoles {
  admin: boolean;
  templateRunner: boolean;
  platform: boolean;
}

/**
 * The Acme permission policy. Roles are groups from `permission.acme`
 * (see config.d.ts); membership is read from the signed-in user's
 * `ownershipEntityRefs` (the user ref and every group the sign-in resolver
 * recorded at sign-in, from the user info service), so "member of group X" is our own HAS_GROUP check:
 * Backstage has no built-in rule for it.
 *
 * `handle` (what the permission backend calls) and `explain` (the admin
 * "why" view) share one implementation, `decide`, so an explanation is
 * always the decision the portal actually makes.
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
    const { ownershipEntityRefs: claims } = await this.userInfo.getUserInfo(
      user.credentials,
    );
    return this.decide(request.permission, claims).decision;
  }

  /**
   * The decision for a user with these ownership refs (user ref + groups),
   * and the rule that produced it.
   */
  explain(permission: Permission, claims: string[]): ExplainedDecision {
    return this.decide(permission, claims);
  }

  /** Which roles of `permission.acme` these ownership refs hold. */
  roles(claims: string[]): AcmeRoles {
    const admin = this.hasGroup(claims, this.config.adminGroups);
    return {
      admin,
      templateRunner:
        admin || this.hasGroup(claims, this.config.templateRunnerGroups),
      platform: this.hasGroup(claims, this.config.platformGroups),
    };
  }

  private decide(permission: Permission, claims: string[]): ExplainedDecision {
    const {
      admin: isAdmin,
      templateRunner: isTemplateRunner,
      platform,
    } = this.roles(claims);
    const groups = (list: string[]) => list.join(', ') || '(none configured)';

    // A permission listed for a role goes to that role's groups only.
    const listedFor = (
      role: 'platform' | 'admin',
      member: boolean,
      roleGroups: string[],
    ): ExplainedDecision => {
      const groupKey = `${role}Group`;
      const article = role === 'admin' ? 'an' : 'a';
      return {
        decision: member ? ALLOW : DENY,
        rule: `${role}-permission`,
        reason: `${role} permission; ${
          member
            ? `member of ${article} ${groupKey}`
            : `not a member of any ${groupKey}`
        } (${groups(roleGroups)})`,
      };
    };
    if (this.config.platformPermissions.includes(permission.name)) {
      return listedFor('platform', platform, this.config.platformGroups);
    }
    if (this.config.adminPermissions.includes(permission.name)) {
      return listedFor('admin', isAdmin, this.config.adminGroups);
    }

    if (isPermission(permission, explainPermission)) {
      return isAdmin
        ? {
            decision: ALLOW,
            rule: 'admin-only',
            reason: "admins may see every user's permissions",
          }
        : {
            decision: DENY,
            rule: 'admin-only',
            reason: `only members of an adminGroup (${groups(
              this.config.adminGroups,
            )})`,
          };
    }

    if (isPermission(permission, catalogEntityReadPermission)) {
      // Everyone reads the catalog; templates a user may not run are hidden.
      if (isTemplateRunner) {
        return {
          decision: ALLOW,
          rule: 'catalog-read',
          reason:
            'every signed-in user reads the catalog; template runners also see Templates',
        };
      }
      return {
        decision: createCatalogConditionalDecision(permission, {
          not: catalogConditions.isEntityKind({ kinds: ['Template'] }),
        }),
        rule: 'catalog-read-hide-templates',
        reason: `reads every entity except Templates: not in a templateRunnerGroup (${groups(
          this.config.templateRunnerGroups,
        )})`,
      };
    }

    if (
      isPermission(permission, catalogEntityRefreshPermission) ||
      isPermission(permission, catalogEntityDeletePermission)
    ) {
      if (isAdmin) {
        return {
          decision: ALLOW,
          rule: 'entity-admin',
          reason: 'admins refresh and unregister any entity',
        };
      }
      return {
        decision: createCatalogConditionalDecision(
          permission,
          catalogConditions.isEntityOwner({ claims }),
        ),
        rule: 'entity-owner',
        reason:
          'only entities owned by the user or one of their groups (isEntityOwner); not an admin',
      };
    }

    if (
      isPermission(permission, catalogLocationCreatePermission) ||
      isPermission(permission, catalogEntityCreatePermission)
    ) {
      // Basic permissions: a location has no owner before it is read, so
      // there is nothing to make a conditional decision on. Template runners
      // need it because `catalog:register` registers the new repository with
      // the credentials of the user who ran the template.
      return isTemplateRunner
        ? {
            decision: ALLOW,
            rule: 'location-create-runner',
            reason:
              'template runners and admins register locations (catalog:register)',
          }
        : {
            decision: DENY,
            rule: 'location-create-runner',
            reason: `registering needs a templateRunnerGroup (${groups(
              this.config.templateRunnerGroups,
            )}) or an adminGroup`,
          };
    }

    if (
      isPermission(permission, catalogLocationDeletePermission) ||
      isPermission(permission, unprocessedEntitiesDeletePermission)
    ) {
      // Removing a location unregisters every entity it produced, whoever
      // owns them; an unprocessed entity has no owner yet to check.
      return isAdmin
        ? {
            decision: ALLOW,
            rule: 'admin-only',
            reason: 'member of an adminGroup',
          }
        : {
            decision: DENY,
            rule: 'admin-only',
            reason: `only members of an adminGroup (${groups(
              this.config.adminGroups,
            )})`,
          };
    }

    if (isPermission(permission, taskCreatePermission)) {
      return isTemplateRunner
        ? {
            decision: ALLOW,
            rule: 'template-runner',
            reason: isAdmin
              ? 'member of an adminGroup'
              : 'member of a templateRunnerGroup',
          }
        : {
            decision: DENY,
            rule: 'template-runner',
            reason: `not a member of a templateRunnerGroup (${groups(
              this.config.templateRunnerGroups,
            )}) or an adminGroup`,
          };
    }

    return {
      decision: ALLOW,
      rule: 'default-allow',
      reason: 'no rule of the Acme policy restricts this permission',
    };
  }

  private hasGroup(claims: string[], groups: string[]): boolean {
    return claims.some(claim =>
      groups.includes(claim.toLocaleLowerCase('en-US')),
    );
  }
}
