/*
 * A client of the PagerDuty REST API v2 for what the portal needs: a
 * service, who is on call for its escalation policy, its open incidents,
 * and creating an incident.
 *
 * Requests go through node-fetch with Node's global HTTP(S) agent, so the
 * backend's egress guard (plugins/backend-defaults-acme/src/egressGuard.ts)
 * applies to them; redirects are not followed.
 *
 * Every failure becomes an @backstage/errors error whose message says what
 * happened and what to do, shown as such on the entity card.
 */
import {
  CustomErrorBase,
  InputError,
  ServiceUnavailableError,
} from '@backstage/errors';
import fetch, { FetchError } from 'node-fetch';
import { PagerDutyUrgency } from '@internal/backstage-plugin-pagerduty-common';

/** The media type of PagerDuty REST API v2. */
const ACCEPT = 'application/vnd.pagerduty+json;version=2';

/** A reference to another PagerDuty object, as PagerDuty embeds them. */
type PdReference = {
  id: string;
  type: string;
  summary?: string;
  html_url?: string;
};

/** `GET /services/{id}` → `service` (the fields we use). */
export type PdService = {
  id: string;
  name: string;
  html_url: string;
  escalation_policy: PdReference;
};

/** `GET /oncalls` → `oncalls[]` with `include[]=users`. */
export type PdOnCall = {
  escalation_level: number;
  start: string | null;
  end: string | null;
  user: PdReference & { name?: string; email?: string };
};

/** `GET /incidents` → `incidents[]`, `POST /incidents` → `incident`. */
export type PdIncident = {
  id: string;
  incident_number: number;
  title: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  urgency: PagerDutyUrgency;
  created_at: string;
  html_url: string;
};

/**
 * PagerDuty answered 429. Its status is 429 towards our callers too, and the
 * router sends `Retry-After`.
 */
export class PagerDutyRateLimitedError extends CustomErrorBase {
  name = 'PagerDutyRateLimitedError' as const;
  readonly statusCode = 429;
  constructor(readonly retryAfterSeconds: number | undefined) {
    super(
      `PagerDuty is rate limiting the portal; try again in ${
        retryAfterSeconds === undefined ? 'a minute' : `${retryAfterSeconds} s`
      }`,
    );
  }
}

type PdErrorBody = {
  error?: { message?: string; code?: number; errors?: string[] };
};

function secondsUntilRetry(headers: {
  get(name: string): string | null;
}): number | undefined {
  // PagerDuty sends ratelimit-reset (seconds); proxies may send Retry-After.
  for (const name of ['ratelimit-reset', 'retry-after']) {
    const value = headers.get(name);
    if (value === null) continue;
    const seconds = Number(value);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
    const date = Date.parse(value);
    if (!Number.isNaN(date)) {
      return Math.max(0, Math.ceil((date - Date.now()) / 1000));
    }
  }
  return undefined;
}

function describe(body: PdErrorBody | undefined): string {
  const error = body?.error;
  if (!error?.message) return '';
  const details = error.errors?.length ? ` - ${error.errors.join('; ')}` : '';
  return `: ${error.message}${details}`;
}

export class PagerDutyClient {
  readonly baseUrl: string;
  readonly #token: string;
  readonly #timeoutMs: number;

