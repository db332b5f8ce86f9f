import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  FakePagerDuty,
  PAGERDUTY_ACCEPT,
  sampleOrgPagerDuty,
  SAMPLE_ORG_PAGERDUTY_SERVICE_IDS,
  startFakePagerDuty,
} from '.';

describe('startFakePagerDuty', () => {
  let pd: FakePagerDuty;
  const call = (
    p: string,
    init: RequestInit & { token?: string | null } = {},
  ) => {
    const { token, ...rest } = init;
    return fetch(`${pd.baseUrl}${p}`, {
      ...rest,
      headers: {
        accept: PAGERDUTY_ACCEPT,
        'content-type': 'application/json',
        ...(token === null
          ? {}
          : { authorization: `Token token=${token ?? pd.token}` }),
        ...(rest.headers as Record<string, string>),
      },
    });
  };

  beforeEach(async () => {
    pd = await startFakePagerDuty();
  });
  afterEach(() => pd.close());

  it('answers a service, its on-call people by level and open incidents', async () => {
    const service = await (await call('/services/PPAYSVC')).json();
    expect(service.service).toMatchObject({
      id: 'PPAYSVC',
      name: 'Payment Service',
      escalation_policy: { id: 'PEPPAYS' },
    });

    const oncalls = await (
      await call(
        '/oncalls?escalation_policy_ids[]=PEPPAYS&include[]=users&earliest=true',
      )
    ).json();
    expect(
      oncalls.oncalls.map((o: any) => [o.escalation_level, o.user.name]),
    ).toEqual([
      [1, 'Bob Martinez'],
      [2, 'Carla Schmidt'],
      [3, 'Alice Nguyen'],
    ]);
    expect(oncalls.oncalls[0].user.email).toBe('bob.martinez@acme.example');

    const open = await (
      await call(
        '/incidents?service_ids[]=PPAYSVC&statuses[]=triggered&statuses[]=acknowledged&date_range=all',
      )
    ).json();
    expect(open.incidents.map((i: any) => i.incident_number)).toEqual([1041]);
  });

  it('answers PagerDuty-shaped errors: bad token, unknown service, injected faults', async () => {
    const unauthorized = await call('/services/PPAYSVC', { token: 'wrong' });
    expect(unauthorized.status).toBe(401);
    expect(await unauthorized.json()).toEqual({
      error: { message: 'Authentication failed', code: 2006 },
    });

    const unknown = await call('/services/PNOSUCH');
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe(2100);

    pd.failNext(429, { retryAfter: 7 });
    const limited = await call('/services/PPAYSVC');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('ratelimit-reset')).toBe('7');
    expect((await call('/services/PPAYSVC')).status).toBe(200);
  });

  it('creates an incident only with a From header naming a user', async () => {
    const incident = {
      incident: {
        type: 'incident',
        title: 'Payments down',
        service: { id: 'PPAYSVC', type: 'service_reference' },
        body: { type: 'incident_body', details: 'Paged by a test' },
      },
    };
    const noFrom = await call('/incidents', {
      method: 'POST',
      body: JSON.stringify(incident),
    });
    expect(noFrom.status).toBe(400);

    const created = await call('/incidents', {
      method: 'POST',
      headers: { from: 'carla.schmidt@acme.example' },
      body: JSON.stringify(incident),
    });
    expect(created.status).toBe(201);
    const { incident: answer } = await created.json();
    expect(answer).toMatchObject({
      incident_number: 1043,
      status: 'triggered',
      urgency: 'high',
    });
    expect(pd.state.incidents.at(-1)).toMatchObject({
      requesterEmail: 'carla.schmidt@acme.example',
      details: 'Paged by a test',
    });
  });
});

describe('sampleOrgPagerDuty', () => {
  const catalogDir = path.resolve(__dirname, '../../../../catalog');
  const entities = (fs.readdirSync(catalogDir, { recursive: true }) as string[])
    .filter(f => f.endsWith('.yaml') && !f.endsWith('openapi.yaml'))
    .flatMap(f =>
      parseAllDocuments(fs.readFileSync(path.join(catalogDir, f), 'utf8')).map(
        d => d.toJS(),
      ),
    )
    .filter(e => e?.kind && e?.metadata?.name);
  const seed = sampleOrgPagerDuty();

  it('knows every service id that catalog/ names, and only those', () => {
    const named = Object.fromEntries(
      entities
        .filter(e => e.metadata.annotations?.['pagerduty.com/service-id'])
        .map(e => [
          `${e.kind.toLowerCase()}:default/${e.metadata.name}`,
          e.metadata.annotations['pagerduty.com/service-id'],
        ]),
    );
    expect(named).toEqual(SAMPLE_ORG_PAGERDUTY_SERVICE_IDS);
    expect(seed.services.map(s => s.id).sort()).toEqual(
      Object.values(named).sort(),
    );
  });

  it('has the people of catalog/org on call for their own team', () => {
    const users = entities.filter(e => e.kind === 'User');
    for (const person of seed.users) {
      expect(users.map(u => u.spec.profile)).toContainEqual({
        displayName: person.name,
        email: person.email,
      });
    }
    const teamOfPolicy: Record<string, string> = {
      PEPPAYS: 'team-payments',
      PEPFRAD: 'team-fraud',
      PEPCHKT: 'team-checkout',
      PEPPLAT: 'platform',
    };
    for (const policy of seed.escalationPolicies) {
      for (const shift of policy.onCall) {
        const email = seed.users.find(u => u.id === shift.userId)!.email;
        const person = users.find(u => u.spec.profile.email === email);
        expect(person.spec.memberOf).toContain(teamOfPolicy[policy.id]);
      }
    }
  });
});
