/*
 * The pagerduty backend alone, against the PagerDuty stand-in seeded with
 * the sample org (`yarn start` in this directory), on port 7017:
 *
 *   curl http://localhost:7017/api/pagerduty/entities/component/default/payment-service/on-call
 *   curl http://localhost:7017/api/pagerduty/entities/component/default/new-service/service
 *   curl http://localhost:7017/api/pagerduty/entities/component/default/payment-service/incidents \
 *     -H 'Content-Type: application/json' -d '{"title":"Payments down","reason":"Testing"}'
 *
 * Auth is mocked (every request is user:default/alice.nguyen); the catalog
 * is a fixed set of entities.
 */
import { createBackend } from '@backstage/backend-defaults';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { startFakePagerDuty } from '@internal/test-fakes';

async function main() {
  const pd = await startFakePagerDuty();
  const backend = createBackend();
  backend.add(
    mockServices.rootConfig.factory({
      data: {
        app: { title: 'Acme Developer Portal' },
        backend: { baseUrl: 'http://localhost:7017', listen: { port: 7017 } },
        pagerDuty: { apiBaseUrl: pd.baseUrl, apiToken: pd.token },
      },
    }),
  );
  backend.add(mockServices.auth.factory());
  backend.add(
    mockServices.httpAuth.factory({
      defaultCredentials: mockCredentials.user('user:default/alice.nguyen'),
    }),
  );
  backend.add(
    catalogServiceMock.factory({
      entities: [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name: 'payment-service',
            annotations: { 'pagerduty.com/service-id': 'PPAYSVC' },
          },
          spec: { type: 'service', owner: 'team-payments' },
        },
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'new-service' },
          spec: { type: 'service', owner: 'team-checkout' },
        },
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Group',
          metadata: {
            name: 'team-checkout',
            annotations: { 'pagerduty.com/service-id': 'PTCHECK' },
          },
          spec: { type: 'team', children: [] },
        },
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'User',
          metadata: { name: 'alice.nguyen' },
          spec: {
            profile: {
              displayName: 'Alice Nguyen',
              email: 'alice.nguyen@acme.example',
            },
          },
        },
      ],
    }),
  );
  backend.add(import('../src'));
  await backend.start();
}

main();
