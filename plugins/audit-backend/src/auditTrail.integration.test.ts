/*
 * The audit trail end to end, in one backend with the real catalog,
 * scaffolder, permission backend and the Acme policy, over real HTTP with
 * user tokens: allowed and denied actions end up in the database, in the
 * admin API (filters, paging, 403 for others) and in the JSON lines file,
 * and no secret value reaches the records or the backend log.
 */
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { WinstonLogger } from '@backstage/backend-defaults/rootLogger';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { AuditEventRecord } from '@internal/backstage-plugin-audit-common';
import knexFactory from 'knex';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import request from 'supertest';
import * as winston from 'winston';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleTemplateKind from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import permissionPlugin from '@backstage/plugin-permission-backend';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import acmePolicy from '@internal/backstage-plugin-permission-backend-module-acme-policy';
import { cachedPermissionsServiceFactory } from '@internal/backstage-plugin-permission-node-decision-cache';
import { httpAuthWithActorFactory } from './__testUtils__/httpAuthWithActor';
import auditPlugin, {
  auditorServiceFactory,
  permissionDenialRecorderServiceFactory,
} from './index';

jest.setTimeout(120_000);

const ADA = 'user:default/ada'; // admin
const BOB = 'user:default/bob'; // template runner, not admin
const CARL = 'user:default/carl'; // no role

// Secret values that must never be stored, forwarded or logged.
const DB_PASSWORD = 'hunter2-db-password-5f1c';
const CONFIG_SECRET = 'ghp_configuredSecretToken0123456789';
const SCAFFOLDER_SECRET = 'scaffolder-secret-value-77aa';
const SECRETS = [DB_PASSWORD, CONFIG_SECRET, SCAFFOLDER_SECRET];

const template = `
apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: audited-template
spec:
  owner: user:default/ada
  type: service
  parameters:
    - type: object
      required: [name]
      properties:
        name: { type: string }
        dbPassword: { type: string }
        note: { type: string }
  steps:
    - id: hello
      action: debug:log
      input:
        message: 'creating \${{ parameters.name }}'
`;

const components = `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: audited-service
spec: { type: service, lifecycle: production, owner: user:default/ada }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: second-service
spec: { type: service, lifecycle: production, owner: user:default/ada }
`;

