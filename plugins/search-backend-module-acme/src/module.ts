import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { defaultCatalogCollatorEntityTransformer } from '@backstage/plugin-search-backend-module-catalog';
import { PgSearchEngine } from '@backstage/plugin-search-backend-module-pg';
import { catalogChangeStampReader } from '@internal/backstage-plugin-portal-node';
import {
  LunrSearchEngine,
  SearchEngine,
} from '@backstage/plugin-search-backend-node';
import {
  searchEngineRegistryExtensionPoint,
  searchIndexRegistryExtensionPoint,
  searchIndexServiceRef,
} from '@backstage/plugin-search-backend-node/alpha';
import { CatalogCollatorFactory } from './catalog/CatalogCollatorFactory';
import { CatalogSettledGate } from './catalog/CatalogSettledGate';
import { readAcmeSearchSettings } from './config';
import { AcmeSearchEngine } from './engine/AcmeSearchEngine';
import { IndexRunPlans } from './engine/indexRuns';
import { SkipUnchangedCollatorFactory } from './engine/SkipUnchangedCollatorFactory';
import { createLunrTranslator } from './engine/ranking';
import { createRouter } from './router';
import { DatabaseIndexStatusStore } from './status/DatabaseIndexStatusStore';
import {
  IndexStatusStore,
  MemoryIndexStatusStore,
} from './status/IndexStatusStore';
import { TechDocsPrebuilder } from './techdocs/TechDocsPrebuilder';

/** Id of the scheduled task that builds missing TechDocs. */
export const TECHDOCS_PREBUILD_TASK_ID = 'search-acme-techdocs-prebuild';

/**
 * The portal's search engine: PostgreSQL when the database is PostgreSQL
 * (every replica answers the same), otherwise Lunr in memory, with index
 * status (`GET /api/search/index-status`), no error for an index that does
 * not exist yet, exact title and name matches first, collators that wait for
 * the catalog to settle, catalog documents that carry the entity name, and
 * missing TechDocs built in the background. Replaces
 * `@backstage/plugin-search-backend-module-pg` (only one engine may be set).
 */
export const searchModuleAcme = createBackendModule({
  pluginId: 'search',
  moduleId: 'acme',
  register(reg) {
    reg.registerInit({
      deps: {
        auth: coreServices.auth,
        config: coreServices.rootConfig,
        database: coreServices.database,
        discovery: coreServices.discovery,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
        searchEngineRegistry: searchEngineRegistryExtensionPoint,
        searchIndexRegistry: searchIndexRegistryExtensionPoint,
        searchIndexService: searchIndexServiceRef,
      },
      async init({
        auth,
        config,
        database,
        discovery,
        httpAuth,
        httpRouter,
        logger,
        scheduler,
        catalog,
        searchEngineRegistry,
        searchIndexRegistry,
        searchIndexService,
      }) {
        const settings = readAcmeSearchSettings(config);

        let engine: SearchEngine;
        let store: IndexStatusStore;
        if (await PgSearchEngine.supported(database)) {
          engine = await PgSearchEngine.fromConfig(config, {
            database,
            logger,
          });
          store = await DatabaseIndexStatusStore.create(database);
          logger.info('Search engine: PostgreSQL');
        } else {
          const lunr = new LunrSearchEngine({ logger });
          lunr.setTranslator(createLunrTranslator(logger));
          engine = lunr;
          store = new MemoryIndexStatusStore();
          logger.info('Search engine: Lunr (in memory; not for production)');
        }

        const gate = new CatalogSettledGate({
          catalog,
          auth,
          logger,
          ...settings.catalogSettle,
        });
        const prebuildEnabled = settings.prebuild.enabled;
        const plans = new IndexRunPlans();

        searchEngineRegistry.setSearchEngine(
          new AcmeSearchEngine({
            engine,
            store,
            logger,
            rerankWindow: settings.rerankWindow,
            countsAsReady: async type =>
              type !== 'techdocs' ||
              !prebuildEnabled ||
              Boolean((await store.getPrebuild())?.firstPassCompletedAt),
            plans,
          }),
        );

        const catalogCollator = CatalogCollatorFactory.fromConfig(config, {
          catalog,
          auth,
          // Entities with a title are found by their name too.
          entityTransformer: entity => ({
            ...defaultCatalogCollatorEntityTransformer(entity),
            name: entity.metadata.name,
          }),
        });
        searchIndexRegistry.addCollator({
          schedule: scheduler.createScheduledTaskRunner(
            settings.catalogCollatorSchedule,
          ),
          factory: settings.catalogChangeCheck.enabled
            ? new SkipUnchangedCollatorFactory({
                inner: catalogCollator,
                readSourceStamp: catalogChangeStampReader({ auth, discovery }),
                store,
                plans,
                reindexAfterMs: settings.catalogChangeCheck.reindexAfterMs,
                logger,
              })
            : catalogCollator,
        });

        searchIndexRegistry.addDecorator({
          factory: gate.decoratorFactory(['software-catalog', 'techdocs']),
        });

        if (prebuildEnabled) {
          const prebuilder = new TechDocsPrebuilder({
            catalog,
            auth,
            discovery,
            scheduler,
            logger,
            store,
            waitForCatalog: () => gate.waitUntilSettled(),
          });
          await scheduler.scheduleTask({
            id: TECHDOCS_PREBUILD_TASK_ID,
            ...settings.prebuild.schedule,
            fn: signal => prebuilder.run(signal),
          });
        }

        httpRouter.use(
          await createRouter({
            store,
            httpAuth,
            prebuildEnabled,
            documentTypes: () =>
              Object.keys(searchIndexService.getDocumentTypes()),
          }),
        );
      },
    });
  },
});
