/*
 * The pagerduty backend plugin over HTTP, against the PagerDuty stand-in of
 * @internal/test-fakes (a real server on 127.0.0.1 speaking PagerDuty's
 * REST API v2) seeded with the sample org's account.
 */
import { Entity } from '@backstage/catalog-model';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/types';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  PagerDutyCreateIncidentResponse,
  PagerDutyOnCallResponse,
  PagerDutyServiceResponse,
} from '@internal/backstage-plugin-pagerduty-common';
import {
  FakePagerDuty,
  findFreePort,
  startFakePagerDuty,
} from '@internal/test-fakes';
import { Server } from 'node:http';
import request from 'supertest';
import { pagerDutyPlugin } from './plugin';

const DENIED_USER = 'user:default/intern';

const component = (
  name: string,
  owner: string,
  serviceId?: string,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: serviceId ? { 'pagerduty.com/service-id': serviceId } : {},
  },
  spec: { type: 'service', lifecycle: 'production', owner },
});

const group = (name: string, serviceId?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: {
    name,
    namespace: 'default',
    annotations: serviceId ? { 'pagerduty.com/service-id': serviceId } : {},
  },
  spec: { type: 'team', children: [] },
});

const user = (name: string, profile: JsonObject): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: { profile, memberOf: [] },
});

const entities: Entity[] = [
  component('payment-service', 'team-payments', 'PPAYSVC'),
  component('new-service', 'group:default/team-checkout'),
  component('orphan-thing', 'no-pd-team'),
  component('ghost-service', 'team-payments', 'PNOSUCH'),
  group('team-payments', 'PTPAYMT'),
  group('team-checkout', 'PTCHECK'),
  group('no-pd-team'),
  user('carla.schmidt', {
    displayName: 'Carla Schmidt',
    email: 'carla.schmidt@acme.example',
  }),
  user('no-email', { displayName: 'No Email' }),
  user('stranger', {
    displayName: 'Stranger',
    email: 'stranger@elsewhere.example',
  }),
  user('intern', { displayName: 'Intern', email: 'intern@acme.example' }),
];

const userHeader = (ref: string) => mockCredentials.user.header(ref);
const serviceHeader = mockCredentials.service.header();

