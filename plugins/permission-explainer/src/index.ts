export { permissionExplainerPlugin as default } from './plugin';
export {
  permissionExplainerApiRef,
  PermissionExplainerClient,
} from './api/PermissionExplainerApi';
export type {
  Explanation,
  PermissionExplainerApi,
  PermissionExplanation,
} from './api/PermissionExplainerApi';
