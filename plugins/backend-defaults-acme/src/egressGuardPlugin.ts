import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { installEgressGuard } from './egressGuard';

/**
 * Installs the egress guard (egressGuard.ts) at start-up: outgoing
 * connections to `egressGuard.denyCidrs` (default: link-local / cloud
 * metadata addresses, DEFAULT_DENIED_CIDRS) are refused.
 */
export const egressGuardPlugin = createBackendPlugin({
  pluginId: 'egress-guard',
  register({ registerInit }) {
    registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ config, logger }) {
        const { denied } = installEgressGuard(
          config.getOptionalStringArray('egressGuard.denyCidrs'),
        );
        logger.info(
          `Egress guard: refusing connections to ${denied.join(', ')}`,
        );
      },
    });
  },
});
