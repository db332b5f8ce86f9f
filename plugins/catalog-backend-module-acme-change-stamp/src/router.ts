import {
  DatabaseService,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { readCatalogChangeStamp } from './changeStamp';

/** Routes of the module, mounted in the catalog's router (`/api/catalog`). */
export async function createRouter(options: {
  database: DatabaseService;
  httpAuth: HttpAuthService;
}): Promise<express.Router> {
  const { database, httpAuth } = options;
  const router = Router();
  router.get('/acme/change-stamp', async (req, res) => {
    // for other backend plugins: it says nothing a person needs
    await httpAuth.credentials(req, { allow: ['service'] });
    res.json(await readCatalogChangeStamp(await database.getClient()));
  });
  return router;
}
