import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  goldenPaths?: {
    /**
     * How often the current version of every golden path is stored (a
     * version must be stored while it is current to be rendered again when
     * its services are upgraded). Defaults to every 10 minutes, first 30 s
     * after start.
     */
    captureSchedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    render?: {
      /**
       * Template actions left out when a version is rendered again for an
       * upgrade: checks of the world as it is now that write no file (an
       * existing service fails "the name is free" by definition).
       * Defaults to ['acme:validate-service'].
       */
      skipActions?: string[];
    };
    campaigns?: {
      /**
       * How many services of upgrade campaigns each backend replica
       * upgrades at once (each renders two template versions through the
       * scaffolder and clones and pushes a repository). Defaults to 2.
       */
      concurrency?: number;
    };
  };
}
