import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import Router from 'express-promise-router';

/**
 * A stand-in `pagerduty` plugin serving
 * `GET /api/pagerduty/entities/:kind/:namespace/:name/service` with the
 * answers of the real one (`{ configured: false, howToConfigure }`,
 * `{ configured: true, service: null, reason }`, `{ configured: true,
 * service }`), service tokens only. `services` maps entity refs to the
 * PagerDuty service they resolve to; `configured = false` plays a portal
 * without a PagerDuty token. `requests` records who asked for what.
 */
export function fakePagerDutyPlugin(
  services: Record<string, { id: string; name: string }>,
) {
  const state = {
    configured: true,
    requests: [] as { entityRef: string; principal: string }[],
  };
  const plugin = createBackendPlugin({
    pluginId: 'pagerduty',
    register(env) {
      env.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
        },
        async init({ httpRouter, httpAuth }) {
          const router = Router();
          router.get(
            '/entities/:kind/:namespace/:name/service',
            async (req, res) => {
              const credentials = await httpAuth.credentials(req, {
                allow: ['service'],
              });
              const { kind, namespace, name } = req.params;
              const entityRef = `${kind}:${namespace}/${name}`;
              state.requests.push({
                entityRef,
                principal: credentials.principal.subject,
              });
              if (!state.configured) {
                res.json({
                  configured: false,
                  howToConfigure: 'Set pagerDuty.apiToken',
                });
                return;
              }
              const service = services[entityRef];
              if (!service) {
                res.json({
                  configured: true,
                  service: null,
                  reason: `Neither ${entityRef} nor its owner names a PagerDuty service`,
                });
                return;
              }
              res.json({
                configured: true,
                service: {
                  ...service,
                  htmlUrl: `https://acme.pagerduty.example/service-directory/${service.id}`,
                  source: 'entity',
                  ownerRef: null,
                },
              });
            },
          );
          httpRouter.use(router);
        },
      });
    },
  });
  return { plugin, state };
}
