import { ErrorResponseBody } from '@backstage/errors';
import {
  PagerDutyCreateIncidentResponse,
  PagerDutyOnCallResponse,
  PagerDutyService,
  PagerDutyServiceResponse,
} from '@internal/backstage-plugin-pagerduty-common';
import { PagerDutyClient } from './PagerDutyClient';

describe('PagerDutyClient', () => {
  const calls: Array<{ url: string; init?: RequestInit }> = [];
  const client = (status: number, body: unknown) =>
    new PagerDutyClient({
      discoveryApi: { getBaseUrl: async id => `http://backend.test/api/${id}` },
      fetchApi: {
        fetch: async (url: any, init?: RequestInit) => {
          calls.push({ url: String(url), init });
          return new Response(JSON.stringify(body), {
            status,
            headers: { 'content-type': 'application/json' },
          });
        },
      },
    });

  beforeEach(() => {
    calls.length = 0;
  });

  it('calls the entity routes of the pagerduty backend', async () => {
    const answer = {
      configured: false,
      howToConfigure: 'x',
    } satisfies PagerDutyOnCallResponse;
    await expect(
      client(200, answer).getOnCall('Component:default/payment-service'),
    ).resolves.toEqual(answer);
    const service = {
      id: 'PPAYSVC',
      name: 'Payments',
      htmlUrl: 'https://acme.pagerduty.example/service-directory/PPAYSVC',
      source: 'entity',
      ownerRef: 'group:default/team-payments',
    } satisfies PagerDutyService;
    const serviceAnswer = {
      configured: true,
      service,
    } satisfies PagerDutyServiceResponse;
    await expect(
      client(200, serviceAnswer).getService({
        kind: 'System',
        namespace: 'default',
        name: 'payments',
      }),
    ).resolves.toEqual(serviceAnswer);
    const created = {
      incident: {
        id: 'PINC1',
        number: 1,
        title: 't',
        status: 'triggered',
        urgency: 'high',
        createdAt: '2026-12-06T10:00:00.000Z',
        htmlUrl: 'https://acme.pagerduty.example/incidents/PINC1',
      },
      service,
    } satisfies PagerDutyCreateIncidentResponse;
    await expect(
      client(201, created).createIncident('component:default/payment-service', {
        title: 't',
        reason: 'r',
      }),
    ).resolves.toEqual(created);
    expect(calls.map(c => [c.init?.method ?? 'GET', c.url])).toEqual([
      [
        'GET',
        'http://backend.test/api/pagerduty/entities/component/default/payment-service/on-call',
      ],
      [
        'GET',
        'http://backend.test/api/pagerduty/entities/system/default/payments/service',
      ],
      [
        'POST',
        'http://backend.test/api/pagerduty/entities/component/default/payment-service/incidents',
      ],
    ]);
    expect(JSON.parse(String(calls[2].init?.body))).toEqual({
      title: 't',
      reason: 'r',
    });
  });

  it("throws a ResponseError carrying the backend's message", async () => {
    const failing = client(503, {
      error: {
        name: 'ServiceUnavailableError',
        message: 'PagerDuty is unavailable (HTTP 503)',
      },
      request: { method: 'GET', url: '/' },
      response: { statusCode: 503 },
    } satisfies ErrorResponseBody);
    await expect(
      failing.getOnCall('component:default/x'),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      cause: { message: 'PagerDuty is unavailable (HTTP 503)' },
    });
  });
});
