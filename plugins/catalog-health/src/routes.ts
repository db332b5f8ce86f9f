import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The catalog health page. */
export const rootRouteRef = createRouteRef();
