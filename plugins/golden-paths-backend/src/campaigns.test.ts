import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { UpgradeCampaign } from '@internal/backstage-plugin-golden-paths-common';
import { AddressInfo } from 'node:net';
import goldenPathsPlugin from './index';

jest.setTimeout(60_000);

const template: Entity = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: {
    name: 'python-fastapi-service',
    title: 'Python FastAPI service',
    annotations: { 'acme.io/template-version': '2.0.0' },
  },
  spec: { type: 'service', steps: [] },
};

/** A service made from the FastAPI golden path, in no repository of this portal. */
const service = (name: string, version: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    annotations: {
      'backstage.io/source-template': 'template:default/python-fastapi-service',
      'acme.io/template-version': version,
    },
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/team-checkout',
  },
});

describe('POST /api/golden-paths/campaigns', () => {
  it('starts a campaign for the services behind, answers at once, and shows its progress until every service has its outcome', async () => {
    let allowed = false;
    const auditor = mockServices.auditor.mock();
    const backend = await startTestBackend({
      features: [
        goldenPathsPlugin,
        catalogServiceMock.factory({
          entities: [
            template,
            service('orders', '1.3.0'),
            service('billing', '1.2.0'),
            service('payments', '2.0.0'),
          ],
        }),
        mockServices.permissions.mock({
          authorize: async requests =>
            requests.map(() => ({
              result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
            })),
        }).factory,
        auditor.factory,
        mockServices.rootConfig.factory({
          data: {
            goldenPaths: {
              captureSchedule: {
                frequency: { hours: 24 },
                timeout: { minutes: 5 },
                initialDelay: { hours: 24 },
              },
            },
          },
        }),
      ],
    });
    const baseUrl = `http://127.0.0.1:${
      (backend.server.address() as AddressInfo).port
    }/api/golden-paths`;
    const api = async (method: string, url: string, body?: unknown) => {
      const res = await fetch(`${baseUrl}${url}`, {
        method,
        headers: {
          authorization: mockCredentials.user.header(),
          'content-type': 'application/json',
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: await res.json() };
    };

    try {
      const request = {
        templateRef: 'template:default/python-fastapi-service',
      };
      const denied = await api('POST', '/campaigns', request);
      expect(denied.status).toBe(403);
      expect(denied.body.error.message).toContain(
        'golden-paths.upgrade.create',
      );

      allowed = true;
      const malformed = await api('POST', '/campaigns', {
        templateRef: 'template:default/python-fastapi-service',
        belowVersion: 'latest',
      });
      expect(malformed.status).toBe(400);
      expect(malformed.body.error.message).toContain(
        'belowVersion: a version such as 1.3.0',
      );

      const started = await api('POST', '/campaigns', request);
      expect(started.status).toBe(201);
      expect(started.body).toMatchObject({
        templateRef: 'template:default/python-fastapi-service',
        toVersion: '2.0.0',
        createdBy: 'user:default/mock',
        total: 2,
      });
      expect(auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({
          eventId: 'golden-path-upgrade-campaign',
          meta: { templateRef: 'template:default/python-fastapi-service' },
        }),
      );

      // Neither service is in a repository of this portal: each fails with
      // the engine's reason, the campaign goes through both.
      let progress: UpgradeCampaign = started.body;
      for (let i = 0; i < 100 && progress.status === 'running'; i++) {
        await new Promise(r => setTimeout(r, 100));
        progress = (await api('GET', `/campaigns/${started.body.id}`)).body;
      }
      expect(progress).toMatchObject({
        status: 'failed',
        total: 2,
        done: 2,
        counts: { clean: 0, conflicts: 0, upToDate: 0, failed: 2 },
        failures: [
          {
            entityRef: 'component:default/billing',
            message: expect.stringContaining('component:default/billing'),
          },
          {
            entityRef: 'component:default/orders',
            message: expect.stringContaining('component:default/orders'),
          },
        ],
      });
      const listed = await api(
        'GET',
        '/campaigns?templateRef=template:default/python-fastapi-service',
      );
      expect(listed.body.items.map((c: UpgradeCampaign) => c.id)).toEqual([
        started.body.id,
      ]);

      // only the services below 1.3.0
      const below = await api('POST', '/campaigns', {
        ...request,
        belowVersion: '1.3.0',
      });
      expect(below.status).toBe(201);
      expect(below.body.total).toBe(1);
      const items = await api('GET', `/campaigns/${below.body.id}/items`);
      expect(
        items.body.items.map((i: { entityRef: string }) => i.entityRef),
      ).toEqual(['component:default/billing']);

      expect((await api('GET', '/campaigns/nope')).status).toBe(404);
    } finally {
      await backend.stop();
    }
  });
});
