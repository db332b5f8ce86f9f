export { ClaimsPage } from './ClaimsPage';
