import type { GithubIngestionResponse } from '@internal/backstage-plugin-catalog-health-common';
import express from 'express';
import Router from 'express-promise-router';
import { ProviderHealthStore } from './database/ProviderHealthStore';

/**
 * `GET /github-ingestion` (under the catalog, so /api/catalog/github-ingestion):
 * the providers this backend has configured, with their last run as stored
 * by whichever replica ran it. Behind the catalog's default auth policy (a
 * user or service token).
 */
export function createRouter(options: {
  store: ProviderHealthStore;
  /** Names of the configured providers, in the order to report them. */
  providers: () => string[];
}): express.Router {
  const router = Router();
  router.get('/github-ingestion', async (_req, res) => {
    const body: GithubIngestionResponse = {
      providers: await options.store.list(options.providers()),
    };
    res.json(body);
  });
  return router;
}
