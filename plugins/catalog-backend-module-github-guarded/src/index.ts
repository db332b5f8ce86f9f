/**
 * Catalog from GitHub, guarded: repository discovery applied page by page and
 * the organisation's teams and members, run with retries and backoff, each
 * attempt cancelled for real when it runs out of time, never wiping what the
 * catalog has; their health at GET /api/catalog/github-ingestion, stored in
 * the catalog's database so every replica reports the same.
 *
 * @packageDocumentation
 */

export { catalogModuleGithubGuarded as default } from './module';
