export { costTrackerPlugin as default } from './plugin';
export {
  costTrackerApiRef,
  CostTrackerClient,
  type CostTrackerApi,
} from './api/CostTrackerApi';
