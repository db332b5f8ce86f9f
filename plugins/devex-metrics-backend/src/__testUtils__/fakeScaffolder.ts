import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import Router from 'express-promise-router';

export interface SeededTask {
  id: string;
  status: string;
  createdAt: string;
  template: string;
  name: string;
}

/**
 * A stand-in `scaffolder` plugin serving GET /api/scaffolder/v2/tasks the way
 * the real one does (limit/offset paging, `{ tasks, totalTasks }`, service
 * tokens only), so the devex plugin's real HTTP client, discovery and token
 * handling are exercised. `requests` records what it was asked.
 */
export function fakeScaffolderPlugin(tasks: SeededTask[]) {
  const requests: { query: Record<string, unknown>; principal: string }[] = [];
  const plugin = createBackendPlugin({
    pluginId: 'scaffolder',
    register(env) {
      env.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
        },
        async init({ httpRouter, httpAuth }) {
          const router = Router();
          router.get('/v2/tasks', async (req, res) => {
            const credentials = await httpAuth.credentials(req, {
              allow: ['service'],
            });
            requests.push({
              query: req.query,
              principal: credentials.principal.subject,
            });
            const limit = Number(req.query.limit ?? tasks.length);
            const offset = Number(req.query.offset ?? 0);
            res.json({
              tasks: tasks.slice(offset, offset + limit).map(t => ({
                id: t.id,
                status: t.status,
                createdAt: t.createdAt,
                lastHeartbeatAt: t.createdAt,
                createdBy: 'user:default/someone',
                spec: {
                  apiVersion: 'scaffolder.backstage.io/v1beta3',
                  templateInfo: { entityRef: t.template },
                  parameters: { name: t.name, owner: 'group:default/platform' },
                  steps: [],
                  output: {},
                },
              })),
              totalTasks: tasks.length,
            });
          });
          httpRouter.use(router);
        },
      });
    },
  });
  return { plugin, requests };
}
