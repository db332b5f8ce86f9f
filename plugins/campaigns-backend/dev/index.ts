import { createBackend } from '@backstage/backend-defaults';
import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import Router from 'express-promise-router';
import { component, group, scorecard } from '../src/__testUtils__/fixtures';

// The campaigns plugin on its own, with a small catalog, a stand-in for the
// devex-metrics plugin's scorecards, and notifications printed to the log.
// `yarn start` in this folder, then for example:
//
//   curl http://localhost:7007/api/campaigns/campaigns
//   curl http://localhost:7007/api/campaigns/campaigns/example-checkout-gold
//   curl http://localhost:7007/api/campaigns/campaigns -H 'Content-Type: application/json' \
//     -d '{"title":"Runbooks","scope":{"kind":"Component"},"target":{"type":"check","check":"runbook"},"startDate":"2026-12-01","deadline":"2027-01-31"}'

const team = 'group:default/team-checkout';
const system = 'system:default/checkout';

const backend = createBackend();
backend.add(mockServices.auth.factory());
backend.add(mockServices.httpAuth.factory());
backend.add(mockServices.permissions.factory());
backend.add(
  catalogServiceMock.factory({
    entities: [
      component('cart-service', { owner: team, system }, { title: 'Cart' }),
      component('order-service', { owner: team, system }, { title: 'Orders' }),
      component(
        'checkout-web',
        { owner: team, system },
        { title: 'Checkout web' },
      ),
      group('team-checkout', 'Checkout'),
    ],
  }),
);
backend.add(
  createServiceFactory({
    service: notificationService,
    deps: { logger: coreServices.rootLogger },
    factory: ({ logger }) => ({
      send: async options => {
        logger.info(`notification: ${JSON.stringify(options)}`);
      },
    }),
  }),
);
backend.add(
  createBackendPlugin({
    pluginId: 'devex-metrics',
    register(env) {
      env.registerInit({
        deps: { httpRouter: coreServices.httpRouter },
        async init({ httpRouter }) {
          const router = Router();
          router.get('/dashboard', (_req, res) => {
            res.json({
              scorecards: [
                scorecard('component:default/cart-service', team),
                scorecard('component:default/order-service', team, ['on-call']),
                scorecard('component:default/checkout-web', team, ['runbook']),
              ],
            });
          });
          httpRouter.use(router);
        },
      });
    },
  }),
);
backend.add(import('../src'));
backend.start();
