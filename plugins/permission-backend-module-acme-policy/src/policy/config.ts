import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** Roles of the Acme permission policy, read from `permission.acme`. */
export interface AcmePolicyConfig {
  /** Entity refs whose members administer the portal. */
  adminGroups: string[];
  /** Entity refs whose members may run Software Templates. */
  templateRunnerGroups: string[];
  /** Entity refs whose members see cost and DevEx admin data. */
  platformGroups: string[];
  /** Permission names granted only to `platformGroups`. */
  platformPermissions: string[];
  /** Permission names granted only to `adminGroups` (e.g. the audit trail). */
  adminPermissions: string[];
}

/** Used when `permission.acme.platformPermissions` is not set. */
export const DEFAULT_PLATFORM_PERMISSIONS = [
  'cost-tracker.admin',
  'devex-metrics.admin',
  // the portal's own developer tools in the frontend (extension tree,
  // template editor, installed actions): packages/app/src/App.tsx
  'acme.portal.developer-tools',
  // setting campaigns for the catalog (plugins/campaigns-common); everyone
  // signed in reads them
  'campaigns.campaign.create',
  'campaigns.campaign.update',
  // upgrade branches for services on an older golden-path version
  // (plugins/golden-paths-common)
  'golden-paths.upgrade.create',
];

/** Used when `permission.acme.adminPermissions` is not set. */
export const DEFAULT_ADMIN_PERMISSIONS = ['audit.events.read'];

function readRefs(config: Config, key: string): string[] {
  const values = config.getOptionalStringArray(key) ?? [];
  return values.map(value => {
    let ref;
    try {
      // No default kind: `platform-admins` alone is ambiguous (group? user?)
      // and would silently match nobody, so it is refused.
      ref = parseEntityRef(value);
    } catch (error) {
      throw new InputError(
        `permission.acme.${key}: '${value}' is not a full entity ref such as 'group:default/platform-admins' (${error})`,
      );
    }
    return stringifyEntityRef(ref).toLocaleLowerCase('en-US');
  });
}

/**
 * Reads and validates `permission.acme`. Missing lists mean "nobody": a
 * portal without the section has no admins and no template runners, which is
 * the safe failure.
 */
export function readAcmePolicyConfig(rootConfig: Config): AcmePolicyConfig {
  const config = rootConfig.getOptionalConfig('permission.acme');
  if (!config) {
    return {
      adminGroups: [],
      templateRunnerGroups: [],
      platformGroups: [],
      platformPermissions: DEFAULT_PLATFORM_PERMISSIONS,
      adminPermissions: DEFAULT_ADMIN_PERMISSIONS,
    };
  }
  return {
    adminGroups: readRefs(config, 'adminGroups'),
    templateRunnerGroups: readRefs(config, 'templateRunnerGroups'),
    platformGroups: readRefs(config, 'platformGroups'),
    platformPermissions:
      config.getOptionalStringArray('platformPermissions') ??
      DEFAULT_PLATFORM_PERMISSIONS,
    adminPermissions:
      config.getOptionalStringArray('adminPermissions') ??
      DEFAULT_ADMIN_PERMISSIONS,
  };
}
