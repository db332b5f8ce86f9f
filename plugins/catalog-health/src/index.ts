export { catalogHealthPlugin as default } from './plugin';
export {
  catalogHealthApiRef,
  CatalogHealthClient,
} from './api/CatalogHealthApi';
export type {
  CatalogHealthApi,
  ProviderHealth,
  RateLimitBudget,
} from './api/CatalogHealthApi';
