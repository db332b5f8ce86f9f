import { createRouteRef } from '@backstage/frontend-plugin-api';

/** `/golden-paths`: the fleet page. */
export const rootRouteRef = createRouteRef();
