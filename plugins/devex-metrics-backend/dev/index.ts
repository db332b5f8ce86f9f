import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

// Runs the plugin alone (`yarn start` in this folder) with a fixed catalog.
// The scaffolder is not part of this backend, so computations fail at the
// task list; use packages/backend for the real thing. Try:
//
//   curl -X POST http://localhost:7007/api/devex-metrics/survey \
//     -H 'Content-Type: application/json' -d '{"score": 9, "comment": "nice"}'
//   curl http://localhost:7007/api/devex-metrics/scorecard?entityRef=component:default/sample

const backend = createBackend();
backend.add(mockServices.auth.factory());
backend.add(mockServices.httpAuth.factory());
backend.add(
  catalogServiceMock.factory({
    entities: [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'sample',
          annotations: { 'backstage.io/techdocs-ref': 'dir:.' },
        },
        spec: {
          type: 'service',
          owner: 'group:default/platform',
          lifecycle: 'production',
        },
      },
    ],
  }),
);
backend.add(import('../src'));
backend.start();
