/** A PagerDuty user of the stand-in. */
export type FakePagerDutyUser = {
  /** PagerDuty id, e.g. `PALICEN`. */
  id: string;
  name: string;
  email: string;
};

/**
 * Who is on call at one level of an escalation policy. `start`/`end` are the
 * shift (ISO timestamps); null for a rule that targets the user directly
 * (always on call), as PagerDuty answers.
 */
export type FakePagerDutyOnCallShift = {
  level: number;
  userId: string;
  start: string | null;
  end: string | null;
};

/** An escalation policy with who is on call now at each level. */
export type FakePagerDutyEscalationPolicy = {
  id: string;
  name: string;
  onCall: FakePagerDutyOnCallShift[];
};

/** A PagerDuty service (what a catalog entity's annotation names). */
export type FakePagerDutyService = {
  id: string;
  name: string;
  description?: string;
  escalationPolicyId: string;
};

/** An incident on a service. */
export type FakePagerDutyIncident = {
  id: string;
  number: number;
  title: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  urgency: 'high' | 'low';
  serviceId: string;
  /** ISO timestamp. */
  createdAt: string;
  /** `body.details` of the create request. */
  details?: string;
  /** The `From` header of the create request. */
  requesterEmail?: string;
};

/** What the stand-in knows: its PagerDuty account. */
export type FakePagerDutySeed = {
  users: FakePagerDutyUser[];
  escalationPolicies: FakePagerDutyEscalationPolicy[];
  services: FakePagerDutyService[];
  incidents: FakePagerDutyIncident[];
};

/** One request the stand-in received. */
export type FakePagerDutyRequest = {
  method: string;
  /** Path without the query string, e.g. `/services/PPAYSVC`. */
  path: string;
  /** Query parameters; PagerDuty's array parameters keep their `[]`. */
  query: Record<string, string[]>;
  headers: {
    authorization?: string;
    accept?: string;
    from?: string;
  };
  /** Parsed JSON body, if any. */
  body?: unknown;
  /** The status the stand-in answered with (0 while held by `hangNext`). */
  status: number;
};
