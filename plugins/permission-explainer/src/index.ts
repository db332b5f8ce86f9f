export { permissionExplainerPlugin as default } from './plugin';
export {
  permissionExplainerApiRef,
  PermissionExplainerClient,
} from './api/PermissionExplainerApi';
export type {
  CatalogUser,
  PermissionExplainerApi,
} from './api/PermissionExplainerApi';
