import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The cost page: `?entity=<ref>` for a team or system, else top spenders. */
export const rootRouteRef = createRouteRef();
