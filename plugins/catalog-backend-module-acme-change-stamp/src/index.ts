/**
 * The catalog's change stamp, `GET /api/catalog/acme/change-stamp`.
 *
 * @packageDocumentation
 */

export { catalogModuleAcmeChangeStamp as default } from './module';
