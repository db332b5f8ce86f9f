export { CatalogHealthPage } from './CatalogHealthPage';
