import {
  coreServices,
  createBackendPlugin,
  SchedulerServiceTaskFunction,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import express from 'express';
import fs from 'fs';
import os from 'os';
import path from 'path';
import request from 'supertest';
import { writeDemoFocusExport } from '../dev/demoCosts';
import { costTrackerPlugin } from './plugin';
import { addDays, toDay } from './service/window';
import {
  refusedPort,
  startOpenCostStandIn,
} from './__testUtils__/openCostStandIn';

jest.setTimeout(30_000);

const today = toDay(new Date());
const d1 = addDays(today, -1);
const d2 = addDays(today, -2);

function entity(
  kind: string,
  name: string,
  extra: {
    annotations?: Record<string, string>;
    spec?: JsonObject;
    relations?: Array<[string, string]>;
  } = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default', annotations: extra.annotations },
    spec: extra.spec ?? {},
    relations: (extra.relations ?? []).map(([type, targetRef]) => ({
      type,
      targetRef,
    })),
  };
}

const entities = [
  entity('Component', 'payment-service', {
    annotations: {
      'backstage.io/kubernetes-id': 'payment-service',
      'acme.io/monthly-budget': '50',
    },
    spec: { owner: 'group:default/team-payments', system: 'payments' },
    relations: [
      ['partOf', 'system:default/payments'],
      ['ownedBy', 'group:default/team-payments'],
    ],
  }),
  entity('Component', 'ledger-service', {
    annotations: {
      'backstage.io/kubernetes-label-selector': 'app=ledger,tier=backend',
    },
    spec: { owner: 'group:default/team-payments', system: 'payments' },
    relations: [
      ['partOf', 'system:default/payments'],
      ['ownedBy', 'group:default/team-payments'],
    ],
  }),
  entity('Component', 'checkout-web', {
    annotations: { 'backstage.io/kubernetes-id': 'checkout-web' },
    spec: { owner: 'group:default/team-checkout' },
    relations: [['ownedBy', 'group:default/team-checkout']],
  }),
  entity('System', 'payments', {
    spec: { owner: 'group:default/team-payments', domain: 'commerce' },
    relations: [
      ['hasPart', 'component:default/payment-service'],
      ['hasPart', 'component:default/ledger-service'],
      ['partOf', 'domain:default/commerce'],
    ],
  }),
  entity('Domain', 'commerce', {
    relations: [['hasPart', 'system:default/payments']],
  }),
  entity('Group', 'team-payments', {
    relations: [
      ['ownerOf', 'component:default/payment-service'],
      ['ownerOf', 'component:default/ledger-service'],
      ['ownerOf', 'system:default/payments'],
      ['childOf', 'group:default/engineering'],
    ],
  }),
  entity('Group', 'engineering', {
    relations: [
      ['parentOf', 'group:default/team-payments'],
      ['parentOf', 'group:default/team-checkout'],
    ],
  }),
  entity('Group', 'team-checkout', {
    relations: [
      ['ownerOf', 'component:default/checkout-web'],
      ['childOf', 'group:default/engineering'],
    ],
  }),
];

const costs = (cpu: number, ram: number, pv: number, net: number) => ({
  cpuCost: cpu,
  ramCost: ram,
  pvCost: pv,
  networkCost: net,
  loadBalancerCost: 0.5,
  sharedCost: 0.25,
});

/** Starts the plugin with a scheduler whose tasks the test runs itself. */
async function startPlugin(config: JsonObject) {
  const tasks = new Map<string, SchedulerServiceTaskFunction>();
  const notifications: unknown[] = [];
  const notificationsStandIn = createBackendPlugin({
    pluginId: 'notifications',
    register(env) {
      env.registerInit({
        deps: { httpRouter: coreServices.httpRouter },
        async init({ httpRouter }) {
          const router = express.Router();
          router.use(express.json());
          router.post('/', (req, res) => {
            notifications.push(req.body);
            res.json([]);
          });
          httpRouter.use(router);
        },
      });
    },
  });
  const backend = await startTestBackend({
    features: [
      costTrackerPlugin,
      notificationsStandIn,
      catalogServiceMock.factory({ entities }),
      mockServices.rootConfig.factory({ data: { costTracker: config } }),
      mockServices.scheduler.mock({
        async scheduleTask(task) {
          tasks.set(task.id, task.fn as SchedulerServiceTaskFunction);
        },
      }).factory,
    ],
  });
  const run = async (id: string) => {
    const fn = tasks.get(id);
    if (!fn) {
      throw new Error(`task ${id} was not scheduled`);
    }
    await fn(new AbortController().signal);
  };
  return { server: backend.server, run, tasks, notifications, backend };
}

