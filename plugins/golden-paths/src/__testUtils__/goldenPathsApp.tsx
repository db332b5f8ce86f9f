import { ReactElement } from 'react';
import { Entity } from '@backstage/catalog-model';
import {
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  FleetTemplate,
  ServiceGoldenPath,
  ServiceUpgrade,
  UpgradeCampaign,
} from '@internal/backstage-plugin-golden-paths-common';
import { setupServer } from 'msw/node';
import { goldenPathsApiRef, GoldenPathsClient } from '../api/GoldenPathsApi';

export const BASE = 'http://backend.test/api/golden-paths';

export const orders: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders',
    namespace: 'default',
    annotations: {
      'backstage.io/source-template': 'template:default/python-fastapi-service',
      'acme.io/template-version': '1.3.0',
      'acme.io/golden-path-record': '.backstage/golden-path.json',
      'backstage.io/source-location':
        'url:https://github.example/acme/orders/tree/main/',
    },
  },
  spec: {
    type: 'service',
    lifecycle: 'experimental',
    owner: 'group:default/team-checkout',
  },
};

export const conflictedUpgrade: ServiceUpgrade = {
  entityRef: 'component:default/orders',
  templateRef: 'template:default/python-fastapi-service',
  fromVersion: '1.3.0',
  toVersion: '2.0.0',
  branch: 'golden-path/upgrade',
  commit: 'c0ffee'.padEnd(40, '0'),
  state: 'conflicts',
  review: 'open',
  conflicts: [{ path: 'Dockerfile', reason: 'both-changed' }],
  changedFiles: ['Dockerfile', 'chart/values.yaml'],
  baseVerified: true,
  updatedAt: '2026-12-06T10:00:00.000Z',
};

export const ordersBehind: ServiceGoldenPath = {
  entityRef: 'component:default/orders',
  templateRef: 'template:default/python-fastapi-service',
  templateTitle: 'Python FastAPI service',
  version: '1.3.0',
  latestVersion: '2.0.0',
  missedChanges: [
    {
      version: '2.0.0',
      date: '2026-12-20',
      notes:
        '- New question "Log level", set in the chart.\n- CI checks licences.',
    },
  ],
};

export const fleet: FleetTemplate[] = [
  {
    templateRef: 'template:default/python-fastapi-service',
    title: 'Python FastAPI service',
    latestVersion: '2.0.0',
    versions: [
      { version: '2.0.0', services: 1 },
      { version: '1.3.0', services: 2 },
    ],
    services: [
      {
        entityRef: 'component:default/billing',
        title: 'billing',
        owner: 'group:default/team-payments',
        version: '1.3.0',
      },
      {
        entityRef: 'component:default/orders',
        title: 'orders',
        owner: 'group:default/team-checkout',
        version: '1.3.0',
        upgrade: {
          state: 'conflicts',
          review: 'open',
          toVersion: '2.0.0',
          conflicts: conflictedUpgrade.conflicts,
        },
      },
      {
        entityRef: 'component:default/payments',
        title: 'payments',
        owner: 'group:default/team-payments',
        version: '2.0.0',
      },
    ],
  },
  {
    templateRef: 'template:default/go-service',
    title: 'Go service',
    latestVersion: '2.0.0',
    versions: [],
    services: [],
  },
];

/** An upgrade campaign of the FastAPI golden path, one service of two done. */
export const runningCampaign: UpgradeCampaign = {
  id: 'campaign-1',
  templateRef: 'template:default/python-fastapi-service',
  toVersion: '2.0.0',
  createdBy: 'user:default/alice',
  createdAt: '2026-12-21T09:00:00.000Z',
  status: 'running',
  total: 2,
  done: 1,
  counts: { clean: 0, conflicts: 1, upToDate: 0, failed: 0 },
  failures: [],
};

/** The same campaign once both services have their outcome. */
export const finishedCampaign: UpgradeCampaign = {
  ...runningCampaign,
  status: 'completed',
  finishedAt: '2026-12-21T09:03:00.000Z',
  done: 2,
  counts: { clean: 0, conflicts: 1, upToDate: 0, failed: 1 },
  failures: [
    {
      entityRef: 'component:default/billing',
      message: 'template:default/python-fastapi-service 1.3.0 was never stored',
    },
  ],
};

/**
 * The FastAPI golden path with services on GitHub: orders' upgrade has a
 * pull request, payments merged its upgrade, legacy's was closed.
 */
export const fleetOnGitHub: FleetTemplate = {
  templateRef: 'template:default/python-fastapi-service',
  title: 'Python FastAPI service',
  latestVersion: '2.0.0',
  versions: [
    { version: '2.0.0', services: 1 },
    { version: '1.3.0', services: 1 },
    { version: '1.2.0', services: 1 },
  ],
  services: [
    {
      entityRef: 'component:default/legacy',
      title: 'legacy',
      owner: 'group:default/team-payments',
      version: '1.2.0',
      upgrade: {
        state: 'clean',
        review: 'closed',
        toVersion: '2.0.0',
        conflicts: [],
        pullRequest: {
          number: 7,
          url: 'https://github.example/acme/legacy/pull/7',
        },
      },
    },
    {
      entityRef: 'component:default/orders',
      title: 'orders',
      owner: 'group:default/team-checkout',
      version: '1.3.0',
      upgrade: {
        state: 'conflicts',
        review: 'open',
        toVersion: '2.0.0',
        conflicts: conflictedUpgrade.conflicts,
        pullRequest: {
          number: 42,
          url: 'https://github.example/acme/orders/pull/42',
        },
      },
    },
    {
      entityRef: 'component:default/payments',
      title: 'payments',
      owner: 'group:default/team-payments',
      version: '2.0.0',
      upgrade: {
        state: 'clean',
        review: 'merged',
        toVersion: '2.0.0',
        conflicts: [],
        pullRequest: {
          number: 3,
          url: 'https://github.example/acme/payments/pull/3',
        },
      },
    },
  ],
};

/**
 * The golden-paths backend as msw handlers (set per test), and a render for
 * a member of the platform team or not. usePermission caches decisions per
 * test file (SWR), so one file tests one kind of user.
 */
export function setupGoldenPathsApp() {
  const server = setupServer();
  registerMswTestHooks(server);

  const render = (element: ReactElement, platformTeam: boolean) =>
    renderInTestApp(
      <EntityProvider entity={orders}>{element}</EntityProvider>,
      {
        apis: [
          [
            goldenPathsApiRef,
            new GoldenPathsClient({
              discoveryApi: {
                getBaseUrl: async id => `http://backend.test/api/${id}`,
              },
              fetchApi: { fetch: (input, init) => fetch(input, init) },
            }),
          ],
          mockApis.permission({
            authorize: platformTeam
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
          }),
        ],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );

  return { server, render };
}
