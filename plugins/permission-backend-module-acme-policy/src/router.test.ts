import { Entity } from '@backstage/catalog-model';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { ExplainResponse } from '@internal/backstage-plugin-permission-explainer-common';
import { permissionModuleAcmePolicy } from './module';
import { AcmePermissionPolicy } from './policy/AcmePermissionPolicy';
import { readAcmePolicyConfig } from './policy/config';
import {
  explainDecisions,
  mainPermissions,
  ownershipEntityRefs,
} from './router';

const acme = {
  adminGroups: ['group:default/platform-admins', 'user:default/root'],
  templateRunnerGroups: ['group:default/developers', 'group:default/platform'],
  platformGroups: ['group:default/platform'],
};
const roles = readAcmePolicyConfig(
  mockServices.rootConfig({ data: { permission: { acme } } }),
);

const userEntity = (name: string, groups: string[]): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: { memberOf: groups },
  relations: groups.map(g => ({
    type: 'memberOf',
    targetRef: `group:default/${g}`,
  })),
});

const alice = userEntity('alice.nguyen', ['team-payments', 'developers']);
const frank = userEntity('frank', ['team-fraud']);
const ivan = userEntity('ivan.petrov', ['platform', 'platform-admins']);
const paymentService: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payment-service', namespace: 'default' },
  spec: { owner: 'group:default/team-payments' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/team-payments' }],
};
const template: Entity = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'python-fastapi-service', namespace: 'default' },
  spec: { owner: 'group:default/platform' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/platform' }],
};

const byName = (lines: ReturnType<typeof explainDecisions>) =>
  Object.fromEntries(lines.map(l => [l.permission, l]));

describe('explanations', () => {
  const policy = new AcmePermissionPolicy(roles, mockServices.userInfo());

  it('builds ownership refs like the sign-in resolver: user ref and memberOf groups', () => {
    expect(ownershipEntityRefs(alice)).toEqual([
      'user:default/alice.nguyen',
      'group:default/team-payments',
      'group:default/developers',
    ]);
  });

  it('gives the decision the policy makes, with the rule that made it', async () => {
    for (const user of [alice, frank, ivan]) {
      const claims = ownershipEntityRefs(user);
      const policyWithUser = new AcmePermissionPolicy(
        roles,
        mockServices.userInfo({
          userEntityRef: claims[0],
          ownershipEntityRefs: claims,
        }),
      );
      for (const permission of mainPermissions(roles)) {
        const handled = await policyWithUser.handle(
          { permission },
          {
            credentials: mockCredentials.user(claims[0]),
            info: { userEntityRef: claims[0], ownershipEntityRefs: claims },
          },
        );
        expect(policy.explain(permission, claims).decision).toEqual(handled);
      }
    }
  });

  it('explains why a non-owner may not refresh or unregister an entity', () => {
    const lines = byName(
      explainDecisions(
        policy,
        mainPermissions(roles),
        ownershipEntityRefs(frank),
        paymentService,
      ),
    );
    expect(lines['catalog.entity.refresh']).toMatchObject({
      result: 'CONDITIONAL',
      rule: 'entity-owner',
      onEntity: {
        entityRef: 'component:default/payment-service',
        result: 'DENY',
      },
    });
    expect(lines['catalog.entity.delete'].onEntity?.result).toBe('DENY');
    expect(lines['catalog.entity.read'].onEntity?.result).toBe('ALLOW');
    expect(lines['scaffolder.task.create']).toMatchObject({
      result: 'DENY',
      rule: 'template-runner',
    });
    expect(lines['scaffolder.task.create'].reason).toContain(
      'group:default/developers',
    );
    // basic permissions have no per-entity outcome
    expect(lines['scaffolder.task.create'].onEntity).toBeUndefined();
  });

  it('explains that the owner may, and that templates are hidden from non-runners', () => {
    const owner = byName(
      explainDecisions(
        policy,
        mainPermissions(roles),
        ownershipEntityRefs(alice),
        paymentService,
      ),
    );
    expect(owner['catalog.entity.refresh'].onEntity?.result).toBe('ALLOW');
    const onTemplate = byName(
      explainDecisions(
        policy,
        mainPermissions(roles),
        ownershipEntityRefs(frank),
        template,
      ),
    );
    expect(onTemplate['catalog.entity.read']).toMatchObject({
      result: 'CONDITIONAL',
      rule: 'catalog-read-hide-templates',
      onEntity: { result: 'DENY' },
    });
  });

  it('names the admin rule for admins and the platform rule for platform permissions', () => {
    const lines = byName(
      explainDecisions(
        policy,
        mainPermissions(roles),
        ownershipEntityRefs(ivan),
      ),
    );
    expect(lines['catalog.entity.delete']).toMatchObject({
      result: 'ALLOW',
      rule: 'entity-admin',
    });
    expect(lines['catalog.location.delete']).toMatchObject({
      result: 'ALLOW',
      rule: 'admin-only',
    });
    expect(lines['cost-tracker.admin']).toMatchObject({
      result: 'ALLOW',
      rule: 'platform-permission',
    });
    expect(lines['acme.policy.explain'].result).toBe('ALLOW');
    const frankLines = byName(
      explainDecisions(
        policy,
        mainPermissions(roles),
        ownershipEntityRefs(frank),
      ),
    );
    expect(frankLines['cost-tracker.admin'].result).toBe('DENY');
    expect(frankLines['acme.policy.explain'].result).toBe('DENY');
    // campaigns (plugins/campaigns-common): the platform team sets them
    expect(lines['campaigns.campaign.create']).toMatchObject({
      result: 'ALLOW',
      rule: 'platform-permission',
    });
    expect(frankLines['campaigns.campaign.update']).toMatchObject({
      result: 'DENY',
      rule: 'platform-permission',
      reason:
        'platform permission; not a member of any platformGroup (group:default/platform)',
    });
  });
});