describe('pagerduty backend against the PagerDuty stand-in', () => {
  let pd: FakePagerDuty;
  const auditEvent = { success: jest.fn(), fail: jest.fn() };
  const auditor = mockServices.auditor.mock({
    createEvent: jest.fn(async () => auditEvent),
  });
  const permissions = mockServices.permissions.mock({
    authorize: jest.fn(async (requests, { credentials }) =>
      requests.map(() => ({
        result:
          (credentials.principal as { userEntityRef?: string })
            .userEntityRef === DENIED_USER
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      })),
    ),
  });

  async function start(pagerDuty: JsonObject | undefined): Promise<Server> {
    const backend = await startTestBackend({
      features: [
        pagerDutyPlugin,
        catalogServiceMock.factory({ entities }),
        auditor.factory,
        permissions.factory,
        mockServices.rootConfig.factory({
          data: {
            app: { title: 'Acme Developer Portal' },
            ...(pagerDuty ? { pagerDuty } : {}),
          },
        }),
      ],
    });
    return backend.server;
  }

  /** Configured, no cache, 1 s timeout: every call reaches the stand-in. */
  let server: Server;

  beforeAll(async () => {
    pd = await startFakePagerDuty();
    server = await start({
      apiBaseUrl: pd.baseUrl,
      apiToken: pd.token,
      cacheTtl: { seconds: 0 },
      timeout: { seconds: 1 },
    });
  });
  afterAll(() => pd.close());
  beforeEach(() => {
    pd.requests.length = 0;
    jest.clearAllMocks();
  });

  const get = (path: string, auth = userHeader('user:default/carla.schmidt')) =>
    request(server).get(`/api/pagerduty${path}`).set('authorization', auth);
  const page = (
    path: string,
    body: object,
    auth = userHeader('user:default/carla.schmidt'),
  ) =>
    request(server)
      .post(`/api/pagerduty${path}`)
      .set('authorization', auth)
      .send(body);

  it("answers an entity's own service to a service token (the scorecard's contract)", async () => {
    const res = await get(
      '/entities/component/default/payment-service/service',
      serviceHeader,
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      configured: true,
      service: {
        id: 'PPAYSVC',
        name: 'Payment Service',
        htmlUrl: `${pd.baseUrl}/web/service-directory/PPAYSVC`,
        source: 'entity',
        ownerRef: 'group:default/team-payments',
      },
    } satisfies PagerDutyServiceResponse);
    expect(pd.requests[0].headers).toEqual({
      authorization: `Token token=${pd.token}`,
      accept: 'application/vnd.pagerduty+json;version=2',
      from: undefined,
    });
  });

  it('shows who is on call by level and the open incidents', async () => {
    const res = await get(
      '/entities/component/default/payment-service/on-call',
    );
    expect(res.status).toBe(200);
    const body = res.body as PagerDutyOnCallResponse & { onCall: any[] };
    expect(
      body.onCall.map(o => [o.escalationLevel, o.user.name, o.user.email]),
    ).toEqual([
      [1, 'Bob Martinez', 'bob.martinez@acme.example'],
      [2, 'Carla Schmidt', 'carla.schmidt@acme.example'],
      [3, 'Alice Nguyen', 'alice.nguyen@acme.example'],
    ]);
    expect(body.onCall[0].end).toMatch(/T08:00:00\.000Z$/);
    expect(body.onCall[2]).toMatchObject({ start: null, end: null });
    expect(body.onCall[0].user.htmlUrl).toBe(`${pd.baseUrl}/web/users/PBOBMAR`);
    expect((body as any).incidents).toEqual([
      {
        id: 'Q1PAYCAPTURE5X',
        number: 1041,
        title: 'Elevated 5xx on POST /v1/payments/capture',
        status: 'acknowledged',
        urgency: 'high',
        createdAt: expect.any(String),
        htmlUrl: `${pd.baseUrl}/web/incidents/Q1PAYCAPTURE5X`,
      },
    ]);
    const incidents = pd.requests.find(r => r.path === '/incidents')!;
    expect(incidents.query).toMatchObject({
      'service_ids[]': ['PPAYSVC'],
      'statuses[]': ['triggered', 'acknowledged'],
    });
  });

  it("falls back to the owner team's default service", async () => {
    const res = await get('/entities/component/default/new-service/on-call');
    expect(res.status).toBe(200);
    expect(res.body.service).toEqual({
      id: 'PTCHECK',
      name: 'Checkout (team default)',
      htmlUrl: `${pd.baseUrl}/web/service-directory/PTCHECK`,
      source: 'owner',
      ownerRef: 'group:default/team-checkout',
    });
    expect(res.body.onCall[0].user.name).toBe('George Kim');
    expect(res.body.incidents).toEqual([]);
  });

  it('says which annotation is missing when neither the entity nor its owner has one', async () => {
    const res = await get(
      '/entities/component/default/orphan-thing/service',
      serviceHeader,
    );
    expect(res.body).toEqual({
      configured: true,
      service: null,
      reason:
        'Neither component:default/orphan-thing nor its owner group:default/no-pd-team has the annotation pagerduty.com/service-id',
    });
    expect(pd.requests).toEqual([]);
  });

  it('says PagerDuty has no service for an unknown id', async () => {
    const res = await get('/entities/component/default/ghost-service/on-call');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      configured: true,
      service: null,
      reason:
        'PagerDuty has no service PNOSUCH (pagerduty.com/service-id of component:default/ghost-service)',
      serviceId: 'PNOSUCH',
      source: 'entity',
    });
  });

  it('answers 404 for an entity that is not in the catalog', async () => {
    const res = await get('/entities/component/default/nope/service');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe(
      'No entity component:default/nope in the catalog',
    );
  });

  it.each([
    [
      401,
      {},
      "PagerDuty rejected the portal's API token (HTTP 401): check pagerDuty.apiToken",
      503,
      undefined,
    ],
    [
      403,
      {},
      "PagerDuty rejected the portal's API token (HTTP 403): check pagerDuty.apiToken",
      503,
      undefined,
    ],
    [
      429,
      { retryAfter: 17 },
      'PagerDuty is rate limiting the portal; try again in 17 s',
      429,
      '17',
    ],
    [503, {}, 'PagerDuty is unavailable (HTTP 503)', 503, undefined],
    [500, {}, 'PagerDuty is unavailable (HTTP 500)', 503, undefined],
  ])(
    'turns PagerDuty %s into a clear message',
    async (status, options, message, ourStatus, retryAfter) => {
      pd.failNext(status, options);
      const res = await get(
        '/entities/component/default/payment-service/on-call',
      );
      expect(res.status).toBe(ourStatus);
      expect(res.body.error.message).toBe(message);
      expect(res.headers['retry-after']).toBe(retryAfter);
      // nothing was cached: the next call succeeds
      const again = await get(
        '/entities/component/default/payment-service/on-call',
      );
      expect(again.status).toBe(200);
    },
  );

  it('says when PagerDuty does not answer in time', async () => {
    pd.hangNext();
    const res = await get(
      '/entities/component/default/payment-service/service',
    );
    expect(res.status).toBe(503);
    expect(res.body.error.message).toBe(
      `Could not reach PagerDuty at ${pd.baseUrl} (no answer within 1 s)`,
    );
  });

  it('pages: creates an incident in the name of the requester, with the reason', async () => {
    const res = await page(
      '/entities/component/default/payment-service/incidents',
      {
        title: 'Payment Service: paged from the portal',
        reason: 'Checkout fails for every card payment since 02:40',
      },
    );
    expect(res.status).toBe(201);
    const body = res.body as PagerDutyCreateIncidentResponse;
    expect(body.incident).toMatchObject({
      number: 1043,
      title: 'Payment Service: paged from the portal',
      status: 'triggered',
      urgency: 'high',
      htmlUrl: `${pd.baseUrl}/web/incidents/${body.incident.id}`,
    });
    expect(body.service.id).toBe('PPAYSVC');

    const post = pd.requests.find(r => r.method === 'POST')!;
    expect(post.headers.from).toBe('carla.schmidt@acme.example');
    const created = pd.state.incidents.find(i => i.id === body.incident.id)!;
    expect(created).toMatchObject({
      serviceId: 'PPAYSVC',
      requesterEmail: 'carla.schmidt@acme.example',
    });
    expect(created.details).toBe(
      [
        'Paged from the Acme Developer Portal by Carla Schmidt (user:default/carla.schmidt, carla.schmidt@acme.example).',
        'Entity: component:default/payment-service',
        'Reason: Checkout fails for every card payment since 02:40',
      ].join('\n'),
    );

    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'pagerduty.incident.create',
          }),
        },
      ],
      expect.anything(),
    );
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'incident-create',
        severityLevel: 'medium',
        meta: {
          entityRef: 'component:default/payment-service',
          serviceId: 'PPAYSVC',
          urgency: 'high',
        },
      }),
    );
    expect(auditEvent.success).toHaveBeenCalledWith({
      meta: { incidentId: body.incident.id, incidentNumber: 1043 },
    });

    const onCall = await get(
      '/entities/component/default/payment-service/on-call',
    );
    expect(onCall.body.incidents.map((i: any) => i.number)).toEqual([
      1043, 1041,
    ]);
  });

  it('refuses to page for a user without an email in the catalog', async () => {
    const res = await page(
      '/entities/component/default/payment-service/incidents',
      { title: 't', reason: 'r' },
      userHeader('user:default/no-email'),
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'Your user user:default/no-email has no email in the catalog (spec.profile.email); PagerDuty needs the email of the person who pages. Ask for it to be added to your User entity.',
    );
    expect(pd.requests.filter(r => r.method === 'POST')).toEqual([]);
  });

  it('passes on what PagerDuty says about a requester it does not know', async () => {
    const res = await page(
      '/entities/component/default/payment-service/incidents',
      { title: 't', reason: 'r' },
      userHeader('user:default/stranger'),
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'PagerDuty refused the request (HTTP 400): Requester User Not Found (the portal paged as stranger@elsewhere.example, which must be the email of a PagerDuty user)',
    );
    expect(auditEvent.fail).toHaveBeenCalled();
  });

  it('answers 403 when the permission is denied, and pages nobody', async () => {
    const res = await page(
      '/entities/component/default/payment-service/incidents',
      { title: 't', reason: 'r' },
      userHeader(DENIED_USER),
    );
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'You may not page on-call from the portal (permission pagerduty.incident.create)',
    );
    expect(pd.requests).toEqual([]);
    expect(auditor.createEvent).not.toHaveBeenCalled();
  });

  it('pages only for people: no service tokens, a reason is required', async () => {
    const asService = await page(
      '/entities/component/default/payment-service/incidents',
      { title: 't', reason: 'r' },
      serviceHeader,
    );
    expect(asService.status).toBe(403);
    const noReason = await page(
      '/entities/component/default/payment-service/incidents',
      { title: 'Payments down', reason: '  ' },
    );
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.message).toBe('reason: reason is required');
    expect(pd.requests).toEqual([]);
  });

  describe('with the default cache', () => {
    let cached: Server;
    beforeAll(async () => {
      cached = await start({ apiBaseUrl: pd.baseUrl, apiToken: pd.token });
    });

    it('asks PagerDuty once per service within the cache time, and never caches errors', async () => {
      const call = () =>
        request(cached)
          .get('/api/pagerduty/entities/component/default/new-service/on-call')
          .set('authorization', userHeader('user:default/carla.schmidt'));
      pd.failNext(503);
      expect((await call()).status).toBe(503);
      expect((await call()).status).toBe(200);
      const asked = pd.requests.length;
      const third = await call();
      expect(third.status).toBe(200);
      expect(third.body.onCall[0].user.name).toBe('George Kim');
      expect(pd.requests.length).toBe(asked);
    });
  });

  describe('not configured', () => {
    let unconfigured: Server;
    beforeAll(async () => {
      unconfigured = await start(undefined);
    });

    it('says so and how to configure it, and pages nobody', async () => {
      const res = await request(unconfigured)
        .get(
          '/api/pagerduty/entities/component/default/payment-service/on-call',
        )
        .set('authorization', userHeader('user:default/carla.schmidt'));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        configured: false,
        howToConfigure: expect.stringContaining('pagerDuty.apiToken'),
      });
      const service = await request(unconfigured)
        .get(
          '/api/pagerduty/entities/component/default/payment-service/service',
        )
        .set('authorization', serviceHeader);
      expect(service.body.configured).toBe(false);
      const paged = await request(unconfigured)
        .post(
          '/api/pagerduty/entities/component/default/payment-service/incidents',
        )
        .set('authorization', userHeader('user:default/carla.schmidt'))
        .send({ title: 't', reason: 'r' });
      expect(paged.status).toBe(503);
      expect(paged.body.error.message).toMatch(
        /^PagerDuty is not connected to this portal/,
      );
    });
  });

  describe('PagerDuty unreachable', () => {
    let unreachable: Server;
    let url: string;
    beforeAll(async () => {
      url = `http://127.0.0.1:${await findFreePort()}`;
      unreachable = await start({ apiBaseUrl: url, apiToken: 'any' });
    });

    it('says it could not reach PagerDuty at the configured URL', async () => {
      const res = await request(unreachable)
        .get(
          '/api/pagerduty/entities/component/default/payment-service/on-call',
        )
        .set('authorization', userHeader('user:default/carla.schmidt'));
      expect(res.status).toBe(503);
      expect(res.body.error.message).toMatch(
        new RegExp(`^Could not reach PagerDuty at ${url} \\(.*ECONNREFUSED`),
      );
    });
  });
});
