import { HumanDuration } from '@backstage/types';

export interface Config {
  /** The audit trail (plugins/audit-backend). */
  audit?: {
    /**
     * Events below this severity are only written to the log, not stored or
     * forwarded. Denials are always stored. Default `medium`: catalog
     * register/unregister/refresh, scaffolder runs, deployments; `low` adds
     * every read (a lot of rows).
     */
    minSeverity?: 'low' | 'medium' | 'high' | 'critical';
    /**
     * How long records are kept in the database (default 365 days), e.g.
     * `{ days: 90 }` or `P90D`.
     */
    retention?: HumanDuration | string;
    store?: {
      /**
       * How long an audited action waits for its record to be committed
       * while the audit database fails (retried with backoff meanwhile),
       * e.g. `{ seconds: 5 }` (the default) or `PT5S`. Then the action fails
       * with a 503: an action is only reported done once its record is
       * stored.
       */
      timeout?: HumanDuration | string;
    };
    /** Where records are forwarded as JSON lines (one of `file` or `http`). */
    sink?: {
      /** Append one JSON object per line to a local file. */
      file?: {
        /** Relative to the backend's working directory. */
        path: string;
      };
      /** POST batches (`application/x-ndjson`) to a SIEM collector. */
      http?: {
        /** Without it (e.g. an unset `${AUDIT_SIEM_URL}`) nothing is forwarded. */
        url?: string;
        /**
         * Extra request headers, e.g. `Authorization: Bearer ${SIEM_TOKEN}`.
         * @visibility secret
         */
        headers?: { [name: string]: string };
        /** Per request, default 10000. */
        timeoutMs?: number;
        /** Attempts per batch and run, with exponential backoff (default 4). */
        maxAttempts?: number;
      };
      /** How often pending records are forwarded (default every 10 seconds). */
      schedule?: {
        frequency: HumanDuration | string | { cron: string };
        timeout: HumanDuration | string;
        initialDelay?: HumanDuration | string;
      };
    };
  };
}
