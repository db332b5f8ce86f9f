import { createRouteRef } from '@backstage/frontend-plugin-api';

/** `/crossplane`, the claims page. */
export const rootRouteRef = createRouteRef();
