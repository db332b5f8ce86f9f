import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

// Standalone backend for this plugin: mock auth and a catalog with one
// component. Clusters come from kubernetes.clusterLocatorMethods in the
// app-config you pass (`yarn start --config ../../app-config.yaml`).
//
//   curl 'http://localhost:7007/api/crossplane/claims?entityRef=component:default/orders-api'

const backend = createBackend();

backend.add(mockServices.auth.factory());
backend.add(mockServices.httpAuth.factory());
backend.add(
  catalogServiceMock.factory({
    entities: [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'orders-api', namespace: 'default' },
        spec: {
          type: 'service',
          owner: 'team-orders',
          lifecycle: 'production',
        },
      },
    ],
  }),
);
backend.add(import('../src'));

backend.start();
