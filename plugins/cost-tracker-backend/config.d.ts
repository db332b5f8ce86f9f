import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Cost tracker: OpenCost and FOCUS billing exports per catalog entity. */
  costTracker?: {
    /**
     * Currency of all amounts (ISO 4217). FOCUS rows with another
     * BillingCurrency are rejected. Default USD.
     * @visibility frontend
     */
    currency?: string;
    /** OpenCost allocation API; ingestion is off when absent. */
    opencost?: {
      /**
       * Base URL of the OpenCost API, e.g. http://opencost.opencost:9003
       * @visibility backend
       */
      baseUrl: string;
      /**
       * `label:<label>` (default `label:app`) or `namespace`.
       * @visibility backend
       */
      aggregate?: string;
      /**
       * Days re-read on every run, ending today. Default 3.
       * @visibility backend
       */
      lookbackDays?: number;
      /** Default: every hour. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
    /** FOCUS billing exports (CSV). */
    focus?: {
      /**
       * Directories whose `*.csv` files are ingested.
       * @visibility backend
       */
      directories?: string[];
      /**
       * Tag key whose value is matched with an entity's `acme.io/cost-tag`
       * (or `backstage.io/kubernetes-id`) when the annotation has no `key=`.
       * Default `app`.
       * @visibility backend
       */
      defaultTagKey?: string;
      /** Default: every hour. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
    /**
     * Monthly budgets by entity ref; override `acme.io/monthly-budget`.
     */
    budgets?: Array<{
      /** @visibility backend */
      entityRef: string;
      /** @visibility backend */
      monthly: number;
    }>;
  };
}
