import { PermissionsService } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { CachedPermissionsService } from './CachedPermissionsService';

const read = createPermission({
  name: 'catalog.entity.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});
const del = createPermission({
  name: 'catalog.entity.delete',
  attributes: { action: 'delete' },
  resourceType: 'catalog-entity',
});
const create = createPermission({
  name: 'catalog.entity.create',
  attributes: { action: 'create' },
});
const alice = mockCredentials.user('user:default/alice');
const bob = mockCredentials.user('user:default/bob');

/** The permission backend: answers by user, counts the requests. */
function permissionBackend() {
  const calls: string[] = [];
  let fail = false;
  const decide = (credentials: unknown) => {
    const user = (credentials as typeof alice).principal.userEntityRef;
    calls.push(user);
    if (fail) return Promise.reject(new Error('permission backend: 503'));
    return Promise.resolve(
      user === 'user:default/alice'
        ? AuthorizeResult.ALLOW
        : AuthorizeResult.DENY,
    );
  };
  const delegate: PermissionsService = {
    authorize: async (requests, { credentials }) => {
      const result = await decide(credentials);
      return requests.map(() => ({ result }));
    },
    authorizeConditional: async (requests, { credentials }) => {
      const result = await decide(credentials);
      return requests.map(() => ({ result }));
    },
  };
  return {
    delegate,
    calls,
    failing: (value: boolean) => {
      fail = value;
    },
  };
}

describe('CachedPermissionsService', () => {
  let now: number;
  let backend: ReturnType<typeof permissionBackend>;
  let service: CachedPermissionsService;

  beforeEach(() => {
    now = 1_000_000;
    backend = permissionBackend();
    service = new CachedPermissionsService(backend.delegate, {
      auth: mockServices.auth(),
      ttlMs: 5_000,
      now: () => now,
    });
  });

  it('asks once for the same user and question within the TTL, again after it', async () => {
    const ask = () =>
      service.authorizeConditional([{ permission: read }], {
        credentials: alice,
      });
    await expect(ask()).resolves.toEqual([{ result: AuthorizeResult.ALLOW }]);
    now += 4_999;
    await expect(ask()).resolves.toEqual([{ result: AuthorizeResult.ALLOW }]);
    expect(backend.calls).toHaveLength(1);
    now += 2;
    await ask();
    expect(backend.calls).toHaveLength(2);
  });

  it("never answers one user with another's decision", async () => {
    await service.authorizeConditional([{ permission: read }], {
      credentials: alice,
    });
    await expect(
      service.authorizeConditional([{ permission: read }], {
        credentials: bob,
      }),
    ).resolves.toEqual([{ result: AuthorizeResult.DENY }]);
    expect(backend.calls).toEqual(['user:default/alice', 'user:default/bob']);
  });

  it('keeps apart methods, permissions and resources', async () => {
    const options = { credentials: alice };
    await service.authorizeConditional([{ permission: read }], options);
    await service.authorize([{ permission: create }], options);
    await service.authorize(
      [{ permission: read, resourceRef: 'component:default/a' }],
      options,
    );
    await service.authorize(
      [{ permission: read, resourceRef: 'component:default/b' }],
      options,
    );
    await service.authorize(
      [{ permission: del, resourceRef: 'component:default/b' }],
      options,
    );
    expect(backend.calls).toHaveLength(5);
    await service.authorize(
      [{ permission: read, resourceRef: 'component:default/b' }],
      options,
    );
    expect(backend.calls).toHaveLength(5);
  });

  it('shares one request among concurrent identical checks', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        service.authorizeConditional([{ permission: read }], {
          credentials: alice,
        }),
      ),
    );
    expect(results).toHaveLength(20);
    expect(backend.calls).toHaveLength(1);
  });

  it('does not keep a failed check', async () => {
    backend.failing(true);
    await expect(
      service.authorizeConditional([{ permission: read }], {
        credentials: alice,
      }),
    ).rejects.toThrow('503');
    backend.failing(false);
    await expect(
      service.authorizeConditional([{ permission: read }], {
        credentials: alice,
      }),
    ).resolves.toEqual([{ result: AuthorizeResult.ALLOW }]);
    expect(backend.calls).toHaveLength(2);
  });

  it("tells a user's tokens apart by their expiry, never keeping a decision past it", async () => {
    const auth = mockServices.auth();
    const getLimitedUserToken = jest.spyOn(auth, 'getLimitedUserToken');
    const cached = new CachedPermissionsService(backend.delegate, {
      auth,
      ttlMs: 5_000,
      now: () => now,
    });
    const token = (expiresAt: number) => ({
      ...alice,
      expiresAt: new Date(expiresAt),
    });
    const ask = (credentials: typeof alice) =>
      cached.authorizeConditional([{ permission: read }], { credentials });
    const first = now + 3_000;
    await ask(token(first));
    await ask(token(first)); // the same token on another request
    expect(backend.calls).toHaveLength(1);
    const second = now + 3_600_000;
    await ask(token(second)); // signed in again: a new token
    expect(backend.calls).toHaveLength(2);
    now = first; // the first token expires before the TTL would
    await ask(token(first));
    expect(backend.calls).toHaveLength(3);
    // the second token as a scaffolder task restores its credentials from
    // JSON, with the expiry as a string: still that token
    const restored = {
      ...alice,
      expiresAt: new Date(second).toISOString(),
    } as unknown as typeof alice;
    await ask(restored);
    expect(backend.calls).toHaveLength(3);
    expect(getLimitedUserToken).not.toHaveBeenCalled();
  });

  it('passes service principals straight through', async () => {
    const calls: number[] = [];
    const passthrough = new CachedPermissionsService(
      {
        authorize: async requests => {
          calls.push(1);
          return requests.map(() => ({ result: AuthorizeResult.ALLOW }));
        },
        authorizeConditional: async () => [],
      },
      { auth: mockServices.auth(), now: () => now },
    );
    const credentials = mockCredentials.service('plugin:scaffolder');
    await passthrough.authorize([{ permission: create }], { credentials });
    await passthrough.authorize([{ permission: create }], { credentials });
    expect(calls).toHaveLength(2);
  });
});
