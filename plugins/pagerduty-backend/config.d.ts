import { HumanDuration } from '@backstage/types';

export interface Config {
  /**
   * PagerDuty REST API v2 (plugins/pagerduty-backend): who is on call for an
   * entity's service, its open incidents, and paging from the entity page.
   * Without `apiToken` PagerDuty is "not configured" and the card says so.
   */
  pagerDuty?: {
    /**
     * Default https://api.pagerduty.com (EU accounts:
     * https://api.eu.pagerduty.com).
     */
    apiBaseUrl?: string;
    /**
     * A PagerDuty REST API key (account or user key, full access to create
     * incidents; a read-only key shows on-call but cannot page). Sent as
     * `Authorization: Token token=<it>`. Absent: not configured.
     * @visibility secret
     */
    apiToken?: string;
    /** Timeout of one request to PagerDuty. Default 10 seconds. */
    timeout?: HumanDuration | string;
    /**
     * How long answers of PagerDuty (service, on-call, open incidents) are
     * kept in the backend cache. Default 30 seconds; 0 turns caching off.
     * Errors are never cached.
     */
    cacheTtl?: HumanDuration | string;
  };
}
