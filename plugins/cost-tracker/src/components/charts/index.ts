export {
  CATEGORIES,
  DailyCostChart,
  useCategoryColors,
} from './DailyCostChart';
export { TeamCostChart } from './TeamCostChart';