async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value !== undefined) {
        return value;
      }
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}: ${last ?? ''}`);
    }
    await new Promise(r => setTimeout(r, 200));
  }
}

describe('audit trail with the real catalog, scaffolder and permission policy', () => {
  let dir: string;
  let fileServer: Server;
  let fileBaseUrl: string;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  const logLines: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'audit-it-'));
    await writeFile(join(dir, 'template.yaml'), template);
    fileServer = createServer((req, res) => {
      if (req.url === '/repo/catalog-info.yaml') {
        res.writeHead(200, { 'content-type': 'text/yaml' });
        res.end(components);
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>(r => fileServer.listen(0, '127.0.0.1', r));
    const { port } = fileServer.address() as AddressInfo;
    fileBaseUrl = `http://127.0.0.1:${port}`;

    // Everything any plugin logs, unredacted by the logger itself, so the
    // scan below sees exactly what the auditor and the plugins emit.
    const sink = new Writable({
      write(chunk, _enc, cb) {
        logLines.push(String(chunk));
        cb();
      },
    });
    const rootLogger = createServiceFactory({
      service: coreServices.rootLogger,
      deps: {},
      factory: () =>
        WinstonLogger.create({
          level: 'debug',
          format: winston.format.json(),
          transports: [new winston.transports.Stream({ stream: sink })],
        }),
    });

    backend = await startTestBackend({
      features: [
        rootLogger,
        databaseServiceFactory,
        httpAuthWithActorFactory,
        mockServices.rootConfig.factory({
          data: {
            backend: {
              database: {
                client: 'better-sqlite3',
                connection: { directory: join(dir, 'db') },
              },
              reading: { allow: [{ host: `127.0.0.1:${port}` }] },
            },
            integrations: {
              github: [{ host: 'github.com', token: CONFIG_SECRET }],
            },
            permission: {
              enabled: true,
              acme: {
                adminGroups: [ADA],
                templateRunnerGroups: [ADA, BOB],
                platformGroups: [ADA],
                platformPermissions: ['audit.events.read'],
              },
            },
            catalog: {
              rules: [{ allow: ['Component', 'Location', 'Template'] }],
              locations: [{ type: 'file', target: join(dir, 'template.yaml') }],
              processingInterval: { seconds: 1 },
            },
            audit: { sink: { file: { path: join(dir, 'audit.jsonl') } } },
          },
        }),
        auditorServiceFactory,
        cachedPermissionsServiceFactory,
        permissionDenialRecorderServiceFactory,
        catalogPlugin,
        catalogModuleTemplateKind,
        scaffolderPlugin,
        permissionPlugin,
        acmePolicy,
        auditPlugin,
      ],
    });
  });

  afterAll(async () => {
    if (process.env.AUDIT_IT_LOG) {
      await writeFile(process.env.AUDIT_IT_LOG, logLines.join(''));
    }
    await backend?.stop();
    await new Promise(r => fileServer?.close(r));
    await rm(dir, { recursive: true, force: true });
  });

  const as = (user: string) => ({
    Authorization: mockCredentials.user.header(user),
  });

  async function events(query: Record<string, string>, user = ADA) {
    const res = await request(backend.server)
      .get('/api/audit/events')
      .query(query)
      .set(as(user));
    expect(res.status).toBe(200);
    return res.body as { items: AuditEventRecord[]; nextCursor?: string };
  }

  async function getEntity(name: string) {
    const res = await request(backend.server)
      .get(`/api/catalog/entities/by-name/component/default/${name}`)
      .set(as(ADA));
    return res.status === 200 ? res.body : undefined;
  }

  it('records allowed and denied actions, serves them to admins only, forwards them and never leaks secrets', async () => {
    const server = backend.server;

    // --- catalog: register (ada, allowed), refresh (ada allowed, carl denied)
    const register = await request(server)
      .post('/api/catalog/locations')
      .set(as(ADA))
      .send({ type: 'url', target: `${fileBaseUrl}/repo/catalog-info.yaml` });
    expect(register.status).toBe(201);
    const locationId: string = register.body.location.id;
    const second = await waitFor('entities', () => getEntity('second-service'));
    await waitFor('entities', () => getEntity('audited-service'));

    const refresh = await request(server)
      .post('/api/catalog/refresh')
      .set(as(ADA))
      .send({ entityRef: 'component:default/audited-service' });
    expect(refresh.status).toBe(200);
    const deniedRefresh = await request(server)
      .post('/api/catalog/refresh')
      .set(as(CARL))
      .send({ entityRef: 'component:default/audited-service' });
    expect(deniedRefresh.status).toBe(403);

    // --- scaffolder: ada runs the template with secrets; carl is refused
    await waitFor('template', async () => {
      const res = await request(server)
        .get('/api/catalog/entities/by-name/template/default/audited-template')
        .set(as(ADA));
      return res.status === 200 ? true : undefined;
    });
    const run = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .set(as(ADA))
      .send({
        templateRef: 'template:default/audited-template',
        values: {
          name: 'payments',
          dbPassword: DB_PASSWORD,
          note: `deploy key is ${CONFIG_SECRET}`,
        },
        secrets: { apiToken: SCAFFOLDER_SECRET },
      });
    expect(run.status).toBe(201);
    const taskId: string = run.body.id;
    const task = await waitFor('task completion', async () => {
      const res = await request(server)
        .get(`/api/scaffolder/v2/tasks/${taskId}`)
        .set(as(ADA));
      return ['completed', 'failed'].includes(res.body.status)
        ? res.body
        : undefined;
    });
    expect(task.status).toBe('completed');
    // the secrets really went through the scaffolder
    expect(task.spec.parameters.dbPassword).toBe(DB_PASSWORD);

    const deniedRun = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .set(as(CARL))
      .send({
        templateRef: 'template:default/audited-template',
        values: { name: 'x', dbPassword: DB_PASSWORD },
      });
    expect(deniedRun.status).toBe(403);

    // --- catalog: carl may not unregister; ada unregisters one entity by
    // uid, then the whole location
    const deniedDelete = await request(server)
      .delete(`/api/catalog/entities/by-uid/${second.metadata.uid}`)
      .set(as(CARL));
    expect(deniedDelete.status).toBe(403);
    const deniedLocationDelete = await request(server)
      .delete(`/api/catalog/locations/${locationId}`)
      .set(as(CARL));
    expect(deniedLocationDelete.status).toBe(403);
    const deleteEntity = await request(server)
      .delete(`/api/catalog/entities/by-uid/${second.metadata.uid}`)
      .set(as(ADA));
    expect(deleteEntity.status).toBe(204);
    const deleteLocation = await request(server)
      .delete(`/api/catalog/locations/${locationId}`)
      .set(as(ADA));
    expect(deleteLocation.status).toBe(204);

    // --- the admin API
    expect(
      (await request(server).get('/api/audit/events').set(as(BOB))).status,
    ).toBe(403);
    expect((await request(server).get('/api/audit/events')).status).toBe(401);
    const bad = await request(server)
      .get('/api/audit/events')
      .query({ from: 'yesterday' })
      .set(as(ADA));
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('from');

    const registered = await waitFor('register record', async () => {
      const page = await events({
        action: 'catalog.location-mutate.create',
        outcome: 'allowed',
      });
      return page.items[0];
    });
    expect(registered.actor.actorId).toBe(ADA);
    expect(registered.entityRefs).toEqual([
      `url:${fileBaseUrl}/repo/catalog-info.yaml`,
    ]);

    // by entity: refresh (allowed + denied) and the unregistration of its location
    const byEntity = await waitFor('entity records', async () => {
      const page = await events({
        entity: 'Component:default/Audited-Service',
        limit: '100',
      });
      const actions = page.items.map(
        i => `${i.action} ${i.outcome} ${i.actor.actorId}`,
      );
      return actions.includes(`catalog.location-mutate.delete allowed ${ADA}`)
        ? actions
        : undefined;
    });
    expect(byEntity).toEqual(
      expect.arrayContaining([
        `catalog.entity-mutate.refresh allowed ${ADA}`,
        `catalog.entity-mutate.refresh denied ${CARL}`,
        `catalog.location-mutate.delete allowed ${ADA}`,
      ]),
    );
    const bySecond = await events({
      entity: 'component:default/second-service',
    });
    expect(
      bySecond.items.map(i => `${i.action} ${i.outcome} ${i.actor.actorId}`),
    ).toEqual(
      expect.arrayContaining([
        `catalog.entity-mutate.delete allowed ${ADA}`,
        `catalog.entity-mutate.delete denied ${CARL}`,
      ]),
    );

    // the scaffolder run: who, which template, parameters redacted, outcome
    const execution = await waitFor('execution record', async () => {
      const page = await events({
        action: 'scaffolder.task.execution',
        outcome: 'allowed',
      });
      return page.items[0];
    });
    expect(execution.actor).toMatchObject({
      actorId: ADA,
      via: 'plugin:scaffolder',
    });
    expect(execution.entityRefs).toEqual(['template:default/audited-template']);
    expect(execution.meta).toMatchObject({
      templateRef: 'template:default/audited-template',
      taskParameters: {
        name: 'payments',
        dbPassword: '[REDACTED]',
        note: 'deploy key is [REDACTED]',
      },
    });

    // carl's denials, by actor
    const carl = await events({ actor: CARL, outcome: 'denied' });
    expect(carl.items.map(i => i.action).sort()).toEqual(
      expect.arrayContaining([
        'catalog.entity-mutate.refresh',
        'catalog.entity-mutate.delete',
        'catalog.location-mutate.delete',
        'catalog.permission-denied',
        'scaffolder.permission-denied',
        'scaffolder.task.create',
      ]),
    );
    const permissionDenied = carl.items.find(
      i => i.action === 'scaffolder.permission-denied',
    )!;
    expect(permissionDenied.meta).toEqual({
      permission: 'scaffolder.task.create',
    });

    // time range and paging
    expect(
      (await events({ from: new Date(Date.now() + 60_000).toISOString() }))
        .items,
    ).toEqual([]);
    const all = await events({ limit: '500' });
    const first = await events({ limit: '2' });
    expect(first.items).toEqual(all.items.slice(0, 2));
    const next = await events({ limit: '2', cursor: first.nextCursor! });
    expect(next.items).toEqual(all.items.slice(2, 4));

    // --- the JSON lines file has every stored record
    const jsonl = await waitFor('JSONL file', async () => {
      const text = await readFile(join(dir, 'audit.jsonl'), 'utf8').catch(
        () => '',
      );
      const ids = new Set(
        text
          .trim()
          .split('\n')
          .filter(Boolean)
          .map(line => JSON.parse(line).id),
      );
      return all.items.every(i => ids.has(i.id)) ? text : undefined;
    });
    expect(jsonl).toContain('"dbPassword":"[REDACTED]"');

    // --- no secret anywhere: database rows, JSONL, backend log
    const db = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: join(dir, 'db', 'audit.sqlite') },
      useNullAsDefault: true,
    });
    const rows = await db('audit_events').select();
    await db.destroy();
    expect(rows.length).toBe(all.items.length);
    const stored = JSON.stringify(rows);
    const logs = logLines.join('');
    // the log holds the auditor's lines (with the redacted parameters)
    expect(logs).toContain('"isAuditEvent":true');
    expect(logs).toContain('scaffolder.task');
    for (const secret of SECRETS) {
      expect({ where: 'database', found: stored.includes(secret) }).toEqual({
        where: 'database',
        found: false,
      });
      expect({ where: 'jsonl', found: jsonl.includes(secret) }).toEqual({
        where: 'jsonl',
        found: false,
      });
      expect({ where: 'log', found: logs.includes(secret) }).toEqual({
        where: 'log',
        found: false,
      });
    }
  });
});
