import { Entity } from '@backstage/catalog-model';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogEntityRefreshPermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  createPermission,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { taskCreatePermission } from '@backstage/plugin-scaffolder-common/alpha';
import { unprocessedEntitiesDeletePermission } from '@backstage/plugin-catalog-unprocessed-entities-common';
import { isAllowedOnEntity } from '../catalogRules';
import { AcmePermissionPolicy } from './AcmePermissionPolicy';
import { readAcmePolicyConfig } from './config';

const roles = readAcmePolicyConfig(
  mockServices.rootConfig({
    data: {
      permission: {
        acme: {
          adminGroups: ['group:default/platform-admins'],
          templateRunnerGroups: [
            'group:default/developers',
            'group:default/platform',
          ],
          platformGroups: ['group:default/platform'],
        },
      },
    },
  }),
);

/** People of catalog/org/users.yaml, as their sign-in resolves them. */
const people = {
  // team-payments + developers
  alice: [
    'user:default/alice.nguyen',
    'group:default/team-payments',
    'group:default/developers',
  ],
  // platform + platform-admins
  ivan: [
    'user:default/ivan.petrov',
    'group:default/platform',
    'group:default/platform-admins',
  ],
  // platform only: runs templates, no admin
  pat: ['user:default/pat', 'group:default/platform'],
  // team-fraud, not in developers: may not run templates
  frank: ['user:default/frank', 'group:default/team-fraud'],
};

async function decide(
  permission: Permission,
  ownershipEntityRefs: string[],
): Promise<PolicyDecision> {
  const userEntityRef = ownershipEntityRefs[0];
  const policy = new AcmePermissionPolicy(
    roles,
    mockServices.userInfo({ userEntityRef, ownershipEntityRefs }),
  );
  return policy.handle(
    { permission },
    {
      credentials: mockCredentials.user(userEntityRef),
      info: { userEntityRef, ownershipEntityRefs },
    },
  );
}

/** Evaluates a decision for one entity with the catalog's own rule code. */
function allows(decision: PolicyDecision, entity: Entity): boolean {
  if (decision.result === AuthorizeResult.CONDITIONAL) {
    expect(decision.pluginId).toBe('catalog');
    expect(decision.resourceType).toBe('catalog-entity');
  }
  return isAllowedOnEntity(decision, entity);
}

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

