import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { fakePortal, NON_MEMBER } from '../__testUtils__/fakePortal';
import { portalActionsPlugin } from '../plugin';

const ALICE = 'user:default/alice.nguyen';

async function start() {
  const portal = fakePortal();
  await startTestBackend({
    features: [portalActionsPlugin, ...portal.features],
  });
  const invoke = (name: string, input: object, user = ALICE) =>
    portal.registry.invoke({
      id: `test:${name}`,
      input: input as any,
      credentials: mockCredentials.user(user),
    }) as Promise<{ output: any }>;
  return { ...portal, invoke };
}

describe('portal actions', () => {
  it('registers every action with a description, examples and attributes', async () => {
    const { registry } = await start();
    const { actions } = await registry.list();
    expect(actions.map(a => a.name).sort()).toEqual([
      'dry-run-golden-path',
      'find-entities',
      'get-cost',
      'get-entity-overview',
      'get-golden-path-run',
      'get-platform-health',
      'get-scorecard',
      'list-crossplane-claims',
      'list-golden-paths',
      'run-golden-path',
    ]);
    for (const action of actions) {
      expect(action.description.length).toBeGreaterThan(80);
      expect(action.examples?.length).toBeGreaterThan(0);
    }
    const writers = actions.filter(a => !a.attributes.readOnly);
    expect(writers.map(a => a.name)).toEqual(['run-golden-path']);
    expect(writers[0].attributes).toEqual({
      readOnly: false,
      destructive: false,
      idempotent: false,
    });
  });

  it('runs every example of every action as the calling user', async () => {
    const { registry, invoke, calls } = await start();
    let ran = 0;
    for (const [id, action] of registry.actions) {
      for (const example of action.examples ?? []) {
        const { output } = await invoke(
          id.replace(/^test:/, ''),
          example.input,
        );
        expect(output).toBeDefined();
        ran += 1;
      }
    }
    expect(ran).toBe(14);
    // Every call to another plugin carried the user, not the plugin.
    expect(calls.length).toBeGreaterThan(5);
    expect(new Set(calls.map(c => c.caller))).toEqual(new Set([ALICE]));
  });

  it('answers who owns payment-service, who is on call, its runbook and what it depends on', async () => {
    const { invoke, calls } = await start();
    const { output } = await invoke('get-entity-overview', {
      entityRef: 'payment-service',
    });
    expect(output).toMatchObject({
      ref: 'component:default/payment-service',
      title: 'Payment Service',
      owner: {
        ref: 'group:default/team-payments',
        title: 'Payments team',
        url: 'http://portal.test/catalog/default/group/team-payments',
      },
      system: { ref: 'system:default/payments', title: 'Payments' },
      runbook: {
        title: 'Runbook',
        url: 'http://portal.test/docs/default/component/payment-service/runbook/',
      },
      onCall: {
        status: 'ok',
        service: { id: 'PPAYSVC', name: 'Payment Service' },
        people: [
          {
            name: 'Alice Nguyen',
            email: 'alice@acme.test',
            escalationLevel: 1,
            until: '2026-11-25T08:00:00Z',
          },
        ],
      },
    });
    expect(output.dependsOn).toEqual([
      { ref: 'component:default/ledger-service', title: 'Ledger Service' },
      { ref: 'resource:default/postgres-payments', title: 'Payments database' },
    ]);
    expect(output.usedBy).toEqual([
      {
        ref: 'component:default/support-console',
        title: 'Support Console',
        via: 'dependsOn',
      },
      {
        ref: 'component:default/checkout-web',
        title: 'Checkout Web',
        via: 'api:default/payments-api',
      },
    ]);
    expect(calls).toEqual([
      {
        plugin: 'pagerduty',
        method: 'GET',
        path: '/entities/component/default/payment-service/on-call',
        caller: ALICE,
      },
    ]);
  });

  it('still answers when on-call cannot be read, and says why', async () => {
    const { invoke } = await start();
    const { output } = await invoke('get-entity-overview', {
      entityRef: 'ledger-service',
    });
    expect(output.onCall).toEqual({
      status: 'no-service',
      service: null,
      people: [],
      openIncidents: [],
      note: 'Neither the entity nor its owner names a PagerDuty service',
    });
    expect(output.runbook).toBeNull();
  });

  it('finds entities by text and by owner team, with owners by name', async () => {
    const { invoke } = await start();
    const byText = await invoke('find-entities', { text: 'ledger' });
    expect(byText.output.items).toEqual([
      {
        ref: 'component:default/ledger-service',
        kind: 'Component',
        title: 'Ledger Service',
        type: 'service',
        lifecycle: 'production',
        owner: { ref: 'group:default/team-payments', title: 'Payments team' },
        url: 'http://portal.test/catalog/default/component/ledger-service',
      },
    ]);
    const byOwner = await invoke('find-entities', {
      owner: 'team-checkout',
      kind: 'Component',
    });
    expect(byOwner.output.items.map((i: any) => i.ref)).toEqual([
      'component:default/checkout-web',
      'component:default/support-console',
    ]);
    await expect(
      invoke('get-entity-overview', { entityRef: 'nope' }),
    ).rejects.toThrow(/No entity component:default\/nope/);
  });

  it('lists golden paths with their form, without UI hints', async () => {
    const { invoke } = await start();
    const { output } = await invoke('list-golden-paths', {});
    expect(output.templates).toEqual([
      expect.objectContaining({
        ref: 'template:default/python-fastapi-service',
        title: 'Python FastAPI service',
        version: '1.2.0',
        url: 'http://portal.test/create/templates/default/python-fastapi-service',
      }),
    ]);
    expect(output.templates[0].parameters[0]).toEqual({
      title: 'Service',
      required: ['name', 'owner'],
      properties: {
        name: { title: 'Name', type: 'string' },
        owner: { title: 'Owner', type: 'string' },
      },
    });
    const none = await invoke('list-golden-paths', { text: 'rust' });
    expect(none.output).toEqual({
      templates: [],
      note: 'None of the 1 golden paths mentions "rust"; call without text to see them all.',
    });
  });

  it('runs a golden path and reports the run with its links', async () => {
    const { invoke } = await start();
    const run = await invoke('run-golden-path', {
      templateRef: 'python-fastapi-service',
      values: { name: 'fraud-rules', owner: 'group:default/team-fraud' },
    });
    expect(run.output).toMatchObject({
      taskId: '5f0c1c4e-1d0a-4c55-9a3e-2c1b0c0ffee1',
      templateRef: 'template:default/python-fastapi-service',
      links: {
        task: 'http://portal.test/create/tasks/5f0c1c4e-1d0a-4c55-9a3e-2c1b0c0ffee1',
      },
    });
    const status = await invoke('get-golden-path-run', {
      taskId: run.output.taskId,
      logLines: 2,
    });
    expect(status.output).toMatchObject({
      status: 'completed',
      createdBy: ALICE,
      steps: [
        { id: 'fetch', name: 'Fetch', status: 'completed' },
        { id: 'publish', name: 'Publish', status: 'completed' },
      ],
      logTail: [
        '2026-11-24T10:00:01Z [fetch] Finished step Fetch',
        '2026-11-24T10:00:01Z [publish] Finished step Publish',
      ],
      output: {
        links: [
          {
            title: 'Open in catalog',
            url: 'http://portal.test/catalog/default/component/fraud-rules',
            entityRef: 'component:default/fraud-rules',
          },
        ],
        text: [
          {
            title: 'Clone the repository',
            content: 'git clone /repos/fraud-rules',
          },
        ],
      },
    });
  });

  it("says which field is wrong, in the template's words", async () => {
    const { invoke } = await start();
    await expect(
      invoke('run-golden-path', {
        templateRef: 'python-fastapi-service',
        values: { name: 'Fraud Rules', owner: 'group:default/team-fraud' },
      }),
    ).rejects.toThrow(
      'The values do not fit the template\'s form: name: does not match pattern "^[a-z]([-a-z0-9]*[a-z0-9])?$"',
    );
  });

  it('refuses a non-member with the policy reason', async () => {
    const { invoke } = await start();
    const refused = invoke(
      'run-golden-path',
      {
        templateRef: 'python-fastapi-service',
        values: { name: 'fraud-rules', owner: 'group:default/team-fraud' },
      },
      NON_MEMBER,
    );
    await expect(refused).rejects.toMatchObject({
      name: 'NotAllowedError',
      message:
        "You may not run template:default/python-fastapi-service: refused by the portal's permission policy (scaffolder.task.create, rule template-runner): not a member of a templateRunnerGroup (group:default/developers) or an adminGroup (group:default/platform-admins). Ask to join a template-runner group, or ask someone in one to run it.",
    });
    await expect(invoke('get-platform-health', {}, NON_MEMBER)).rejects.toThrow(
      'devex-metrics: The DevEx dashboard needs the devex.metrics.read permission',
    );
  });

  it("dry-runs with the template's own files", async () => {
    const { invoke, dryRuns } = await start();
    const { output } = await invoke('dry-run-golden-path', {
      templateRef: 'python-fastapi-service',
      values: { name: 'fraud-rules', owner: 'group:default/team-fraud' },
    });
    expect(output).toEqual({
      valid: true,
      errors: [],
      steps: [
        { id: 'fetch', name: 'Fetch', status: 'completed' },
        { id: 'publish', name: 'Publish', status: 'skipped' },
      ],
      log: [
        '[fetch] Beginning step Fetch',
        '[fetch] Finished step Fetch',
        '[publish] Skipping publish: dry run',
      ],
      files: ['README.md', 'app/main.py'],
    });
    expect(dryRuns[0].files.sort()).toEqual([
      'python.template.yaml',
      'skeleton/README.md',
      'skeleton/app/main.py',
    ]);
  });

  it('answers what a team spent last month, with what cost most', async () => {
    const { invoke, calls } = await start();
    const { output } = await invoke('get-cost', {
      entityRef: 'team-payments',
      period: 'last-month',
    });
    expect(output).toMatchObject({
      entityRef: 'group:default/team-payments',
      title: 'Payments team',
      currency: 'USD',
      total: 1234.5,
      change: 0.235,
      topContributors: [
        {
          ref: 'component:default/payment-service',
          title: 'Payment Service',
          amount: 1000,
        },
        {
          ref: 'component:default/ledger-service',
          title: 'Ledger Service',
          amount: 234.5,
        },
      ],
      byOwner: [
        {
          owner: 'group:default/team-payments',
          title: 'Payments team',
          amount: 1234.5,
        },
      ],
    });
    expect(output.from).toMatch(/^\d{4}-\d{2}-01$/);
    expect(calls[0].path).toBe('/costs/group/default/team-payments');
  });

  it("gives a scorecard's failing checks and the platform summary without free-text answers", async () => {
    const { invoke } = await start();
    const scorecard = await invoke('get-scorecard', {
      entityRef: 'payment-service',
    });
    expect(scorecard.output).toMatchObject({
      level: 'bronze',
      passed: 3,
      total: 4,
      failingChecks: [
        {
          id: 'oncall',
          title: 'On-call',
          reason: 'PagerDuty is not configured',
        },
      ],
    });
    const health = await invoke('get-platform-health', {});
    expect(health.output).toMatchObject({
      overall: 'warning',
      timeToFirstDeploy: { medianHours: 1.5 },
      teams: [{ owner: 'group:default/team-payments', title: 'Payments team' }],
    });
    expect(JSON.stringify(health.output)).not.toContain('private words');
  });
});
