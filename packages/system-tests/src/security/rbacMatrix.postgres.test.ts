import {
  decodeToken,
  mintUserToken,
  SecurityBackend,
  signEs256,
  startSecurityBackend,
} from './__testUtils__/harness';
import { generateKeyPairSync } from 'node:crypto';
import { UnsecuredJWT } from 'jose';

/*
 * The RBAC matrix of issue 8, through real HTTP with real user tokens: every
 * person signs in with GitHub's OAuth web flow (GitHub stand-in), the
 * production sign-in resolver maps them to their catalog User, and each
 * cell is the real endpoint's answer with that person's Backstage token.
 * Roles come from app-config.production.yaml (permission.acme).
 */
jest.setTimeout(300_000);

type Action = 'read' | 'refresh' | 'unregister' | 'execute template';

interface Role {
  role: string;
  /** Suffix of its throw-away entity, rbac-delete-<slug> (fixtures/catalog.yaml). */
  slug: string;
  login: string;
  why: string;
  /** Expected outcome per action: true = allowed. */
  expect: Record<Action, boolean>;
}

const SUBJECT = 'component:default/rbac-subject';
const TEMPLATE = 'template:default/security-echo';

// rbac-subject and the rbac-delete-* entities are owned by team-payments.
const ROLES: Role[] = [
  {
    role: 'owner',
    slug: 'owner',
    login: 'alice.nguyen',
    why: 'team-payments (owner), developers',
    expect: {
      read: true,
      refresh: true,
      unregister: true,
      'execute template': true,
    },
  },
  {
    role: 'non-owner',
    slug: 'non-owner',
    login: 'david.okafor',
    why: 'team-fraud, developers',
    expect: {
      read: true,
      refresh: false,
      unregister: false,
      'execute template': true,
    },
  },
  {
    role: 'admin',
    slug: 'admin',
    login: 'ivan.petrov',
    why: 'platform, platform-admins',
    expect: {
      read: true,
      refresh: true,
      unregister: true,
      'execute template': true,
    },
  },
  {
    role: 'template-group member',
    slug: 'template-member',
    login: 'kenji.watanabe',
    why: 'platform (a templateRunnerGroup), not admin, not owner',
    expect: {
      read: true,
      refresh: false,
      unregister: false,
      'execute template': true,
    },
  },
  {
    role: 'non-member',
    slug: 'non-member',
    login: 'olga.outsider',
    why: 'contractors only (fixture)',
    expect: {
      read: true,
      refresh: false,
      unregister: false,
      'execute template': false,
    },
  },
];

const ACTIONS: Action[] = ['read', 'refresh', 'unregister', 'execute template'];

