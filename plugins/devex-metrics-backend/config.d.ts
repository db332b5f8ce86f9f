import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** DevEx metrics and scorecards (plugins/devex-metrics-backend). */
  devexMetrics?: {
    /** How often the metrics are recomputed. Default: every 30 minutes. */
    schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
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
    /** Deployment events (time to first deploy). */
    deployments?: {
      /**
       * Only successful deployments to these environments count as a first
       * deploy; default: any environment.
       * @visibility backend
       */
      environments?: string[];
      /**
       * Secret of the GitHub webhook (`deployment_status` events) sent to
       * /api/devex-metrics/events/github; the endpoint refuses every
       * delivery while it is unset.
       * @visibility secret
       */
      githubWebhookSecret?: string;
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
       * level's checks and every lower level's. Check ids: owner-is-group,
       * lifecycle, techdocs, runbook, on-call, dashboard, ci, golden-path.
       * Default: bronze [owner-is-group, lifecycle], silver [techdocs,
       * runbook, ci], gold [on-call, dashboard, golden-path].
       * @visibility frontend
       */
      levels?: Array<{
        /** @visibility frontend */
        name: string;
        /** @visibility frontend */
        checks: string[];
      }>;
    };
  };
}