describe('cost tracker plugin', () => {
  const standIns: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    await Promise.all(standIns.splice(0).map(s => s.close()));
  });

  async function openCost() {
    const oc = await startOpenCostStandIn({
      data: {
        'label:app': {
          [d2]: {
            'payment-service': costs(10, 5, 2, 1),
            ledger: costs(3, 1, 4, 0),
            'checkout-web': costs(7, 3, 0, 2),
            __idle__: costs(20, 10, 0, 0),
          },
          [d1]: {
            'payment-service': costs(12, 6, 2, 1),
            ledger: costs(3, 1, 4, 0),
          },
        },
      },
    });
    standIns.push(oc);
    return oc;
  }

  it('ingests OpenCost allocations per entity, day and category, idempotently', async () => {
    const oc = await openCost();
    const { server, run } = await startPlugin({
      opencost: { baseUrl: oc.baseUrl, lookbackDays: 3 },
    });
    await run('cost-tracker-opencost');

    expect(oc.requests).toHaveLength(1);
    const query = oc.requests[0].searchParams;
    expect(query.get('aggregate')).toBe('label:app');
    expect(query.get('step')).toBe('1d');
    expect(query.get('accumulate')).toBe('false');
    expect(query.get('window')).toBe(
      `${addDays(today, -2)}T00:00:00Z,${addDays(today, 1)}T00:00:00Z`,
    );

    const get = () =>
      request(server)
        .get('/api/cost-tracker/costs/component/default/payment-service')
        .query({ from: d2, to: today });
    const first = await get();
    expect(first.status).toBe(200);
    // day 1: compute 15, storage 2, network 1.5, other 0.25 = 18.75
    // day 2: compute 18, storage 2, network 1.5, other 0.25 = 21.75
    expect(first.body.total).toBe(40.5);
    expect(first.body.byCategory).toEqual({
      compute: 33,
      storage: 4,
      network: 3,
      other: 0.5,
    });
    expect(first.body.byDay).toEqual([
      {
        day: d2,
        total: 18.75,
        compute: 15,
        storage: 2,
        network: 1.5,
        other: 0.25,
      },
      {
        day: d1,
        total: 21.75,
        compute: 18,
        storage: 2,
        network: 1.5,
        other: 0.25,
      },
      { day: today, total: 0, compute: 0, storage: 0, network: 0, other: 0 },
    ]);

    // the same window again: nothing is counted twice
    await run('cost-tracker-opencost');
    expect((await get()).body.total).toBe(40.5);

    const status = await request(server).get(
      '/api/cost-tracker/ingestion/status',
    );
    expect(status.body.items).toEqual([
      expect.objectContaining({
        source: 'opencost',
        status: 'ok',
        message: expect.stringContaining(
          'not allocated to an entity: __idle__ (30.75 USD)',
        ),
      }),
    ]);
  });

  it('keeps existing data and reports the failure when OpenCost answers 500 or refuses connections', async () => {
    const oc = await openCost();
    const { server, run, backend } = await startPlugin({
      opencost: { baseUrl: oc.baseUrl },
    });
    await run('cost-tracker-opencost');
    const total = async () =>
      (
        await request(server)
          .get('/api/cost-tracker/costs/group/default/team-payments')
          .query({ from: d2, to: today })
      ).body.total;
    const before = await total();
    expect(before).toBe(40.5 + 2 * 8.75);

    oc.failWith(500);
    await run('cost-tracker-opencost');
    expect(await total()).toBe(before);
    let status = await request(server).get(
      '/api/cost-tracker/ingestion/status',
    );
    expect(status.body.items[0]).toMatchObject({
      source: 'opencost',
      status: 'failed',
      message: expect.stringContaining('OpenCost answered 500'),
      lastSuccessAt: expect.any(String),
    });
    await backend.stop();

    const port = await refusedPort();
    const refused = await startPlugin({
      opencost: { baseUrl: `http://127.0.0.1:${port}` },
    });
    await refused.run('cost-tracker-opencost');
    status = await request(refused.server).get(
      '/api/cost-tracker/ingestion/status',
    );
    expect(status.body.items[0]).toMatchObject({
      source: 'opencost',
      status: 'failed',
      message: `OpenCost at http://127.0.0.1:${port} is unreachable: ECONNREFUSED`,
    });
  });

  it('rolls up systems, groups (with child groups) and domains, and ranks top spenders', async () => {
    const oc = await openCost();
    const { server, run } = await startPlugin({
      opencost: { baseUrl: oc.baseUrl },
    });
    await run('cost-tracker-opencost');
    const total = async (ref: string) => {
      const res = await request(server)
        .get(`/api/cost-tracker/costs/${ref}`)
        .query({ from: d2, to: today });
      expect(res.status).toBe(200);
      return res.body;
    };
    const ledger = 2 * 8.75;
    const checkout = 12.75;
    const system = await total('system/default/payments');
    expect(system.total).toBe(40.5 + ledger);
    expect(system.members).toEqual([
      { entityRef: 'component:default/payment-service', amount: 40.5 },
      { entityRef: 'component:default/ledger-service', amount: ledger },
    ]);
    expect((await total('domain/default/commerce')).total).toBe(40.5 + ledger);
    expect((await total('group/default/engineering')).total).toBe(
      40.5 + ledger + checkout,
    );
    expect((await total('group/default/team-checkout')).total).toBe(checkout);

    const top = await request(server)
      .get('/api/cost-tracker/top')
      .query({ from: d2, to: today, limit: 2, kind: 'component' });
    expect(top.body.items).toEqual([
      { entityRef: 'component:default/payment-service', amount: 40.5 },
      { entityRef: 'component:default/ledger-service', amount: ledger },
    ]);
  });

  it('ingests FOCUS exports, reporting rejected lines and keeping the rest', async () => {
    const { server, run } = await startPlugin({
      focus: {
        directories: [
          path.resolve(__dirname, '__fixtures__/focus-good'),
          path.resolve(__dirname, '__fixtures__/focus-bad'),
        ],
      },
    });
    await run('cost-tracker-focus');
    await run('cost-tracker-focus');
    const res = await request(server)
      .get('/api/cost-tracker/costs/component/default/payment-service')
      .query({ from: '2026-11-01', to: '2026-11-01' });
    // good file: compute 20, network 1.2, other 0.8; bad file: 10 + 2 + 1
    expect(res.body.byCategory).toEqual({
      compute: 30,
      storage: 2,
      network: 2.2,
      other: 0.8,
    });
    const status = await request(server).get(
      '/api/cost-tracker/ingestion/status',
    );
    const bad = status.body.items.find(
      (s: { source: string }) => s.source === 'focus:broken-export.csv',
    );
    expect(bad).toMatchObject({ status: 'partial', rowsRejected: 7 });
    expect(bad.rejections.map((r: { line: number }) => r.line)).toEqual([
      3, 4, 5, 8, 9, 10, 11,
    ]);
  });

  it('generates no data itself; shows the costs of the laptop seed (dev/seedDemoCosts.ts) once it is written', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cost-focus-'));
    try {
      const { server, run } = await startPlugin({
        focus: { directories: [dir] },
      });
      const last30Days = () =>
        request(server)
          .get('/api/cost-tracker/costs/component/default/payment-service')
          .query({ from: addDays(today, -29), to: today });
      await run('cost-tracker-focus');
      expect(fs.readdirSync(dir)).toEqual([]);
      expect((await last30Days()).body.total).toBe(0);

      // what scripts/start.sh does before the backend starts
      writeDemoFocusExport({
        entities,
        file: path.join(dir, 'demo-export.csv'),
        today,
      });
      await run('cost-tracker-focus');
      const res = await last30Days();
      expect(res.body.total).toBeGreaterThan(0);
      expect(res.body.byCategory).toEqual({
        compute: expect.any(Number),
        storage: expect.any(Number),
        network: expect.any(Number),
        other: 0,
      });
      expect(
        res.body.byDay.filter((d: { total: number }) => d.total > 0),
      ).toHaveLength(30);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('counts OpenCost idle cost as unallocated in the organisation, each team once', async () => {
    const oc = await openCost();
    const { server, run } = await startPlugin({
      opencost: { baseUrl: oc.baseUrl, lookbackDays: 3 },
    });
    await run('cost-tracker-opencost');
    const res = await request(server)
      .get('/api/cost-tracker/organization')
      .query({ from: d2, to: today });
    expect(res.status).toBe(200);
    const ledger = 2 * 8.75;
    expect(res.body).toMatchObject({
      total: 40.5 + ledger + 12.75 + 30.75,
      allocated: 40.5 + ledger + 12.75,
      // engineering has no organization root above it: it is the top level
      teams: [
        {
          entityRef: 'group:default/engineering',
          amount: 40.5 + ledger + 12.75,
          direct: false,
          entities: 3,
        },
      ],
      unallocated: {
        total: 30.75,
        items: [
          {
            key: "label '__idle__'",
            reason: "no catalog entity claims label '__idle__'",
            source: 'opencost',
            amount: 30.75,
          },
        ],
      },
    });
    expect(res.body.byDay.map((d: { total: number }) => d.total)).toEqual([
      18.75 + 8.75 + 12.75 + 30.75,
      21.75 + 8.75,
      0,
    ]);
  });

  it('ingests FOCUS 1.2, 1.3 and 1.4 exports: EffectiveCost for showback, BilledCost on request, the rest unallocated', async () => {
    const { server, run } = await startPlugin({
      focus: {
        directories: ['focus-1.2', 'focus-1.3', 'focus-1.4'].map(d =>
          path.resolve(__dirname, '__fixtures__', d),
        ),
      },
    });
    await run('cost-tracker-focus');
    await run('cost-tracker-focus');
    const organization = (cost: string) =>
      request(server)
        .get('/api/cost-tracker/organization')
        .query({ from: '2026-11-01', to: '2026-11-30', cost });
    const effective = await organization('effective');
    // payment-service: 1.2 usage 6 + 4 - credit 2; 1.3 its pod's share 60
    // and a volume 2. Everything else has no entity in this catalog.
    expect(effective.body).toMatchObject({
      cost: 'effective',
      total: 124.1,
      teams: [{ entityRef: 'group:default/engineering', amount: 70 }],
      unallocated: { total: 54.1 },
    });
    const billed = await organization('billed');
    expect(billed.body).toMatchObject({
      cost: 'billed',
      total: 420.5,
      teams: [{ entityRef: 'group:default/engineering', amount: 64 }],
    });
    const status = await request(server).get(
      '/api/cost-tracker/ingestion/status',
    );
    expect(
      Object.fromEntries(
        status.body.items.map((s: { source: string; message: string }) => [
          s.source,
          s.message,
        ]),
      ),
    ).toEqual({
      'focus:aws-2026-11.csv': expect.stringContaining(
        '1 Correction rows (-3.00 USD) applied to the periods they correct; 3 rejected (line 8: ChargeCategory',
      ),
      'focus:aws-eks-split-2026-11.csv': expect.stringContaining(
        '3 split-cost allocated charges',
      ),
      'focus:gcp-2026-11.csv': expect.stringContaining(
        '3 rows (11.60 USD) not claimed by any entity, kept as unallocated',
      ),
    });
    const bad = await request(server)
      .get('/api/cost-tracker/organization')
      .query({ cost: 'list' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('cost: ');
  });

  it('notifies the owner once per month when a budget is crossed', async () => {
    const oc = await startOpenCostStandIn({
      data: {
        'label:app': {
          [today]: {
            // 55.75 against the annotated budget of 50
            'payment-service': costs(30, 20, 5, 0),
            // 2.75 against the configured budget of 1000
            'checkout-web': costs(1, 1, 0, 0),
          },
        },
      },
    });
    standIns.push(oc);
    const { run, notifications } = await startPlugin({
      opencost: { baseUrl: oc.baseUrl, lookbackDays: 1 },
      budgets: [{ entityRef: 'component:default/checkout-web', monthly: 1000 }],
    });
    await run('cost-tracker-opencost');
    await run('cost-tracker-opencost');
    expect(notifications).toEqual([
      {
        recipients: {
          type: 'entity',
          entityRef: 'group:default/team-payments',
        },
        payload: expect.objectContaining({
          title: 'payment-service is over its monthly budget',
          description: `component:default/payment-service has cost 55.75 USD in ${today.slice(
            0,
            7,
          )}, above its budget of 50.00 USD.`,
          link: '/catalog/default/component/payment-service',
          severity: 'high',
          topic: 'cost-budget',
        }),
      },
    ]);
  });

  it('rejects bad windows and unknown entities with clear errors', async () => {
    const { server } = await startPlugin({});
    const bad = await request(server)
      .get('/api/cost-tracker/costs/component/default/payment-service')
      .query({ from: '2026-13-01' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('from: not a real day');
    const reversed = await request(server)
      .get('/api/cost-tracker/costs/component/default/payment-service')
      .query({ from: '2026-11-02', to: '2026-11-01' });
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.message).toContain(
      "'from' must not be after 'to'",
    );
    const missing = await request(server).get(
      '/api/cost-tracker/costs/component/default/nope',
    );
    expect(missing.status).toBe(404);
    const top = await request(server).get('/api/cost-tracker/top?limit=0');
    expect(top.status).toBe(400);
    const anonymous = await request(server)
      .get('/api/cost-tracker/top')
      .set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);
  });
});