describe('RBAC matrix with real GitHub sign-in', () => {
  let sec: SecurityBackend;
  const tokens: Record<string, string> = {};
  const cells: Record<string, Record<Action, string>> = {};

  beforeAll(async () => {
    sec = await startSecurityBackend({ name: 'rbac' });
    await sec.waitForEntity(SUBJECT, 90_000);
    await sec.waitForEntity(TEMPLATE);
    for (const { slug } of ROLES) {
      await sec.waitForEntity(`component:default/rbac-delete-${slug}`);
    }
    for (const { login } of ROLES) {
      await sec.waitForEntity(`user:default/${login}`);
    }
    for (const { login } of ROLES) {
      tokens[login] = await sec.signIn(login);
    }
  });

  afterAll(async () => {
    if (Object.keys(cells).length) {
      const header = `| role (user) | ${ACTIONS.join(' | ')} |`;
      const rows = ROLES.filter(r => cells[r.role]).map(
        r =>
          `| ${r.role} (${r.login}) | ${ACTIONS.map(
            a => cells[r.role][a] ?? '-',
          ).join(' | ')} |`,
      );
      // The matrix as measured, for the closing note.
      // eslint-disable-next-line no-console
      console.log(
        [
          'RBAC matrix (HTTP status per cell)',
          header,
          `|---|---|---|---|---|`,
          ...rows,
        ].join('\n'),
      );
    }
    await sec?.stop();
  });

  it('signs each person in as their catalog User with their groups', async () => {
    for (const { login } of ROLES) {
      const res = await sec.fetch('/api/auth/v1/userinfo', {
        token: tokens[login],
      });
      expect(res.status).toBe(200);
      const info = await res.json();
      expect(decodeToken(tokens[login]).payload.sub).toBe(
        `user:default/${login}`,
      );
      expect(info.claims.sub).toBe(`user:default/${login}`);
      expect(info.claims.ent).toContain(`user:default/${login}`);
    }
    const alice = await (
      await sec.fetch('/api/auth/v1/userinfo', {
        token: tokens['alice.nguyen'],
      })
    ).json();
    expect(alice.claims.ent).toEqual(
      expect.arrayContaining([
        'group:default/team-payments',
        'group:default/developers',
      ]),
    );
  });

  async function attempt(role: Role, action: Action): Promise<number> {
    const token = tokens[role.login];
    switch (action) {
      case 'read': {
        const res = await sec.fetch(
          '/api/catalog/entities/by-name/component/default/rbac-subject',
          { token },
        );
        return res.status;
      }
      case 'refresh': {
        const res = await sec.fetch('/api/catalog/refresh', {
          method: 'POST',
          token,
          body: JSON.stringify({ entityRef: SUBJECT }),
        });
        return res.status;
      }
      case 'unregister': {
        const name = `rbac-delete-${role.slug}`;
        const entity = await sec.waitForEntity(`component:default/${name}`);
        const res = await sec.fetch(
          `/api/catalog/entities/by-uid/${entity.metadata.uid}`,
          { method: 'DELETE', token },
        );
        // What the user changed, seen by a service: gone or still there.
        const after = await sec.fetch(
          `/api/catalog/entities/by-uid/${entity.metadata.uid}`,
          { token: sec.staticToken },
        );
        expect(after.status).toBe(res.status === 204 ? 404 : 200);
        return res.status;
      }
      case 'execute template': {
        const res = await sec.fetch('/api/scaffolder/v2/tasks', {
          method: 'POST',
          token,
          body: JSON.stringify({
            templateRef: TEMPLATE,
            values: { name: role.login },
          }),
        });
        if (res.status === 201) {
          const { id } = await res.json();
          const task = await sec.fetch(`/api/scaffolder/v2/tasks/${id}`, {
            token,
          });
          expect((await task.json()).createdBy).toBe(
            `user:default/${role.login}`,
          );
        }
        return res.status;
      }
      default:
        throw new Error(action);
    }
  }

  const allowedStatus: Record<Action, number> = {
    read: 200,
    refresh: 200,
    unregister: 204,
    'execute template': 201,
  };
  // Refused reads would be 404 (filtered), refused actions 403.
  const deniedStatus: Record<Action, number> = {
    read: 404,
    refresh: 403,
    unregister: 403,
    'execute template': 403,
  };

  describe.each(ROLES)('$role ($login: $why)', role => {
    it.each(ACTIONS)('%s', async action => {
      const status = await attempt(role, action);
      cells[role.role] = cells[role.role] ?? ({} as Record<Action, string>);
      cells[role.role][action] = `${status} ${
        status === allowedStatus[action] ? 'allow' : 'deny'
      }`;
      expect(status).toBe(
        role.expect[action] ? allowedStatus[action] : deniedStatus[action],
      );
    });
  });

  it('explains every cell to an admin with the decision the endpoints made', async () => {
    // runs after the matrix: the explanation must agree with what happened
    const mapping: Record<Action, string> = {
      read: 'catalog.entity.read',
      refresh: 'catalog.entity.refresh',
      unregister: 'catalog.entity.delete',
      'execute template': 'scaffolder.task.create',
    };
    for (const role of ROLES) {
      const res = await sec.fetch(
        `/api/permission/acme/explain?user=user:default/${role.login}&entity=${SUBJECT}`,
        { token: tokens['ivan.petrov'] },
      );
      expect(res.status).toBe(200);
      const body = await res.json();
      for (const action of ACTIONS) {
        const line = body.decisions.find(
          (d: { permission: string }) => d.permission === mapping[action],
        );
        const allowed = line.onEntity
          ? line.onEntity.result === 'ALLOW'
          : line.result === 'ALLOW';
        expect({ role: role.role, action, allowed, rule: line.rule }).toEqual({
          role: role.role,
          action,
          allowed: role.expect[action],
          rule: line.rule,
        });
        expect(line.reason.length).toBeGreaterThan(10);
      }
    }
    const forbidden = await sec.fetch(
      '/api/permission/acme/explain?user=user:default/ivan.petrov',
      { token: tokens['alice.nguyen'] },
    );
    expect(forbidden.status).toBe(403);
    const anonymous = await sec.fetch(
      '/api/permission/acme/explain?user=user:default/ivan.petrov',
    );
    expect(anonymous.status).toBe(401);
  });

  it('hides templates from people who may not run them', async () => {
    const path = '/api/catalog/entities/by-name/template/default/security-echo';
    expect(
      (await sec.fetch(path, { token: tokens['alice.nguyen'] })).status,
    ).toBe(200);
    expect(
      (await sec.fetch(path, { token: tokens['olga.outsider'] })).status,
    ).toBe(404);
    const list = await sec.fetch('/api/catalog/entities?filter=kind=template', {
      token: tokens['olga.outsider'],
    });
    expect(list.status).toBe(200);
    expect(await list.json()).toEqual([]);
  });

  it('refuses sign-in to a GitHub user who is not a catalog User', async () => {
    const refused = await sec.signInAttempt('mallory');
    // The popup's web message, as the app would receive it.
    const encoded = /decodeURIComponent\('([^']*)'\)/.exec(refused.frameHtml);
    const message = JSON.parse(decodeURIComponent(encoded![1]));
    expect(message.type).toBe('authorization_response');
    expect(message.response).toBeUndefined();
    expect(message.error.message).toMatch(/unable to resolve user identity/);
    expect(refused.refreshStatus).toBe(401);
    expect(refused.refreshBody.backstageIdentity).toBeUndefined();
  });

  it('refuses guest sign-in in production', async () => {
    const res = await sec.fetch('/api/auth/guest/refresh', {
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(await res.text()).not.toContain('backstageIdentity');
  });

  describe('tokens', () => {
    const probe = (token: string) =>
      sec.fetch(
        '/api/catalog/entities/by-name/component/default/rbac-subject',
        {
          token,
        },
      );

    /** Alice's real token, re-minted by the backend's recipe with other times. */
    const remint = (iat: number, exp: number) => {
      const { payload } = decodeToken(tokens['alice.nguyen']);
      const { uip: _uip, iat: _iat, exp: _exp, ...claims } = payload;
      return mintUserToken({
        claims: claims as { sub: string },
        iat,
        exp,
        key: sec.signingKey.privateKey,
        keyId: sec.signingKey.keyId,
      });
    };

    it('accepts the real token and one minted the same way (control for the expiry test)', async () => {
      expect((await probe(tokens['alice.nguyen'])).status).toBe(200);
      const now = Math.floor(Date.now() / 1000);
      expect((await probe(await remint(now - 10, now + 600))).status).toBe(200);
    });

    it('refuses an expired token with 401', async () => {
      const now = Math.floor(Date.now() / 1000);
      const expired = await remint(now - 7200, now - 3600);
      const res = await probe(expired);
      expect(res.status).toBe(401);
      expect((await res.json()).error.name).toBe('AuthenticationError');
    });

    it('refuses malformed and forged tokens with 401', async () => {
      const { header, payload } = decodeToken(tokens['alice.nguyen']);
      const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const forged = await signEs256(header, payload, other.privateKey);
      const [h, p] = tokens['alice.nguyen'].split('.');
      const elevated = `${h}.${Buffer.from(
        JSON.stringify({ ...payload, sub: 'user:default/ivan.petrov' }),
      ).toString('base64url')}.${tokens['alice.nguyen'].split('.')[2]}`;
      for (const bad of [
        'not-a-jwt',
        'a.b.c',
        `${h}.${p}.`,
        `${h}.${p}`,
        forged,
        elevated,
        // unsigned (alg "none")
        new UnsecuredJWT(payload).encode(),
      ]) {
        const res = await probe(bad);
        expect({ bad, status: res.status }).toEqual({ bad, status: 401 });
      }
      // and a non-Bearer scheme is no credential at all
      const basic = await sec.fetch('/api/catalog/entities', {
        headers: { Authorization: 'Basic YWxpY2U6cGFzc3dvcmQ=' },
      });
      expect(basic.status).toBe(401);
    });
  });
});
