/*
 * The portal from a coding agent, end to end: a real MCP client
 * (@modelcontextprotocol/sdk, streamable HTTP) talks to the real backend
 * (packages/backend, production config, PostgreSQL) at /api/mcp-actions/v1
 * with the Backstage tokens people get when they sign in with GitHub (the
 * GitHub stand-in's OAuth web flow). PagerDuty is the stand-in of
 * @internal/test-fakes. Roles are app-config.production.yaml's
 * permission.acme: david.okafor is in developers (a template runner),
 * olga.outsider only in contractors, ivan.petrov in platform-admins.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  PortalBackend,
  startPortalBackend,
} from './__testUtils__/portalBackend';

jest.setTimeout(600_000);

const DEVELOPER = 'david.okafor';
const NON_MEMBER = 'olga.outsider';
const ADMIN = 'ivan.petrov';

type ToolResult = {
  isError?: boolean;
  content: Array<{ type: string; text?: string }>;
  structuredContent?: any;
};

describe('the portal over MCP', () => {
  let portal: PortalBackend;
  const tokens: Record<string, string> = {};
  const clients: Record<string, Client> = {};
  /** Every tool call made, for the audit check and the closing note. */
  const made: Array<{ login: string; tool: string; ms: number; ok: boolean }> =
    [];
  const measured: Record<string, number> = {};

  async function connect(login: string) {
    const client = new Client({
      name: 'portal-actions-test-agent',
      version: '1.0.0',
    });
    await client.connect(
      new StreamableHTTPClientTransport(
        new URL(`${portal.baseUrl}/api/mcp-actions/v1`),
        {
          requestInit: {
            headers: { Authorization: `Bearer ${tokens[login]}` },
          },
        },
      ),
    );
    return client;
  }

  async function call(
    login: string,
    tool: string,
    args: object,
  ): Promise<ToolResult> {
    const started = Date.now();
    const result = (await clients[login].callTool({
      name: tool,
      arguments: args as Record<string, unknown>,
    })) as ToolResult;
    made.push({ login, tool, ms: Date.now() - started, ok: !result.isError });
    return result;
  }

  /** A successful call's structured output; a tool error fails with its text. */
  async function ok(login: string, tool: string, args: object) {
    const result = await call(login, tool, args);
    if (result.isError) {
      throw new Error(
        `${tool} failed: ${result.content.map(c => c.text).join(' ')}`,
      );
    }
    return result.structuredContent;
  }

  beforeAll(async () => {
    const started = Date.now();
    portal = await startPortalBackend();
    measured.backendStartMs = Date.now() - started;
    for (const login of [DEVELOPER, NON_MEMBER, ADMIN]) {
      tokens[login] = await portal.signIn(login);
      clients[login] = await connect(login);
    }
  });

  afterAll(async () => {
    for (const client of Object.values(clients)) await client.close();
    if (made.length) {
      // The run as measured, for the closing note.
      // eslint-disable-next-line no-console
      console.log(
        [
          'MCP calls (user, tool, ms, ok):',
          ...made.map(m => `  ${m.login} ${m.tool} ${m.ms} ${m.ok}`),
          `measured: ${JSON.stringify(measured)}`,
        ].join('\n'),
      );
    }
    await portal?.stop();
  });

  it('lists the portal tools, read-only ones marked, nothing destructive', async () => {
    const { tools } = await clients[DEVELOPER].listTools();
    const names = tools.map(t => t.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'portal-actions.find-entities',
        'portal-actions.get-entity-overview',
        'portal-actions.list-golden-paths',
        'portal-actions.run-golden-path',
        'portal-actions.get-golden-path-run',
        'portal-actions.dry-run-golden-path',
        'portal-actions.get-cost',
        'portal-actions.get-platform-health',
        'portal-actions.get-scorecard',
        'portal-actions.list-crossplane-claims',
        'catalog.query-catalog-entities',
        'catalog.get-catalog-entity',
        'scaffolder.get-scaffolder-task-logs',
        'auth.who-am-i',
      ]),
    );
    // backend.actions.filter: nothing destructive reaches an agent
    expect(names).not.toContain('scaffolder.execute-template');
    expect(names).not.toContain('catalog.unregister-entity');
    expect(tools.every(t => t.annotations?.destructiveHint === false)).toBe(
      true,
    );
    const byName = Object.fromEntries(tools.map(t => [t.name, t]));
    expect(
      byName['portal-actions.get-entity-overview'].annotations,
    ).toMatchObject({
      readOnlyHint: true,
      idempotentHint: true,
    });
    expect(byName['portal-actions.run-golden-path'].annotations).toMatchObject({
      readOnlyHint: false,
      idempotentHint: false,
    });
    expect(byName['portal-actions.run-golden-path'].inputSchema).toMatchObject({
      type: 'object',
      required: ['templateRef', 'values'],
    });
    // The caller is the signed-in person, not a service.
    const whoAmI = await ok(DEVELOPER, 'auth.who-am-i', {});
    expect(JSON.stringify(whoAmI)).toContain('user:default/david.okafor');
  });

  it('answers who owns payment-service, who is on call, its runbook and what it depends on', async () => {
    const overview = await ok(DEVELOPER, 'portal-actions.get-entity-overview', {
      entityRef: 'payment-service',
    });
    expect(overview).toMatchObject({
      ref: 'component:default/payment-service',
      title: 'Payment Service',
      owner: { ref: 'group:default/team-payments', title: 'Payments' },
      system: { ref: 'system:default/payments' },
      onCall: {
        status: 'ok',
        service: { id: 'PPAYSVC', name: 'Payment Service' },
      },
      runbook: {
        title: 'Runbook',
        url: `${portal.baseUrl}/docs/default/component/payment-service/runbook/`,
      },
    });
    // The PagerDuty stand-in's Payments escalation policy, level 1 first.
    expect(
      overview.onCall.people.map((p: any) => [p.escalationLevel, p.name]),
    ).toEqual([
      [1, 'Bob Martinez'],
      [2, 'Carla Schmidt'],
      [3, 'Alice Nguyen'],
    ]);
    expect(overview.dependsOn.map((d: any) => d.ref)).toEqual(
      expect.arrayContaining([
        'component:default/ledger-service',
        'resource:default/postgres-payments',
      ]),
    );
    expect(overview.usedBy.length).toBeGreaterThan(0);
  });

  it('lets a developer create a service with a small Postgres through the golden path', async () => {
    const list = await ok(DEVELOPER, 'portal-actions.list-golden-paths', {
      text: 'fastapi',
    });
    // the FastAPI service, and the paths built on FastAPI (ML serving, its
    // database migrations); only those
    expect(list.templates.map((t: any) => t.ref)).toContain(
      'template:default/python-fastapi-service',
    );
    for (const template of list.templates) {
      expect(JSON.stringify(template).toLowerCase()).toContain('fastapi');
    }
    expect(list.templates.length).toBeLessThan(
      (await ok(DEVELOPER, 'portal-actions.list-golden-paths', {})).templates
        .length,
    );
    const values = {
      name: 'fraud-rules',
      description: 'Rules that score payments for fraud',
      owner: 'group:default/team-fraud',
      needPostgres: true,
      postgresSize: 'small',
      postgresProvisioning: 'gitops',
      publishTo: 'local',
    };
    const dryRun = await ok(DEVELOPER, 'portal-actions.dry-run-golden-path', {
      templateRef: 'python-fastapi-service',
      values,
    });
    expect(dryRun).toMatchObject({ valid: true, errors: [] });
    expect(dryRun.files).toEqual(
      expect.arrayContaining([
        'catalog-info.yaml',
        'deploy/crossplane/database.yaml',
      ]),
    );

    const started = Date.now();
    const run = await ok(DEVELOPER, 'portal-actions.run-golden-path', {
      templateRef: 'python-fastapi-service',
      values,
    });
    expect(run.links.task).toBe(`${portal.baseUrl}/create/tasks/${run.taskId}`);

    let status: any;
    for (
      let i = 0;
      i < 5 && !['completed', 'failed'].includes(status?.status);
      i++
    ) {
      status = await ok(DEVELOPER, 'portal-actions.get-golden-path-run', {
        taskId: run.taskId,
        waitSeconds: 60,
      });
    }
    if (status.status !== 'completed') {
      throw new Error(
        `the run ended ${status.status}: ${JSON.stringify(status, null, 2)}`,
      );
    }
    measured.runToCompletedMs = Date.now() - started;
    expect(status.createdBy).toBe('user:default/david.okafor');
    expect(status.output.links).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          title: 'Open in catalog',
          entityRef: 'component:default/fraud-rules',
          url: `${portal.baseUrl}/catalog/default/component/fraud-rules`,
        }),
      ]),
    );

    // The component is in the catalog, owned by team-fraud, with its database.
    const created = await ok(DEVELOPER, 'portal-actions.get-entity-overview', {
      entityRef: 'component:default/fraud-rules',
    });
    measured.runToComponentMs = Date.now() - started;
    expect(created).toMatchObject({
      owner: { ref: 'group:default/team-fraud', title: 'Fraud & Risk' },
    });
    expect(created.dependsOn.map((d: any) => d.ref)).toContain(
      'resource:default/fraud-rules-db',
    );
    // The database was requested through the golden path: a claim committed
    // to the new repository (GitOps), which the Crossplane plugin reads.
    const claims = await ok(
      DEVELOPER,
      'portal-actions.list-crossplane-claims',
      {
        entityRef: 'fraud-rules',
      },
    );
    expect(claims.committed).toEqual([
      expect.objectContaining({
        kind: 'PostgreSQLDatabase',
        name: 'fraud-rules-db',
        namespace: 'team-fraud',
        parameters: expect.objectContaining({ storageGB: 20, tier: 'small' }),
      }),
    ]);
  });

  it('refuses a non-member with the policy reason, as the portal does', async () => {
    const list = await ok(NON_MEMBER, 'portal-actions.list-golden-paths', {});
    expect(list.templates).toEqual([]);
    expect(list.note).toContain('templateRunnerGroup');

    const refused = await call(NON_MEMBER, 'portal-actions.run-golden-path', {
      templateRef: 'python-fastapi-service',
      values: {
        name: 'olga-service',
        owner: 'group:default/contractors',
        publishTo: 'local',
      },
    });
    expect(refused.isError).toBe(true);
    expect(refused.content[0].text).toBe(
      "NotAllowedError: You may not run template:default/python-fastapi-service: refused by the portal's permission policy (scaffolder.task.create, rule template-runner): not a member of a templateRunnerGroup (group:default/developers, group:default/platform) or an adminGroup (group:default/platform-admins). Ask to join a template-runner group, or ask someone in one to run it.",
    );
    // Nothing was created.
    expect(
      await portal.get(
        '/api/catalog/entities/by-name/component/default/olga-service',
        tokens[ADMIN],
      ),
    ).toBeUndefined();
  });

  it('records every call in the audit trail with the person as the actor', async () => {
    const audit = (query: string) =>
      portal.get(`/api/audit/events?limit=500&${query}`, tokens[ADMIN]);
    const calls = made.filter(m => m.login !== ADMIN);
    // mcp-actions' own event for each tool call, actor = the signed-in person
    const rows = await portal.waitFor(
      'an audit row for every tool call',
      async () => {
        const found = [
          ...(
            await audit(
              `action=mcp-actions.tool-execution&actor=user:default/${DEVELOPER}`,
            )
          ).items,
          ...(
            await audit(
              `action=mcp-actions.tool-execution&actor=user:default/${NON_MEMBER}`,
            )
          ).items,
        ].filter((r: any) => r.status !== 'initiated');
        return found.length >= calls.length ? found : undefined;
      },
    );
    for (const { login, tool, ok: succeeded } of calls) {
      expect(rows).toContainEqual(
        expect.objectContaining({
          actor: expect.objectContaining({ actorId: `user:default/${login}` }),
          meta: expect.objectContaining({ toolName: tool }),
          outcome: succeeded ? 'allowed' : 'failed',
        }),
      );
    }
    // The scaffolder's own records: the developer created the task, the
    // non-member was denied, both as themselves (on-behalf-of tokens).
    const created = await audit(
      `action=scaffolder.task.create&actor=user:default/${DEVELOPER}`,
    );
    expect(created.items).toContainEqual(
      expect.objectContaining({
        outcome: 'allowed',
        entityRefs: expect.arrayContaining([
          'template:default/python-fastapi-service',
        ]),
      }),
    );
    const denied = await audit(
      `action=scaffolder.task.create&actor=user:default/${NON_MEMBER}`,
    );
    expect(denied.items).toContainEqual(
      expect.objectContaining({ outcome: 'denied' }),
    );
  });
});
