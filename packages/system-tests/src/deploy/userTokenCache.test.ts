/*
 * The backend-defaults patch of .yarn/patches (README, "Patched upstream
 * packages"): a user token whose signature has been checked is not checked
 * again for a minute, never past its expiry, and nothing but that exact
 * token is let through by it. Runs the patched UserTokenHandler against a
 * real JWKS endpoint on 127.0.0.1; jose's jwtVerify is counted, not replaced.
 */
import { createServer, Server } from 'http';
import { AddressInfo } from 'net';
import path from 'path';

jest.mock('jose', () => {
  const actual = jest.requireActual('jose');
  return { ...actual, jwtVerify: jest.fn(actual.jwtVerify) };
});

// eslint-disable-next-line @typescript-eslint/no-require-imports
const jose = require('jose') as typeof import('jose') & {
  jwtVerify: jest.Mock;
};

/** The handler every plugin's auth service verifies user tokens with. */
const { UserTokenHandler } = require(path.join(
  path.dirname(require.resolve('@backstage/backend-defaults/package.json')),
  'dist/entrypoints/auth/user/UserTokenHandler.cjs.js',
)) as {
  UserTokenHandler: {
    create(options: {
      discovery: { getBaseUrl(pluginId: string): Promise<string> };
      logger: unknown;
    }): {
      verifyToken(
        token: string,
      ): Promise<{ userEntityRef: string } | undefined>;
    };
  };
};

describe('verified user tokens (backend-defaults patch)', () => {
  let server: Server;
  let baseUrl: string;
  let privateKey: CryptoKey;

  beforeAll(async () => {
    const pair = await jose.generateKeyPair('ES256');
    privateKey = pair.privateKey as CryptoKey;
    const jwk = {
      ...(await jose.exportJWK(pair.publicKey)),
      kid: 'k1',
      alg: 'ES256',
    };
    server = createServer((req, res) => {
      res.writeHead(req.url === '/api/auth/.well-known/jwks.json' ? 200 : 404, {
        'content-type': 'application/json',
      });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise(r => server.close(r)));
  afterEach(() => jest.useRealTimers());

  const handler = () =>
    UserTokenHandler.create({
      discovery: { getBaseUrl: async id => `${baseUrl}/api/${id}` },
      logger: { warn: jest.fn() },
    });
  const userToken = (sub: string, expiresInSeconds: number) =>
    new jose.SignJWT({ sub, ent: [sub] })
      .setProtectedHeader({
        alg: 'ES256',
        kid: 'k1',
        typ: 'vnd.backstage.user',
      })
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + expiresInSeconds)
      .sign(privateKey);

  it('checks the signature of a token once a minute, not on every request', async () => {
    const users = handler();
    const token = await userToken('user:default/ada', 3600);
    jose.jwtVerify.mockClear();
    for (let i = 0; i < 5; i++) {
      await expect(users.verifyToken(token)).resolves.toEqual({
        userEntityRef: 'user:default/ada',
      });
    }
    expect(jose.jwtVerify).toHaveBeenCalledTimes(1);

    jest.useFakeTimers({
      now: Date.now() + 61_000,
      doNotFake: ['nextTick', 'setImmediate'],
    });
    await expect(users.verifyToken(token)).resolves.toEqual({
      userEntityRef: 'user:default/ada',
    });
    expect(jose.jwtVerify).toHaveBeenCalledTimes(2);
  });

  it('lets through no other token because one was verified', async () => {
    const users = handler();
    const token = await userToken('user:default/ada', 3600);
    await users.verifyToken(token);
    const [header, , signature] = token.split('.');
    const forgedPayload = jose.base64url.encode(
      JSON.stringify({ sub: 'user:default/admin', ent: [], iat: 1, exp: 4e9 }),
    );
    await expect(
      users.verifyToken(`${header}.${forgedPayload}.${signature}`),
    ).rejects.toThrow('Failed user token verification');
  });

  it('rejects a verified token once it has expired', async () => {
    const users = handler();
    const token = await userToken('user:default/ada', 20);
    await expect(users.verifyToken(token)).resolves.toBeDefined();
    jest.useFakeTimers({
      now: Date.now() + 30_000,
      doNotFake: ['nextTick', 'setImmediate'],
    });
    await expect(users.verifyToken(token)).rejects.toThrow(
      'Failed user token verification',
    );
  });
});
