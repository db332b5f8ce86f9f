import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  catalog?: {
    providers?: {
      /**
       * Repository discovery (upstream's GithubEntityProvider, whose schema
       * describes every other key). This module runs it only when
       * `organization` is set.
       */
      github?: {
        /**
         * The organisation whose repositories are discovered. Unset or empty:
         * GitHub ingestion is off and GET /api/catalog/github-ingestion lists
         * no providers.
         */
        organization?: string;
        /**
         * The GitHub host (an `integrations.github` entry), for the
         * rate-limit budget. Default: github.com.
         */
        host?: string;
        /** How often discovery runs. Default: every 30 minutes, 1 hour timeout. */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
      /**
       * The organisation's teams and members (upstream's
       * GithubMultiOrgEntityProvider), run by this module when present
       * (and `github.organization` is set).
       */
      githubOrg?: {
        /** A stable id for the provider (its entities are keyed by it). */
        id: string;
        /** The GitHub web URL, e.g. https://github.com. */
        githubUrl: string;
        /** The organisations to read. Default: `github.organization`. */
        orgs?: string[];
        /** How often it runs. Default: every hour, 1 hour timeout. */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
    /** How this module retries a failing GitHub ingestion run. */
    githubIngestion?: {
      retry?: {
        /** Attempts per run, the first included. Default: 4. */
        attempts?: number;
        /**
         * Milliseconds before the second attempt; doubles after each failed
         * attempt. Default: 2000.
         */
        initialBackoffMs?: number;
        /**
         * Milliseconds after which an attempt is cancelled (its GitHub
         * requests aborted) and counts as failed. Default: 600000.
         */
        attemptTimeoutMs?: number;
      };
    };
  };
}
