import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';
import { HumanDuration } from '@backstage/types';

export interface Config {
  /** DevEx metrics and scorecards (plugins/devex-metrics-backend). */
  devexMetrics?: {
    /** How often the metrics are recomputed. Default: every 30 minutes. */
    schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    /**
     * The live recompute: a short schedule (run once across replicas) that
     * reads the catalog, the scaffolder's tasks, deployments and survey
     * answers and recomputes only when they changed and two runs found them
     * alike, so a new template run or a changed entity shows on the
     * dashboard and in the Prometheus metrics after two runs (about a minute
     * at the default 30 s). A schedule rather than events: the catalog
     * publishes no entity-change events in this Backstage version.
     */
    live?: {
      /** Default true. @visibility backend */
      enabled?: boolean;
      /**
       * How often the inputs are compared; default 30 seconds. A duration
       * object (`{ seconds: 30 }`) or ISO 8601 (`PT30S`).
       * @visibility backend
       */
      frequency?: HumanDuration | string;
      /** Default 5 minutes. @visibility backend */
      timeout?: HumanDuration | string;
      /** Delay after start-up; default 10 seconds. @visibility backend */
      initialDelay?: HumanDuration | string;
    };
    /**
     * Healthy/unhealthy thresholds (reference document section 3.3).
     * Healthy: coverage and adoption above their targets, NPS above `nps`,
     * time to first deploy under `timeToFirstDeployHours`. Unhealthy:
     * coverage or adoption under `unhealthyAdoptionPercent`, NPS under
     * `unhealthyNps`, time to first deploy over `unhealthyTimeToFirstDeployHours`.
     */
    thresholds?: {
      /** Default 80. @visibility frontend */
      catalogCoveragePercent?: number;
      /** Default 60. @visibility frontend */
      goldenPathAdoptionPercent?: number;
      /** Default 40. @visibility frontend */
      nps?: number;
      /** Default 24. @visibility frontend */
      timeToFirstDeployHours?: number;
      /** Default 20. @visibility frontend */
      unhealthyAdoptionPercent?: number;
      /** Default 0. @visibility frontend */
      unhealthyNps?: number;
      /** Default 168 (one week). @visibility frontend */
      unhealthyTimeToFirstDeployHours?: number;
    };
    /** The in-portal DevEx survey. */
    survey?: {
      /**
       * One answer per user per period: `month` or `quarter` (default).
       * @visibility frontend
       */
      period?: 'month' | 'quarter';
    };
    /**
     * Deployment events (time to first deploy). GitHub `deployment_status`
     * webhooks come through the events backend (`/api/events/http/github`,
     * `events.modules.github.webhookSecret`).
     */
    deployments?: {
      /**
       * Only successful deployments to these environments count as a first
       * deploy; default: any environment.
       * @visibility backend
       */
      environments?: string[];
      /**
       * Shared secret for POST /api/devex-metrics/events/deployments
       * (header `x-devex-token`); backend service tokens are accepted too.
       * @visibility secret
       */
      sharedSecret?: string;
    };
    /** Production-readiness scorecards. */
    scorecard?: {
      /**
       * Levels, lowest first. An entity reaches a level when it passes that
       * level's checks and every lower level's (a check that does not apply
       * to it holds no level back). Check ids: owner-is-group, lifecycle,
       * techdocs, runbook, on-call, dashboard, ci, golden-path,
       * golden-path-version. Default: bronze [owner-is-group, lifecycle],
       * silver [techdocs, runbook, ci], gold [on-call, dashboard,
       * golden-path, golden-path-version].
       * @visibility frontend
       */
      levels?: Array<{
        /** @visibility frontend */
        name: string;
        /** @visibility frontend */
        checks: string[];
      }>;
      /**
       * The golden-path-version check: a service generated from a golden
       * path (`backstage.io/source-template`) is on a supported version
       * when its `acme.io/template-version` is within this window of the
       * template's own `acme.io/template-version` (its latest).
       */
      goldenPathVersion?: {
        /**
         * How many major versions behind the template's latest a service
         * may be and still pass. Default 0: the latest major only (latest
         * 2.1.0: 2.x passes, 1.x fails); 1 also accepts 1.x.
         * @visibility backend
         */
        supportedMajorVersionsBehind?: number;
      };
    };
  };
}