describe('AcmePermissionPolicy', () => {
  it('lets every signed-in user read ordinary entities', async () => {
    for (const refs of Object.values(people)) {
      expect(
        allows(await decide(catalogEntityReadPermission, refs), paymentService),
      ).toBe(true);
    }
  });

  it('hides Template entities from users outside the template-runner groups', async () => {
    const decision = await decide(catalogEntityReadPermission, people.frank);
    expect(decision).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        not: {
          rule: 'IS_ENTITY_KIND',
          resourceType: 'catalog-entity',
          params: { kinds: ['Template'] },
        },
      },
    });
    expect(allows(decision, template)).toBe(false);
    for (const runner of [people.alice, people.ivan, people.pat]) {
      expect(
        allows(await decide(catalogEntityReadPermission, runner), template),
      ).toBe(true);
    }
  });

  it.each([
    ['refresh', catalogEntityRefreshPermission],
    ['delete', catalogEntityDeletePermission],
  ])('allows %s to the owner and admins only', async (_name, permission) => {
    const ownerDecision = await decide(permission, people.alice);
    expect(ownerDecision).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: { claims: people.alice },
      },
    });
    expect(allows(ownerDecision, paymentService)).toBe(true);
    expect(allows(ownerDecision, template)).toBe(false);
    expect(allows(await decide(permission, people.frank), paymentService)).toBe(
      false,
    );
    expect(allows(await decide(permission, people.pat), paymentService)).toBe(
      false,
    );
    expect(await decide(permission, people.ivan)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it('lets template runners and admins run templates, nobody else', async () => {
    const result = async (refs: string[]) =>
      (await decide(taskCreatePermission, refs)).result;
    expect(await result(people.alice)).toBe(AuthorizeResult.ALLOW);
    expect(await result(people.pat)).toBe(AuthorizeResult.ALLOW);
    expect(await result(people.ivan)).toBe(AuthorizeResult.ALLOW);
    expect(await result(people.frank)).toBe(AuthorizeResult.DENY);
  });

  it('matches group refs case-insensitively, as the catalog does', async () => {
    expect(
      (
        await decide(taskCreatePermission, [
          'user:default/x',
          'Group:Default/Developers',
        ])
      ).result,
    ).toBe(AuthorizeResult.ALLOW);
  });

  it('lets template runners and admins register locations, deletes only to admins', async () => {
    const result = async (p: Permission, refs: string[]) =>
      (await decide(p, refs)).result;
    expect(await result(catalogLocationCreatePermission, people.alice)).toBe(
      AuthorizeResult.ALLOW,
    );
    expect(await result(catalogLocationCreatePermission, people.frank)).toBe(
      AuthorizeResult.DENY,
    );
    expect(await result(catalogLocationDeletePermission, people.alice)).toBe(
      AuthorizeResult.DENY,
    );
    expect(await result(catalogLocationDeletePermission, people.ivan)).toBe(
      AuthorizeResult.ALLOW,
    );
    expect(
      await result(unprocessedEntitiesDeletePermission, people.alice),
    ).toBe(AuthorizeResult.DENY);
    expect(await result(unprocessedEntitiesDeletePermission, people.ivan)).toBe(
      AuthorizeResult.ALLOW,
    );
  });

  it('gives platform permissions to the platform group only', async () => {
    const costAdmin = createPermission({
      name: 'cost-tracker.admin',
      attributes: {},
    });
    expect((await decide(costAdmin, people.pat)).result).toBe(
      AuthorizeResult.ALLOW,
    );
    expect((await decide(costAdmin, people.ivan)).result).toBe(
      AuthorizeResult.ALLOW,
    );
    expect((await decide(costAdmin, people.alice)).result).toBe(
      AuthorizeResult.DENY,
    );
  });

  it("shows the portal's developer tools to the platform group only", async () => {
    // the name the frontend's `if` predicates ask for (packages/app/src/App.tsx)
    const developerTools = createPermission({
      name: 'acme.portal.developer-tools',
      attributes: {},
    });
    expect((await decide(developerTools, people.pat)).result).toBe(
      AuthorizeResult.ALLOW,
    );
    expect((await decide(developerTools, people.alice)).result).toBe(
      AuthorizeResult.DENY,
    );
    expect((await decide(developerTools, people.frank)).result).toBe(
      AuthorizeResult.DENY,
    );
  });

  it('lets the platform group alone create and edit campaigns, saying why', async () => {
    // the names of plugins/campaigns-common, in the default platform permissions
    const policy = new AcmePermissionPolicy(roles, mockServices.userInfo());
    for (const name of [
      'campaigns.campaign.create',
      'campaigns.campaign.update',
      // plugins/golden-paths-common: upgrade branches
      'golden-paths.upgrade.create',
    ]) {
      const permission = createPermission({
        name,
        attributes: { action: name.endsWith('create') ? 'create' : 'update' },
      });
      expect((await decide(permission, people.pat)).result).toBe(
        AuthorizeResult.ALLOW,
      );
      expect((await decide(permission, people.alice)).result).toBe(
        AuthorizeResult.DENY,
      );
      expect(policy.explain(permission, people.alice)).toEqual({
        decision: { result: AuthorizeResult.DENY },
        rule: 'platform-permission',
        reason:
          'platform permission; not a member of any platformGroup (group:default/platform)',
      });
    }
  });

  it('gives admin permissions (the audit trail) to admins only', async () => {
    const auditRead = createPermission({
      name: 'audit.events.read',
      attributes: {},
    });
    expect((await decide(auditRead, people.ivan)).result).toBe(
      AuthorizeResult.ALLOW,
    );
    // The platform group alone is not enough.
    expect((await decide(auditRead, people.pat)).result).toBe(
      AuthorizeResult.DENY,
    );
    const policy = new AcmePermissionPolicy(roles, mockServices.userInfo());
    expect(policy.explain(auditRead, people.pat)).toMatchObject({
      rule: 'admin-permission',
      reason:
        'admin permission; not a member of any adminGroup (group:default/platform-admins)',
    });
    expect(policy.explain(auditRead, people.ivan).reason).toBe(
      'admin permission; member of an adminGroup (group:default/platform-admins)',
    );
    expect(
      policy.explain(
        createPermission({ name: 'cost-tracker.admin', attributes: {} }),
        people.pat,
      ).reason,
    ).toBe(
      'platform permission; member of a platformGroup (group:default/platform)',
    );
    expect((await decide(auditRead, people.alice)).result).toBe(
      AuthorizeResult.DENY,
    );
  });

  it('allows other permissions, such as reading Crossplane claims, to every user', async () => {
    const claimsRead = createPermission({
      name: 'crossplane.claims.read',
      attributes: { action: 'read' },
    });
    expect((await decide(claimsRead, people.frank)).result).toBe(
      AuthorizeResult.ALLOW,
    );
  });

  it('allows backend services (no user)', async () => {
    const policy = new AcmePermissionPolicy(roles, mockServices.userInfo());
    expect(
      await policy.handle({ permission: taskCreatePermission }, undefined),
    ).toEqual({ result: AuthorizeResult.ALLOW });
  });
});

describe('readAcmePolicyConfig', () => {
  it('refuses a group name without kind and namespace, naming the key', () => {
    expect(() =>
      readAcmePolicyConfig(
        mockServices.rootConfig({
          data: { permission: { acme: { adminGroups: ['platform-admins'] } } },
        }),
      ),
    ).toThrow(
      /permission\.acme\.adminGroups: 'platform-admins' is not a full entity ref/,
    );
  });

  it('grants nothing when the section is missing', async () => {
    const none = readAcmePolicyConfig(mockServices.rootConfig({ data: {} }));
    expect(none).toEqual({
      adminGroups: [],
      templateRunnerGroups: [],
      platformGroups: [],
      platformPermissions: [
        'cost-tracker.admin',
        'devex-metrics.admin',
        'acme.portal.developer-tools',
        'campaigns.campaign.create',
        'campaigns.campaign.update',
        'golden-paths.upgrade.create',
      ],
      adminPermissions: ['audit.events.read'],
    });
    const policy = new AcmePermissionPolicy(
      none,
      mockServices.userInfo({ ownershipEntityRefs: people.ivan }),
    );
    const decision = await policy.handle(
      { permission: taskCreatePermission },
      {
        credentials: mockCredentials.user(people.ivan[0]),
        info: {
          userEntityRef: people.ivan[0],
          ownershipEntityRefs: people.ivan,
        },
      },
    );
    expect(decision.result).toBe(AuthorizeResult.DENY);
  });
});
