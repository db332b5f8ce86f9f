export { costTrackerPlugin as default } from './plugin';
export { costTrackerApiRef, CostTrackerClient } from './api/CostTrackerApi';
export type {
  CostTrackerApi,
  CostBasis,
  CostBreakdown,
  EntityCost,
  OrganizationCost,
  TopSpenders,
} from './api/CostTrackerApi';
