/**
 * Wire types of the pagerduty backend (`/api/pagerduty`), shared by the
 * backend, the entity card and any other caller (the readiness scorecard of
 * devex-metrics-backend calls the `service` endpoint).
 */

/** The annotation that names an entity's PagerDuty service (e.g. `PPAYSVC`). */
export const PAGERDUTY_SERVICE_ID_ANNOTATION = 'pagerduty.com/service-id';

/**
 * Where the service came from: the entity's own annotation, or the
 * annotation of its owner (a team's default service).
 *
 * @public
 */
export type PagerDutyServiceSource = 'entity' | 'owner';

/**
 * The PagerDuty service of an entity.
 *
 * @public
 */
export type PagerDutyService = {
  /** PagerDuty's id of the service, e.g. `PPAYSVC`. */
  id: string;
  name: string;
  /** The service in PagerDuty's web UI. */
  htmlUrl: string;
  source: PagerDutyServiceSource;
  /**
   * The entity's owner (e.g. `group:default/team-payments`); when `source`
   * is `owner`, the entity whose annotation named the service.
   */
  ownerRef: string | null;
};

/**
 * PagerDuty is not configured on this portal (no `pagerDuty.apiToken`).
 *
 * @public
 */
export type PagerDutyNotConfigured = {
  configured: false;
  /** What an admin does to connect PagerDuty. */
  howToConfigure: string;
};

/**
 * Neither the entity nor its owner names a PagerDuty service, or PagerDuty
 * does not know the one they name.
 *
 * @public
 */
export type PagerDutyNoService = {
  configured: true;
  service: null;
  /** A sentence for people, e.g. "PagerDuty has no service PXXXXXX". */
  reason: string;
  /** The id that PagerDuty does not know, when an annotation named one. */
  serviceId?: string;
  /** Whose annotation named the unknown id. */
  source?: PagerDutyServiceSource;
};

/**
 * `GET /entities/:kind/:namespace/:name/service`.
 *
 * @public
 */
export type PagerDutyServiceResponse =
  | PagerDutyNotConfigured
  | PagerDutyNoService
  | { configured: true; service: PagerDutyService };

/**
 * A person on call now for the service, at one escalation level.
 *
 * @public
 */
export type PagerDutyOnCall = {
  user: {
    name: string;
    email: string;
    /** The user in PagerDuty's web UI. */
    htmlUrl: string;
  };
  /** 1 is paged first. */
  escalationLevel: number;
  /** ISO timestamps of this on-call shift; null when always on call. */
  start: string | null;
  end: string | null;
};

/**
 * Status of a PagerDuty incident.
 *
 * @public
 */
export type PagerDutyIncidentStatus = 'triggered' | 'acknowledged' | 'resolved';

/**
 * Urgency of a PagerDuty incident.
 *
 * @public
 */
export type PagerDutyUrgency = 'high' | 'low';

/**
 * A PagerDuty incident.
 *
 * @public
 */
export type PagerDutyIncident = {
  id: string;
  /** The incident number people use ("#1234"). */
  number: number;
  title: string;
  status: PagerDutyIncidentStatus;
  urgency: PagerDutyUrgency;
  /** ISO timestamp. */
  createdAt: string;
  /** The incident in PagerDuty's web UI. */
  htmlUrl: string;
};

/**
 * `GET /entities/:kind/:namespace/:name/on-call`.
 *
 * @public
 */
export type PagerDutyOnCallResponse =
  | PagerDutyNotConfigured
  | PagerDutyNoService
  | {
      configured: true;
      service: PagerDutyService;
      /** Sorted by escalation level. */
      onCall: PagerDutyOnCall[];
      /** Open (triggered or acknowledged) incidents, newest first. */
      incidents: PagerDutyIncident[];
    };

/**
 * Body of `POST /entities/:kind/:namespace/:name/incidents`.
 *
 * @public
 */
export type PagerDutyCreateIncidentRequest = {
  title: string;
  /** Why the requester pages; goes into the incident's details. */
  reason: string;
  /** Default `high`. */
  urgency?: PagerDutyUrgency;
};

/**
 * Answer of `POST /entities/:kind/:namespace/:name/incidents` (201).
 *
 * @public
 */
export type PagerDutyCreateIncidentResponse = {
  incident: PagerDutyIncident;
  service: PagerDutyService;
};
