import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import Router from 'express-promise-router';

/**
 * A stand-in `pagerduty` plugin for the golden-path test, answering
 * `GET /api/pagerduty/entities/:kind/:namespace/:name/service` like the real
 * one: the entity's own `pagerduty.com/service-id`, else its owner team's
 * default service (`teamServices`), else `service: null` with a reason;
 * `{ configured: false }` while `state.configured` is false. Golden-path
 * services carry no PagerDuty id of their own: their team's default makes
 * them pass the on-call check.
 */
export function fakePagerDutyPlugin(
  teamServices: Record<string, { id: string; name: string }>,
) {
  const state = { configured: true, asked: [] as string[] };
  const plugin = createBackendPlugin({
    pluginId: 'pagerduty',
    register(env) {
      env.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
          auth: coreServices.auth,
          catalog: catalogServiceRef,
        },
        async init({ httpRouter, httpAuth, auth, catalog }) {
          const router = Router();
          router.get(
            '/entities/:kind/:namespace/:name/service',
            async (req, res) => {
              await httpAuth.credentials(req, { allow: ['service'] });
              const { kind, namespace, name } = req.params;
              const ref = `${kind}:${namespace}/${name}`;
              state.asked.push(ref);
              if (!state.configured) {
                res.json({
                  configured: false,
                  howToConfigure: 'Set pagerDuty.apiToken',
                });
                return;
              }
              const entity = await catalog.getEntityByRef(ref, {
                credentials: await auth.getOwnServiceCredentials(),
              });
              const ownerRef = (entity?.spec?.owner as string) ?? null;
              const own =
                entity?.metadata.annotations?.['pagerduty.com/service-id'];
              let service:
                | { id: string; name: string; source: string }
                | undefined;
              if (own) {
                service = { id: own, name, source: 'entity' };
              } else if (ownerRef && teamServices[ownerRef]) {
                service = { ...teamServices[ownerRef], source: 'owner' };
              }
              if (!service) {
                res.json({
                  configured: true,
                  service: null,
                  reason: `Neither ${ref} nor its owner names a PagerDuty service`,
                });
                return;
              }
              res.json({
                configured: true,
                service: {
                  ...service,
                  htmlUrl: `https://acme.pagerduty.example/service-directory/${service.id}`,
                  ownerRef,
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