  constructor(options: { baseUrl: string; token: string; timeoutMs: number }) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#token = options.token;
    this.#timeoutMs = options.timeoutMs;
  }

  /** The service, or undefined when PagerDuty has no service with this id. */
  async getService(id: string): Promise<PdService | undefined> {
    const answer = await this.#request<{ service: PdService }>(
      'GET',
      `/services/${encodeURIComponent(id)}`,
      { notFound: 'undefined' },
    );
    return answer?.service;
  }

  /** Who is on call now for an escalation policy, by escalation level. */
  async listOnCalls(escalationPolicyId: string): Promise<PdOnCall[]> {
    const query = new URLSearchParams([
      ['escalation_policy_ids[]', escalationPolicyId],
      ['include[]', 'users'],
      ['earliest', 'true'],
      ['limit', '100'],
    ]);
    const answer = await this.#request<{ oncalls: PdOnCall[] }>(
      'GET',
      `/oncalls?${query}`,
    );
    return answer?.oncalls ?? [];
  }

  /** Triggered and acknowledged incidents of a service, newest first. */
  async listOpenIncidents(serviceId: string): Promise<PdIncident[]> {
    const query = new URLSearchParams([
      ['service_ids[]', serviceId],
      ['statuses[]', 'triggered'],
      ['statuses[]', 'acknowledged'],
      ['date_range', 'all'],
      ['sort_by', 'created_at:desc'],
      ['limit', '20'],
    ]);
    const answer = await this.#request<{ incidents: PdIncident[] }>(
      'GET',
      `/incidents?${query}`,
    );
    return answer?.incidents ?? [];
  }

  /**
   * Creates an incident on a service in the name of `from`, the email of a
   * PagerDuty user (PagerDuty's `From` header).
   */
  async createIncident(input: {
    serviceId: string;
    title: string;
    urgency: PagerDutyUrgency;
    details: string;
    from: string;
  }): Promise<PdIncident> {
    const answer = await this.#request<{ incident: PdIncident }>(
      'POST',
      '/incidents',
      {
        headers: { from: input.from },
        body: {
          incident: {
            type: 'incident',
            title: input.title,
            service: { id: input.serviceId, type: 'service_reference' },
            urgency: input.urgency,
            body: { type: 'incident_body', details: input.details },
          },
        },
      },
    );
    if (!answer?.incident) {
      throw new ServiceUnavailableError(
        'PagerDuty accepted the incident but did not return it',
      );
    }
    return answer.incident;
  }

  async #request<T>(
    method: 'GET' | 'POST',
    path: string,
    options: {
      headers?: Record<string, string>;
      body?: unknown;
      notFound?: 'undefined';
    } = {},
  ): Promise<T | undefined> {
    let response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          accept: ACCEPT,
          authorization: `Token token=${this.#token}`,
          ...(options.body ? { 'content-type': 'application/json' } : {}),
          ...options.headers,
        },
        body: options.body ? JSON.stringify(options.body) : undefined,
        redirect: 'manual',
        timeout: this.#timeoutMs,
      });
    } catch (error) {
      const reason =
        error instanceof FetchError && error.type === 'request-timeout'
          ? `no answer within ${Math.round(this.#timeoutMs / 100) / 10} s`
          : (error as Error).message;
      throw new ServiceUnavailableError(
        `Could not reach PagerDuty at ${this.baseUrl} (${reason})`,
      );
    }

    let body: unknown;
    try {
      const text = await response.text();
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    const { status } = response;
    if (status >= 200 && status < 300) {
      if (body === undefined) {
        throw new ServiceUnavailableError(
          `PagerDuty at ${this.baseUrl} sent an answer that is not JSON (HTTP ${status})`,
        );
      }
      return body as T;
    }
    if (status === 404 && options.notFound === 'undefined') return undefined;
    if (status === 401 || status === 403) {
      const readOnly =
        status === 403 && method !== 'GET'
          ? '; creating incidents needs a key with full access, not a read-only one'
          : '';
      throw new ServiceUnavailableError(
        `PagerDuty rejected the portal's API token (HTTP ${status}): check pagerDuty.apiToken${readOnly}`,
      );
    }
    if (status === 429) {
      throw new PagerDutyRateLimitedError(secondsUntilRetry(response.headers));
    }
    if (status >= 500) {
      throw new ServiceUnavailableError(
        `PagerDuty is unavailable (HTTP ${status})`,
      );
    }
    if (status === 400) {
      throw new InputError(
        `PagerDuty refused the request (HTTP 400)${describe(
          body as PdErrorBody,
        )}`,
      );
    }
    throw new ServiceUnavailableError(
      `PagerDuty answered ${method} ${
        path.split('?')[0]
      } with HTTP ${status}${describe(body as PdErrorBody)}`,
    );
  }
}
