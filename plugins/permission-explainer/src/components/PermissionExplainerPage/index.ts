export { PermissionExplainerPage } from './PermissionExplainerPage';
