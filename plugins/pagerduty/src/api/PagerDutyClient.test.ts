import { PagerDutyOnCallResponse } from '@internal/backstage-plugin-pagerduty-common';
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
    await client(200, answer).getService({
      kind: 'System',
      namespace: 'default',
      name: 'payments',
    });
    await client(201, {}).createIncident('component:default/payment-service', {
      title: 't',
      reason: 'r',
    });
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
    });
    await expect(
      failing.getOnCall('component:default/x'),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      cause: { message: 'PagerDuty is unavailable (HTTP 503)' },
    });
  });
});
