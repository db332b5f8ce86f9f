import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { IndexStatusStore } from './status/IndexStatusStore';

/** Building the TechDocs of every entity, as reported with the `techdocs` type. */
export type PrebuildStatus = {
  /** Entities with TechDocs found by the current or last pass. */
  entities: number;
  built: number;
  /** Docs that were already generated. */
  skipped: number;
  failed: number;
  firstPassCompletedAt: string | null;
  lastError: string | null;
};

/** One document type in `GET /api/search/index-status`. */
export type IndexTypeStatus = {
  /** `software-catalog`, `techdocs`, ... (the `types` of a search query). */
  type: string;
  /**
   * `building` until a run has completed after the type's prerequisites were
   * met; results of this type may be missing or incomplete until then.
   */
  status: 'building' | 'ready';
  /** Documents in the current index. */
  documents: number;
  /** When the current index was written (ISO 8601), null if there is none. */
  lastIndexedAt: string | null;
  lastRunStartedAt: string | null;
  lastRunEndedAt: string | null;
  /** Why the last run failed; null if it did not. */
  lastError: string | null;
  /** Only for `techdocs` while TechDocs are built at start. */
  prebuild?: PrebuildStatus;
};

/** Body of `GET /api/search/index-status`. */
export type IndexStatusResponse = {
  /** Every type is `ready`. */
  ready: boolean;
  types: IndexTypeStatus[];
};

const iso = (date?: Date) => (date ? date.toISOString() : null);

export async function createRouter(options: {
  store: IndexStatusStore;
  httpAuth: HttpAuthService;
  /** The document types that have a collator. */
  documentTypes: () => string[];
  prebuildEnabled: boolean;
}): Promise<express.Router> {
  const { store, httpAuth, documentTypes, prebuildEnabled } = options;
  const router = Router();

  router.get('/index-status', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const records = new Map(
      (await store.listIndexes()).map(record => [record.type, record]),
    );
    const prebuild = prebuildEnabled ? await store.getPrebuild() : undefined;

    const types = documentTypes()
      .sort()
      .map((type): IndexTypeStatus => {
        const record = records.get(type);
        return {
          type,
          status: record?.ready ? 'ready' : 'building',
          documents: record?.documents ?? 0,
          lastIndexedAt: iso(record?.lastIndexedAt),
          lastRunStartedAt: iso(record?.lastRunStartedAt),
          lastRunEndedAt: iso(record?.lastRunEndedAt),
          lastError: record?.lastError ?? null,
          ...(type === 'techdocs' && prebuildEnabled
            ? {
                prebuild: {
                  entities: prebuild?.entities ?? 0,
                  built: prebuild?.built ?? 0,
                  skipped: prebuild?.skipped ?? 0,
                  failed: prebuild?.failed ?? 0,
                  firstPassCompletedAt: iso(prebuild?.firstPassCompletedAt),
                  lastError: prebuild?.lastError ?? null,
                },
              }
            : {}),
        };
      });

    const body: IndexStatusResponse = {
      ready: types.every(t => t.status === 'ready'),
      types,
    };
    res.json(body);
  });

  return router;
}
