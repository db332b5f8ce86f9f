import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The permission explainer page. */
export const rootRouteRef = createRouteRef();
