import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { AcmePermissionPolicy } from './policy/AcmePermissionPolicy';
import { readAcmePolicyConfig } from './policy/config';
import { createExplainRouter } from './router';

/**
 * Installs the Acme permission policy (roles from `permission.acme`) in the
 * permission backend, in place of the allow-all policy, and the admins'
 * "what can this user do, and why" endpoint
 * (GET /api/permission/acme/explain).
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
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        catalog: catalogServiceRef,
      },
      async init({
        policy,
        config,
        logger,
        userInfo,
        httpRouter,
        httpAuth,
        auth,
        permissions,
        catalog,
      }) {
        const roles = readAcmePolicyConfig(config);
        logger.info(
          `Acme permission policy: admins ${
            roles.adminGroups.join(', ') || '(none)'
          }; template runners ${
            roles.templateRunnerGroups.join(', ') || '(none)'
          }; platform ${roles.platformGroups.join(', ') || '(none)'}`,
        );
        const acmePolicy = new AcmePermissionPolicy(roles, userInfo);
        policy.setPolicy(acmePolicy);
        httpRouter.use(
          createExplainRouter({
            policy: acmePolicy,
            config: roles,
            httpAuth,
            auth,
            permissions,
            catalog,
          }),
        );
      },
    });
  },
});
