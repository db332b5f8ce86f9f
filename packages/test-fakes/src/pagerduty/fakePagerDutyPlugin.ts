import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import Router from 'express-promise-router';

/** A PagerDuty service as the `pagerduty` plugin names it. */
export interface FakePagerDutyPluginService {
  id: string;
  name: string;
}

/** What the stand-in `pagerduty` plugin was asked, and its switch. */
export interface FakePagerDutyPluginState {
  /** `false` plays a portal without a PagerDuty token. */
  configured: boolean;
  /** Every request: the entity asked for and the caller's principal. */
  requests: { entityRef: string; principal: string }[];
}

/**
 * A stand-in `pagerduty` backend plugin (for `startTestBackend`) answering
 * `GET /api/pagerduty/entities/:kind/:namespace/:name/service` like the real
 * one, to service tokens only:
 *
 * - `{ configured: false, howToConfigure }` while `state.configured` is false;
 * - `services[entityRef]` when the entity is listed there (`source: 'entity'`);
 * - else, with `readCatalog`, reading the entity from the catalog
 *   (`catalogServiceRef`): its own `pagerduty.com/service-id` annotation
 *   (`source: 'entity'`), or its owner's default service when the owner is
 *   listed in `services` (`source: 'owner'`);
 * - else `{ configured: true, service: null, reason }`.
 *
 * `state.requests` records who asked for what.
 */
export function fakePagerDutyPlugin(
  services: Record<string, FakePagerDutyPluginService>,
  options: {
    /** Resolve unlisted entities from the catalog, as the real plugin does. */
    readCatalog?: boolean;
  } = {},
) {
  const state: FakePagerDutyPluginState = { configured: true, requests: [] };
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
              let ownerRef: string | null = null;
              let service:
                | (FakePagerDutyPluginService & { source: string })
                | undefined;
              if (services[entityRef]) {
                service = { ...services[entityRef], source: 'entity' };
              } else if (options.readCatalog) {
                const entity = await catalog.getEntityByRef(entityRef, {
                  credentials: await auth.getOwnServiceCredentials(),
                });
                ownerRef = (entity?.spec?.owner as string | undefined) ?? null;
                const own =
                  entity?.metadata.annotations?.['pagerduty.com/service-id'];
                if (own) {
                  service = { id: own, name, source: 'entity' };
                } else if (ownerRef && services[ownerRef]) {
                  service = { ...services[ownerRef], source: 'owner' };
                }
              }
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
