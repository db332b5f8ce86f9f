export {
  CATEGORIES,
  DailyCostChart,
  useCategoryColors,
  type DailyCost,
} from './DailyCostChart';
export { TeamCostChart } from './TeamCostChart';
