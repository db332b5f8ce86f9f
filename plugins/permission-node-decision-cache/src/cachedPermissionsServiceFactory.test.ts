/*
 * The factory in a backend with the real permission backend: a plugin's
 * checks go to the policy once per user and question within the cache
 * window, and every decision, cached or not, reaches the observers before
 * the plugin gets it.
 */
import {
  coreServices,
  createBackendModule,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { ServiceUnavailableError } from '@backstage/errors';
import permissionPlugin from '@backstage/plugin-permission-backend';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import Router from 'express-promise-router';
import request from 'supertest';
import { cachedPermissionsServiceFactory } from './cachedPermissionsServiceFactory';
import {
  ObservedPermissionDecisions,
  permissionDecisionObserverServiceRef,
} from './permissionDecisionObserver';

const launchPermission = createPermission({
  name: 'probe.launch',
  attributes: { action: 'create' },
});
const ALICE = 'user:default/alice';
const CARL = 'user:default/carl';

/** The policy: alice may launch, nobody else; counts what it is asked. */
const policyCalls: string[] = [];
const policyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'probe-policy',
  register(env) {
    env.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy({
          async handle(_request, user) {
            const userEntityRef = user?.info.userEntityRef ?? 'nobody';
            policyCalls.push(userEntityRef);
            return {
              result:
                userEntityRef === ALICE
                  ? AuthorizeResult.ALLOW
                  : AuthorizeResult.DENY,
            };
          },
        });
      },
    });
  },
});

/** GET /api/probe/launch answers the caller's decision on probe.launch. */
const probePlugin = createBackendPlugin({
  pluginId: 'probe',
  register(env) {
    env.registerInit({
      deps: {
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
      },
      async init({ httpAuth, httpRouter, permissions }) {
        const router = Router();
        router.get('/launch', async (req, res) => {
          const credentials = await httpAuth.credentials(req);
          const [decision] = await permissions.authorize(
            [{ permission: launchPermission }],
            { credentials },
          );
          res.json({ result: decision.result });
        });
        httpRouter.use(router);
      },
    });
  },
});

/** What the observers saw, by plugin; throws while `failing` is set. */
const observed: Array<{ pluginId: string } & ObservedPermissionDecisions> = [];
let failing = false;
const recordingObserver = createServiceFactory({
  service: permissionDecisionObserverServiceRef,
  deps: { plugin: coreServices.pluginMetadata },
  factory: ({ plugin }) => ({
    async observe(decisions: ObservedPermissionDecisions) {
      if (failing) {
        throw new ServiceUnavailableError('the audit database is down');
      }
      observed.push({ pluginId: plugin.getId(), ...decisions });
    },
  }),
});

describe('cachedPermissionsServiceFactory', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        mockServices.rootConfig.factory({
          data: { permission: { enabled: true } },
        }),
        cachedPermissionsServiceFactory,
        recordingObserver,
        permissionPlugin,
        policyModule,
        probePlugin,
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
  });

  beforeEach(() => {
    policyCalls.length = 0;
    observed.length = 0;
    failing = false;
  });

  const launchAs = (user: string) =>
    request(backend.server)
      .get('/api/probe/launch')
      .set('Authorization', mockCredentials.user.header(user));

  it('asks the policy once for repeated checks and shows every decision to the observers', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await launchAs(CARL);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ result: AuthorizeResult.DENY });
    }
    const allowed = await launchAs(ALICE);
    expect(allowed.body).toEqual({ result: AuthorizeResult.ALLOW });

    expect(policyCalls).toEqual([CARL, ALICE]);
    const probe = observed.filter(o => o.pluginId === 'probe');
    expect(
      probe.map(o => ({
        user: (o.credentials.principal as { userEntityRef: string })
          .userEntityRef,
        permission: o.requests[0].permission.name,
        result: o.results[0].result,
      })),
    ).toEqual([
      { user: CARL, permission: 'probe.launch', result: AuthorizeResult.DENY },
      { user: CARL, permission: 'probe.launch', result: AuthorizeResult.DENY },
      { user: CARL, permission: 'probe.launch', result: AuthorizeResult.DENY },
      {
        user: ALICE,
        permission: 'probe.launch',
        result: AuthorizeResult.ALLOW,
      },
    ]);
  });

  it("fails the plugin's check when an observer fails", async () => {
    failing = true;
    const res = await launchAs(ALICE);
    expect(res.status).toBe(503);
    expect(res.body.error.message).toBe('the audit database is down');
  });
});
