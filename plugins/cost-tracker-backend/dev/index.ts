import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { writeDemoFocusExport } from './demoCosts';

// Runs the cost tracker alone, with a one-component catalog and a generated
// FOCUS export (`yarn start` in this package), then:
//
//   curl http://localhost:7007/api/cost-tracker/ingestion/status
//   curl http://localhost:7007/api/cost-tracker/costs/component/default/sample
//   curl 'http://localhost:7007/api/cost-tracker/top?limit=5'
//
// Add costTracker.opencost.baseUrl to ingest from a real OpenCost.

const focusDirectory = '../../.local-data/cost-tracker-dev/focus';
const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'sample',
      annotations: { 'backstage.io/kubernetes-id': 'sample' },
    },
    spec: { type: 'service', owner: 'group:default/team-a' },
  },
];
writeDemoFocusExport({
  entities,
  file: `${focusDirectory}/demo-export.csv`,
  today: new Date().toISOString().slice(0, 10),
});

const backend = createBackend();

backend.add(mockServices.auth.factory());
backend.add(mockServices.httpAuth.factory());
backend.add(
  mockServices.rootConfig.factory({
    data: {
      costTracker: {
        focus: { directories: [focusDirectory] },
      },
    },
  }),
);
backend.add(catalogServiceMock.factory({ entities }));
backend.add(import('../src'));

backend.start();
