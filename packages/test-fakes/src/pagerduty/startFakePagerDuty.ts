/*
 * A PagerDuty stand-in: an HTTP server on 127.0.0.1 speaking the PagerDuty
 * REST API v2 wire format for what the portal uses:
 *
 *   GET  /services/{id}   a service and its escalation policy (404: unknown id)
 *   GET  /oncalls         who is on call (escalation_policy_ids[], include[]=users,
 *                         earliest), sorted by escalation level
 *   GET  /incidents       incidents (service_ids[], statuses[], date_range=all,
 *                         sort_by=created_at:desc, limit, offset)
 *   POST /incidents       creates an incident; needs `From: <email of a user>`
 *
 * Every API request must carry `Authorization: Token token=<token>` and
 * `Accept: application/vnd.pagerduty+json;version=2`; errors have PagerDuty's
 * shape `{ error: { message, code, errors? } }`, a 429 carries the
 * `ratelimit-*` headers PagerDuty sends. `html_url`s point at small HTML pages
 * of the stand-in (`/web/...`), so links in the portal lead somewhere.
 *
 * Faults: `failNext(status)` answers the next API request(s) with that
 * status, `hangNext()` holds them without answering (a timeout for the
 * client).
 */
import { randomBytes } from 'node:crypto';
import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { AddressInfo, Socket } from 'node:net';
import { sampleOrgPagerDuty } from './sampleOrg';
import {
  FakePagerDutyIncident,
  FakePagerDutyRequest,
  FakePagerDutySeed,
  FakePagerDutyService,
  FakePagerDutyUser,
} from './types';

/** The media type of PagerDuty REST API v2. */
export const PAGERDUTY_ACCEPT = 'application/vnd.pagerduty+json;version=2';

/** Options of {@link startFakePagerDuty}. */
export type FakePagerDutyOptions = {
  /** The account's data; default {@link sampleOrgPagerDuty}(). */
  seed?: FakePagerDutySeed;
  /** The API token the client must send; default a random one. */
  token?: string;
  /** Default 0 (a free port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
};

/** Options of {@link FakePagerDuty.failNext}. */
export type FakePagerDutyFailOptions = {
  /** For 429: seconds until the limit resets (`ratelimit-reset`); default 20. */
  retryAfter?: number;
  /** How many requests fail; default 1. */
  times?: number;
  /** The error message in the body; default PagerDuty's for the status. */
  message?: string;
};

/** A running PagerDuty stand-in. */
export type FakePagerDuty = {
  /** E.g. `http://127.0.0.1:41234`; what `pagerDuty.apiBaseUrl` is set to. */
  baseUrl: string;
  /** The API token it accepts; what `pagerDuty.apiToken` is set to. */
  token: string;
  /** The account's data; tests may read and change it. */
  state: FakePagerDutySeed;
  /** Every request received, oldest first. */
  requests: FakePagerDutyRequest[];
  /** The next API request(s) get this HTTP status with PagerDuty's error body. */
  failNext(status: number, options?: FakePagerDutyFailOptions): void;
  /** The next API request(s) are held unanswered until `close()`. */
  hangNext(options?: { times?: number }): void;
  /** Stops the server (held requests are dropped). */
  close(): Promise<void>;
};

type Fault =
  | { kind: 'fail'; status: number; options: FakePagerDutyFailOptions }
  | { kind: 'hang' };

const DEFAULT_MESSAGES: Record<number, { message: string; code: number }> = {
  400: { message: 'Invalid Input Provided', code: 2001 },
  401: { message: 'Authentication failed', code: 2006 },
  403: { message: 'Access Denied', code: 2010 },
  404: { message: 'Not Found', code: 2100 },
  429: { message: 'Rate Limit Exceeded', code: 2020 },
  500: {
    message:
      'An internal error has occurred. PagerDuty team has been notified.',
    code: 2000,
  },
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: number,
    readonly errors?: string[],
  ) {
    super(message);
  }
}

const invalid = (...errors: string[]) =>
  new HttpError(400, 'Invalid Input Provided', 2001, errors);

function queryOf(url: URL): Record<string, string[]> {
  const query: Record<string, string[]> = {};
  for (const [key, value] of url.searchParams) {
    (query[key] ??= []).push(value);
  }
  return query;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    c =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[
        c
      ]!),
  );

