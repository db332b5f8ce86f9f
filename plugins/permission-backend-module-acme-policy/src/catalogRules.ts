import { Entity } from '@backstage/catalog-model';
import { permissionRules } from '@backstage/plugin-catalog-backend/alpha';
import { EntitiesSearchFilter } from '@backstage/plugin-catalog-node';
import { PolicyDecision } from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  PermissionRuleset,
} from '@backstage/plugin-permission-node';

/**
 * The catalog's own permission rules by name. The catalog registers them in
 * its own plugin's registry, which the permission plugin cannot read, so
 * they are taken from the catalog backend's exports.
 */
const catalogRuleset: PermissionRuleset<
  Entity,
  EntitiesSearchFilter,
  'catalog-entity'
> = {
  getRuleByName(name) {
    const rule = Object.values(permissionRules).find(r => r.name === name);
    if (!rule) {
      throw new Error(`unknown catalog permission rule ${name}`);
    }
    return rule;
  },
};

/**
 * Whether a decision allows an action on one entity, as the catalog would
 * decide it: ALLOW and DENY as they are, a conditional decision evaluated by
 * Backstage's condition authorizer with the catalog's rules.
 */
export const isAllowedOnEntity: (
  decision: PolicyDecision,
  entity: Entity,
) => boolean = createConditionAuthorizer(catalogRuleset);
