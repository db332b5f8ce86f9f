/*
 * A backend for src/durability.test.ts, run in a child process (node with
 * @backstage/cli's nodeTransform require hook) so that the test can SIGKILL
 * it: the audit plugin with our auditor, and a plugin `burst` whose route
 * performs an audited action and answers 200 only once `success()` resolved,
 * and tells how many actions called `success()` (GET /api/burst/stats).
 *
 * Its config is JSON in AUDIT_DURABILITY_CONFIG.
 */
import { createBackend } from '@backstage/backend-defaults';
import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { auditPlugin } from '../plugin';
import { auditorServiceFactory } from '../trail/serviceFactories';

const burstPlugin = createBackendPlugin({
  pluginId: 'burst',
  register(env) {
    env.registerInit({
      deps: {
        auditor: coreServices.auditor,
        httpRouter: coreServices.httpRouter,
      },
      async init({ auditor, httpRouter }) {
        const router = Router();
        router.use(express.json());
        // actions whose work is done and whose success() was called (it
        // resolves once the record is committed; the answer comes after)
        let successCalls = 0;
        router.get('/stats', (_req, res) => {
          res.json({ successCalls });
        });
        // POST /api/burst/actions/:id?workMs=N: an action taking N ms
        router.post('/actions/:id', async (req, res) => {
          const workMs = Number(req.query.workMs ?? 0);
          if (!Number.isFinite(workMs) || workMs < 0 || workMs > 10_000) {
            throw new InputError('workMs must be 0-10000');
          }
          const event = await auditor.createEvent({
            eventId: 'action',
            severityLevel: 'medium',
            request: req,
            meta: { actionId: req.params.id },
          });
          try {
            await new Promise(done => setTimeout(done, workMs));
            successCalls++;
            await event.success();
          } catch (error) {
            await event.fail({ error: error as Error });
            throw error;
          }
          res.json({ id: req.params.id, done: true });
        });
        httpRouter.use(router);
        httpRouter.addAuthPolicy({ path: '/', allow: 'unauthenticated' });
      },
    });
  },
});

const config = JSON.parse(process.env.AUDIT_DURABILITY_CONFIG ?? '{}');

const backend = createBackend();
backend.add(
  createServiceFactory({
    service: coreServices.rootConfig,
    deps: {},
    factory: () => new ConfigReader(config),
  }),
);
backend.add(auditorServiceFactory);
backend.add(auditPlugin);
backend.add(burstPlugin);
backend.start().catch(error => {
  // eslint-disable-next-line no-console
  console.error(error);
  process.exit(1);
});
