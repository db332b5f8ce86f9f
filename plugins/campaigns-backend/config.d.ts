import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Campaigns (plugins/campaigns-backend). */
  campaigns?: {
    /**
     * How often running campaigns record their burn-up point for the day and
     * notify owners (default: every hour, first after one minute).
     */
    schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    /**
     * How many days before the deadline owners with something left to fix
     * are reminded (default 7).
     */
    reminderDays?: number;
    /**
     * Seed the example campaign "Checkout in production at gold" once
     * (default: only when backend.database.client is SQLite, the laptop).
     */
    exampleCampaign?: boolean;
  };
}
