import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { pagerDutyApiRef, PagerDutyClient } from './api/PagerDutyClient';

/** The client of the pagerduty backend. */
export const pagerDutyApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: pagerDutyApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new PagerDutyClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The "On call" card (`entity-card:pagerduty/on-call`) on the overview of
 * components and systems. An info card: it sits in the overview's right
 * column, next to About, where the on-call engineer looks first.
 */
export const onCallEntityCard = EntityCardBlueprint.make({
  name: 'on-call',
  params: {
    type: 'info',
    filter: { kind: { $in: ['component', 'system'] } },
    loader: () => import('./components/OnCallCard').then(m => <m.OnCallCard />),
  },
});

/** The pagerduty frontend plugin: the "On call" entity card. */
export const pagerDutyPlugin = createFrontendPlugin({
  pluginId: 'pagerduty',
  info: { packageJson: () => import('../package.json') },
  extensions: [pagerDutyApi, onCallEntityCard],
});
