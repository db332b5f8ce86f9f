export { catalogHealthPlugin as default } from './plugin';
export {
  catalogHealthApiRef,
  CatalogHealthClient,
} from './api/CatalogHealthApi';
export type { CatalogHealthApi } from './api/CatalogHealthApi';
export type {
  ProviderHealth,
  RateLimitBudget,
} from '@internal/backstage-plugin-catalog-health-common';
