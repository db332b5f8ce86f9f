import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { AcmePermissionPolicy } from './policy/AcmePermissionPolicy';
import { readAcmePolicyConfig } from './policy/config';

/**
 * Installs the Acme permission policy (roles from `permission.acme`) in the
 * permission backend, in place of the allow-all policy.
 */
export const permissionModuleAcmePolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'acme-policy',
  register({ registerInit }) {
    registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        userInfo: coreServices.userInfo,
      },
      async init({ policy, config, logger, userInfo }) {
        const roles = readAcmePolicyConfig(config);
        logger.info(
          `Acme permission policy: admins ${
            roles.adminGroups.join(', ') || '(none)'
          }; template runners ${
            roles.templateRunnerGroups.join(', ') || '(none)'
          }; platform ${roles.platformGroups.join(', ') || '(none)'}`,
        );
        policy.setPolicy(new AcmePermissionPolicy(roles, userInfo));
      },
    });
  },
});
