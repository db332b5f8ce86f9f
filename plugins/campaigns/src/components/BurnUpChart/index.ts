export { BurnUpChart } from './BurnUpChart';
