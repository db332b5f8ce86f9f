export { DevexDashboardPage } from './DevexDashboardPage';
