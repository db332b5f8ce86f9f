import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import { auditorServiceFactory } from '../src';

// Runs the audit plugin with the real catalog (`yarn start` in this package),
// every caller allowed, records forwarded to .local-data/audit-dev/audit.jsonl:
//
//   curl -X POST http://localhost:7007/api/catalog/refresh \
//     -H 'Content-Type: application/json' -d '{"entityRef":"component:default/x"}'
//   curl 'http://localhost:7007/api/audit/events?action=catalog'

const backend = createBackend();

backend.add(mockServices.auth.factory());
backend.add(mockServices.httpAuth.factory());
backend.add(mockServices.permissions.factory());
backend.add(
  mockServices.rootConfig.factory({
    data: {
      audit: {
        sink: { file: { path: '../../.local-data/audit-dev/audit.jsonl' } },
      },
    },
  }),
);
backend.add(auditorServiceFactory);
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('../src'));

backend.start();
