import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

// Runs the cost tracker alone, with a one-component catalog and a generated
// FOCUS export (`yarn start` in this package), then:
//
//   curl http://localhost:7007/api/cost-tracker/ingestion/status
//   curl http://localhost:7007/api/cost-tracker/costs/component/default/sample
//   curl 'http://localhost:7007/api/cost-tracker/top?limit=5'
//
// Add costTracker.opencost.baseUrl to ingest from a real OpenCost.

const backend = createBackend();

backend.add(mockServices.auth.factory());
backend.add(mockServices.httpAuth.factory());
backend.add(
  mockServices.rootConfig.factory({
    data: {
      costTracker: {
        focus: {
          directories: ['../../.local-data/cost-tracker-dev/focus'],
          demoExport:
            '../../.local-data/cost-tracker-dev/focus/demo-export.csv',
        },
      },
    },
  }),
);
backend.add(
  catalogServiceMock.factory({
    entities: [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'sample',
          annotations: { 'backstage.io/kubernetes-id': 'sample' },
        },
        spec: { type: 'service', owner: 'group:default/team-a' },
      },
    ],
  }),
);
backend.add(import('../src'));

backend.start();