describe('GET /api/permission/acme/explain', () => {
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];

  beforeAll(async () => {
    const backend = await startTestBackend({
      features: [
        permissionPlugin,
        permissionModuleAcmePolicy,
        mockServices.rootConfig.factory({
          data: { permission: { enabled: true, acme } },
        }),
        catalogServiceMock.factory({
          entities: [alice, frank, ivan, paymentService],
        }),
      ],
    });
    server = backend.server;
  });

  const get = (query: string, caller = 'user:default/root') =>
    request(server)
      .get(`/api/permission/acme/explain${query}`)
      .set('Authorization', mockCredentials.user.header(caller));

  it('lists decisions and rules for a user, and the outcome on an entity', async () => {
    const res = await get(
      '?user=user:default/frank&entity=component:default/payment-service',
    );
    expect(res.status).toBe(200);
    const body = res.body as ExplainResponse;
    expect(body.user).toBe('user:default/frank');
    expect(body.ownershipEntityRefs).toEqual([
      'user:default/frank',
      'group:default/team-fraud',
    ]);
    expect(body.roles).toEqual({
      admin: false,
      templateRunner: false,
      platform: false,
    });
    const refresh = body.decisions.find(
      d => d.permission === 'catalog.entity.refresh',
    );
    expect(refresh).toMatchObject({
      result: 'CONDITIONAL',
      rule: 'entity-owner',
      onEntity: { result: 'DENY' },
    });
  });

  it('accepts a short user name', async () => {
    const res = await get('?user=alice.nguyen');
    expect(res.status).toBe(200);
    expect(res.body.roles).toEqual({
      admin: false,
      templateRunner: true,
      platform: false,
    });
  });

  it('is for admins only', async () => {
    const res = await get(
      '?user=user:default/frank',
      'user:default/alice.nguyen',
    );
    expect(res.status).toBe(403);
    expect(res.body.error.name).toBe('NotAllowedError');
  });

  it('refuses service principals: the view is for people', async () => {
    // (no credentials at all: 401 from the real backend, see
    // packages/backend/src/security/unauthenticated.postgres.test.ts)
    const service = await request(server)
      .get('/api/permission/acme/explain?user=user:default/frank')
      .set('Authorization', mockCredentials.service.header());
    expect(service.status).toBe(403);
  });

  it('answers bad input with a clear 400 and unknown users with 404', async () => {
    const missing = await get('');
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/user/);
    const notUser = await get('?user=group:default/platform');
    expect(notUser.status).toBe(400);
    expect(notUser.body.error.message).toMatch(/must be a User entity ref/);
    const unknown = await get('?user=user:default/nobody');
    expect(unknown.status).toBe(404);
    const unknownEntity = await get(
      '?user=user:default/frank&entity=component:default/nothing',
    );
    expect(unknownEntity.status).toBe(404);
  });
});
