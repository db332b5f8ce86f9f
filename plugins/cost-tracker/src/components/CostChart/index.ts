export { CostChart, useCategoryColors } from './CostChart';