/**
 * Starts a PagerDuty stand-in on 127.0.0.1 (port 0 unless given), seeded
 * with the sample org's PagerDuty account unless a seed is given.
 */
export async function startFakePagerDuty(
  options: FakePagerDutyOptions = {},
): Promise<FakePagerDuty> {
  const state: FakePagerDutySeed = structuredClone(
    options.seed ?? sampleOrgPagerDuty(),
  );
  const token = options.token ?? `fake-pd-${randomBytes(8).toString('hex')}`;
  const requests: FakePagerDutyRequest[] = [];
  const faults: Fault[] = [];
  const held = new Set<ServerResponse>();
  const sockets = new Set<Socket>();
  let baseUrl = '';

  const userById = (id: string) => state.users.find(u => u.id === id);
  const policyById = (id: string) =>
    state.escalationPolicies.find(p => p.id === id);
  const serviceById = (id: string) => state.services.find(s => s.id === id);

  const userReference = (user: FakePagerDutyUser) => ({
    id: user.id,
    type: 'user_reference',
    summary: user.name,
    self: `${baseUrl}/users/${user.id}`,
    html_url: `${baseUrl}/web/users/${user.id}`,
  });
  const userJson = (user: FakePagerDutyUser) => ({
    ...userReference(user),
    type: 'user',
    name: user.name,
    email: user.email,
    time_zone: 'Europe/Berlin',
    role: 'user',
  });
  const policyReference = (id: string) => ({
    id,
    type: 'escalation_policy_reference',
    summary: policyById(id)?.name ?? id,
    self: `${baseUrl}/escalation_policies/${id}`,
    html_url: `${baseUrl}/web/escalation_policies/${id}`,
  });
  const serviceReference = (service: FakePagerDutyService) => ({
    id: service.id,
    type: 'service_reference',
    summary: service.name,
    self: `${baseUrl}/services/${service.id}`,
    html_url: `${baseUrl}/web/service-directory/${service.id}`,
  });
  const serviceJson = (service: FakePagerDutyService) => ({
    ...serviceReference(service),
    type: 'service',
    name: service.name,
    description: service.description ?? null,
    status: 'active',
    escalation_policy: policyReference(service.escalationPolicyId),
    teams: [],
    alert_creation: 'create_alerts_and_incidents',
    created_at: '2025-01-06T09:00:00Z',
  });
  const incidentJson = (incident: FakePagerDutyIncident) => {
    const service = serviceById(incident.serviceId);
    const firstLevel = service
      ? policyById(service.escalationPolicyId)?.onCall.find(s => s.level === 1)
      : undefined;
    const assignee = firstLevel ? userById(firstLevel.userId) : undefined;
    return {
      id: incident.id,
      type: 'incident',
      summary: `[#${incident.number}] ${incident.title}`,
      self: `${baseUrl}/incidents/${incident.id}`,
      html_url: `${baseUrl}/web/incidents/${incident.id}`,
      incident_number: incident.number,
      title: incident.title,
      created_at: incident.createdAt,
      updated_at: incident.createdAt,
      status: incident.status,
      urgency: incident.urgency,
      incident_key: null,
      service: service
        ? serviceReference(service)
        : { id: incident.serviceId, type: 'service_reference' },
      escalation_policy: service
        ? policyReference(service.escalationPolicyId)
        : null,
      assignments:
        assignee && incident.status === 'triggered'
          ? [{ at: incident.createdAt, assignee: userReference(assignee) }]
          : [],
    };
  };

  function paginate<T>(items: T[], query: Record<string, string[]>) {
    const limit = Math.min(Number(query.limit?.[0] ?? 25) || 25, 100);
    const offset = Number(query.offset?.[0] ?? 0) || 0;
    return {
      page: items.slice(offset, offset + limit),
      limit,
      offset,
      more: offset + limit < items.length,
      total: query.total?.[0] === 'true' ? items.length : null,
    };
  }

  function getOnCalls(query: Record<string, string[]>) {
    const policyIds = query['escalation_policy_ids[]'] ?? [];
    const withUsers = (query['include[]'] ?? []).includes('users');
    const earliest = query.earliest?.[0] === 'true';
    const policies = state.escalationPolicies.filter(
      p => policyIds.length === 0 || policyIds.includes(p.id),
    );
    const seen = new Set<string>();
    const oncalls = policies.flatMap(policy =>
      [...policy.onCall]
        .sort((a, b) => a.level - b.level)
        .filter(shift => {
          const key = `${policy.id}/${shift.level}/${shift.userId}`;
          if (earliest && seen.has(key)) return false;
          seen.add(key);
          return true;
        })
        .flatMap(shift => {
          const user = userById(shift.userId);
          if (!user) return [];
          return [
            {
              escalation_policy: policyReference(policy.id),
              escalation_level: shift.level,
              schedule: shift.start
                ? {
                    id: `PS${policy.id.slice(3)}${shift.level}`,
                    type: 'schedule_reference',
                    summary: `${policy.name} – level ${shift.level}`,
                  }
                : null,
              user: withUsers ? userJson(user) : userReference(user),
              start: shift.start,
              end: shift.end,
            },
          ];
        }),
    );
    const { page, ...rest } = paginate(oncalls, query);
    return { oncalls: page, ...rest };
  }

  function listIncidents(query: Record<string, string[]>) {
    const serviceIds = query['service_ids[]'] ?? [];
    const statuses = query['statuses[]'] ?? [];
    for (const s of statuses) {
      if (!['triggered', 'acknowledged', 'resolved'].includes(s)) {
        throw invalid(
          'Status must be a list of triggered, acknowledged, or resolved.',
        );
      }
    }
    // PagerDuty searches the last month unless told date_range=all.
    const since =
      query.date_range?.[0] === 'all'
        ? -Infinity
        : Date.now() - 30 * 24 * 3600 * 1000;
    const incidents = state.incidents
      .filter(
        i =>
          (serviceIds.length === 0 || serviceIds.includes(i.serviceId)) &&
          (statuses.length === 0 || statuses.includes(i.status)) &&
          Date.parse(i.createdAt) >= since,
      )
      .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
    if (query.sort_by?.[0] === 'created_at:desc') incidents.reverse();
    const { page, ...rest } = paginate(incidents, query);
    return { incidents: page.map(incidentJson), ...rest };
  }

  function createIncident(from: string | undefined, body: any) {
    if (!from) {
      throw invalid(
        'The From header is required: the email address of a valid user',
      );
    }
    if (!state.users.some(u => u.email.toLowerCase() === from.toLowerCase())) {
      throw new HttpError(400, 'Requester User Not Found', 1008);
    }
    const incident = body?.incident;
    const errors: string[] = [];
    if (!incident || typeof incident !== 'object') {
      throw invalid('incident is required');
    }
    if (incident.type !== 'incident') errors.push("type must be 'incident'");
    if (typeof incident.title !== 'string' || !incident.title.trim()) {
      errors.push('Title cannot be empty');
    }
    if (incident.service?.type !== 'service_reference') {
      errors.push("service must be a 'service_reference'");
    }
    const service =
      typeof incident.service?.id === 'string'
        ? serviceById(incident.service.id)
        : undefined;
    if (!service) errors.push('Service not found');
    if (
      incident.urgency !== undefined &&
      !['high', 'low'].includes(incident.urgency)
    ) {
      errors.push("urgency must be 'high' or 'low'");
    }
    if (
      incident.body !== undefined &&
      (incident.body?.type !== 'incident_body' ||
        typeof incident.body?.details !== 'string')
    ) {
      errors.push("body must be an 'incident_body' with string details");
    }
    if (errors.length || !service) throw invalid(...errors);
    const created: FakePagerDutyIncident = {
      id: `Q${randomBytes(7).toString('hex').toUpperCase().slice(0, 13)}`,
      number: Math.max(1000, ...state.incidents.map(i => i.number)) + 1,
      title: incident.title,
      status: 'triggered',
      urgency: incident.urgency ?? 'high',
      serviceId: service.id,
      createdAt: new Date().toISOString(),
      details: incident.body?.details,
      requesterEmail: from,
    };
    state.incidents.push(created);
    return { incident: incidentJson(created) };
  }

  function sendJson(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) {
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      ...headers,
    });
    res.end(JSON.stringify(body));
  }

  function sendError(
    res: ServerResponse,
    status: number,
    error: { message: string; code: number; errors?: string[] },
    headers: Record<string, string> = {},
  ) {
    sendJson(res, status, { error }, headers);
  }

  function webPage(path: string): string | undefined {
    const [, , kind, id] = path.split('/');
    const names: Record<string, () => string | undefined> = {
      'service-directory': () => serviceById(id)?.name,
      users: () => userById(id)?.name,
      incidents: () => state.incidents.find(i => i.id === id)?.title,
      escalation_policies: () => policyById(id)?.name,
    };
    const name = names[kind]?.();
    if (!name) return undefined;
    return `<!doctype html><title>${escapeHtml(
      name,
    )} – PagerDuty stand-in</title><h1>${escapeHtml(
      name,
    )}</h1><p>PagerDuty stand-in (${escapeHtml(kind)} ${escapeHtml(id)})</p>`;
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const raw = req.method === 'POST' ? await readBody(req) : '';
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    const record: FakePagerDutyRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: queryOf(url),
      headers: {
        authorization: req.headers.authorization,
        accept: req.headers.accept,
        from: req.headers.from,
      },
      body,
      status: 0,
    };
    requests.push(record);
    res.on('finish', () => {
      record.status = res.statusCode;
    });

    if (req.method === 'GET' && url.pathname.startsWith('/web/')) {
      const page = webPage(url.pathname);
      res.writeHead(page ? 200 : 404, {
        'content-type': 'text/html; charset=utf-8',
      });
      res.end(page ?? 'Not found');
      return;
    }

    const fault = faults.shift();
    if (fault?.kind === 'hang') {
      held.add(res);
      return;
    }
    if (fault?.kind === 'fail') {
      const known = DEFAULT_MESSAGES[fault.status] ?? {
        message: DEFAULT_MESSAGES[500].message,
        code: 2000,
      };
      const headers: Record<string, string> =
        fault.status === 429
          ? {
              'ratelimit-limit': '960',
              'ratelimit-remaining': '0',
              'ratelimit-reset': String(fault.options.retryAfter ?? 20),
            }
          : {};
      sendError(
        res,
        fault.status,
        { message: fault.options.message ?? known.message, code: known.code },
        headers,
      );
      return;
    }

    if (req.headers.authorization !== `Token token=${token}`) {
      sendError(res, 401, DEFAULT_MESSAGES[401]);
      return;
    }
    if (
      !(req.headers.accept ?? '').replace(/\s+/g, '').includes(PAGERDUTY_ACCEPT)
    ) {
      throw invalid(`The Accept header must be ${PAGERDUTY_ACCEPT}`);
    }

    const query = record.query;
    const serviceMatch = /^\/services\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && serviceMatch) {
      const service = serviceById(decodeURIComponent(serviceMatch[1]));
      if (!service) throw new HttpError(404, 'Not Found', 2100);
      sendJson(res, 200, { service: serviceJson(service) });
    } else if (req.method === 'GET' && url.pathname === '/oncalls') {
      sendJson(res, 200, getOnCalls(query));
    } else if (req.method === 'GET' && url.pathname === '/incidents') {
      sendJson(res, 200, listIncidents(query));
    } else if (req.method === 'POST' && url.pathname === '/incidents') {
      if (typeof body !== 'object') throw invalid('The body must be JSON');
      sendJson(res, 201, createIncident(req.headers.from, body));
    } else {
      throw new HttpError(404, 'Not Found', 2100);
    }
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(error => {
      if (error instanceof HttpError) {
        sendError(res, error.status, {
          message: error.message,
          code: error.code,
          ...(error.errors ? { errors: error.errors } : {}),
        });
      } else {
        sendError(res, 500, DEFAULT_MESSAGES[500]);
      }
    });
  });
  server.on('connection', socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://${host}:${port}`;

  return {
    baseUrl,
    token,
    state,
    requests,
    failNext(status, failOptions = {}) {
      for (let i = 0; i < (failOptions.times ?? 1); i++) {
        faults.push({ kind: 'fail', status, options: failOptions });
      }
    },
    hangNext(hangOptions = {}) {
      for (let i = 0; i < (hangOptions.times ?? 1); i++) {
        faults.push({ kind: 'hang' });
      }
    },
    async close() {
      held.clear();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}
