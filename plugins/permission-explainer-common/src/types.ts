import type {
  PermissionCondition,
  PermissionCriteria,
} from '@backstage/plugin-permission-common';

/**
 * The policy's decision on one permission: `CONDITIONAL` means allowed only
 * on some resources (see `conditions`).
 */
export type ExplainResult = 'ALLOW' | 'DENY' | 'CONDITIONAL';

/** One permission, the policy's decision for the user and why. */
export type PermissionExplanation = {
  /** Name of the permission, e.g. `catalog.entity.refresh`. */
  permission: string;
  /** `catalog-entity` for resource permissions, absent for basic ones. */
  resourceType?: string;
  result: ExplainResult;
  /** Id of the policy rule that decided, e.g. `entity-owner`. */
  rule: string;
  /** One sentence for people: why this decision. */
  reason: string;
  /** The conditions of a conditional decision (catalog permission rules). */
  conditions?: PermissionCriteria<PermissionCondition<string>>;
  /** When an entity was given, for resource permissions: the outcome on it. */
  onEntity?: { entityRef: string; result: 'ALLOW' | 'DENY' };
};

/** The roles of `permission.acme` a user holds. */
export type ExplainRoles = {
  admin: boolean;
  templateRunner: boolean;
  platform: boolean;
};

/**
 * The answer of
 * `GET /api/permission/acme/explain?user=<user ref>[&entity=<entity ref>]`
 * (portal admins only): what the Acme permission policy decides for the
 * user on the portal's main permissions, and the rule behind each decision.
 */
export type ExplainResponse = {
  /** Ref of the User entity, e.g. `user:default/alice`. */
  user: string;
  /** What the sign-in resolver records for this user: user ref + groups. */
  ownershipEntityRefs: string[];
  roles: ExplainRoles;
  /** Ref of the entity asked about, if any. */
  entity?: string;
  decisions: PermissionExplanation[];
};
