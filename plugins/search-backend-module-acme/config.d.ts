import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';
import { HumanDuration } from '@backstage/types';

export interface Config {
  search?: {
    /**
     * The portal's search set-up (plugins/search-backend-module-acme). The
     * collators' own schedules stay under `search.collators.*.schedule`.
     */
    acme?: {
      /**
       * TechDocs of every entity with `backstage.io/techdocs-ref` whose docs
       * were never generated are built in the background (one at a time,
       * through the TechDocs backend's sync endpoint), so that TechDocs
       * search finds them without anyone opening them first.
       */
      techdocsPrebuild?: {
        /**
         * Default: on when `techdocs.builder` is `local` (or unset); with an
         * external builder the docs come from CI and nothing is built here.
         */
        enabled?: boolean;
        /**
         * Default: every 10 minutes, timeout 1 hour, first run after 20
         * seconds, scope global.
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
      /**
       * The first run of each collator waits until the catalog has settled:
       * at least one entity and the entity count unchanged for `quietPeriod`
       * (default 5 s), at most `maxWait` (default 2 minutes).
       */
      catalogSettle?: {
        quietPeriod?: HumanDuration | string;
        maxWait?: HumanDuration | string;
      };
      /**
       * Each scheduled run of the catalog collator (which this module
       * registers, with the keys of `search.collators.catalog`) first asks
       * the catalog for its change stamp
       * (`@internal/backstage-plugin-catalog-backend-module-acme-change-stamp`)
       * and keeps the index when the catalog has not changed since the
       * index was written, instead of reading every entity again.
       */
      catalogChangeCheck?: {
        /** Default true. Without the catalog module every run reads all. */
        enabled?: boolean;
        /** The index is written afresh at least this often. Default 1 hour. */
        reindexAfter?: HumanDuration | string;
      };
      /**
       * How many of the best results are ordered again so that exact title
       * and name matches come first. Default 50.
       */
      rerankWindow?: number;
    };
  };
}
