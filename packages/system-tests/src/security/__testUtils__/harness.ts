/*
 * The security tests' backend: the real backend process (src/index.ts) with
 * app-config.yaml + app-config.production.yaml on the test PostgreSQL, plus
 * one test layer that
 *   - points GitHub sign-in (auth.providers.github.production) and the GitHub
 *     integration at a GitHub stand-in on 127.0.0.1 (OAuth app included),
 *   - adds the test fixture location (fixtures/catalog.yaml) to the
 *     production locations,
 *   - uses a static signing key (auth.keyStore.provider static, a key pair
 *     generated per run) so that the token tests can sign a token exactly
 *     like the backend does but with an expired `exp`.
 * Users sign in through the real OAuth web flow (the GitHub stand-in of
 * @internal/test-fakes, github/signIn.ts).
 */
import { generateKeyPairSync, KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  FakeGitHub,
  fakeGitHubAccount,
  FakeGitHubOrg,
  githubSignIn,
  GitHubSignInAttempt,
  githubSignInAttempt,
} from '@internal/test-fakes';
import {
  dropTestDatabases,
  productionEnv,
  repoRoot,
  RunningBackend,
  startBackendProcess,
} from '../../__testUtils__/runBackend';
import { testPostgresUrl } from '@internal/test-fakes';
import {
  decodeJwt,
  decodeProtectedHeader,
  GeneralSign,
  JWTPayload,
  ProtectedHeaderParameters,
  SignJWT,
} from 'jose';

/** The people of catalog/org/users.yaml (+ the fixture's outsider) on GitHub. */
const CATALOG_LOGINS = [
  'alice.nguyen',
  'bob.martinez',
  'carla.schmidt',
  'david.okafor',
  'emma.larsen',
  'farah.haddad',
  'george.kim',
  'hannah.mueller',
  'ivan.petrov',
  'julia.santos',
  'kenji.watanabe',
  'olga.outsider',
];

export interface CatalogLocation {
  type: 'file' | 'url';
  target: string;
  rules?: { allow: string[] }[];
}

export interface SecurityBackend {
  backend: RunningBackend;
  gh: FakeGitHub;
  /** A static external-access token (service principal, like a CI job). */
  staticToken: string;
  /** Secret values the backend was configured with, for leak scans. */
  secrets: Record<string, string>;
  /** The key the backend signs user tokens with, and its id. */
  signingKey: { privateKey: KeyObject; keyId: string };
  /** Signs in through GitHub's OAuth web flow; returns the Backstage token. */
  signIn(login: string): Promise<string>;
  /** Runs the OAuth flow and returns what the frame handler and refresh said. */
  signInAttempt(login: string): Promise<GitHubSignInAttempt>;
  fetch(
    pathAndQuery: string,
    init?: RequestInit & { token?: string },
  ): Promise<Response>;
  /** Waits until the catalog serves the entity (using the static token). */
  waitForEntity(ref: string, timeoutMs?: number): Promise<any>;
  stop(): Promise<void>;
}

/** Signs a JWT with ES256, as the auth backend's key store does. */
export function signEs256(
  header: { typ?: string; kid?: string },
  payload: JWTPayload,
  key: KeyObject,
): Promise<string> {
  return new SignJWT(payload)
    .setProtectedHeader({ ...header, alg: 'ES256' })
    .sign(key);
}

/**
 * Mints a user token exactly as the auth backend's issueUserToken does
 * (@backstage/plugin-auth-backend, identity/issueUserToken): the same header,
 * claims and `uip` (the signature of a JWS over {sub, iat, exp} with the
 * limited-user header), signed with the backend's key, but with the
 * `iat`/`exp` we choose.
 */
export async function mintUserToken(options: {
  claims: JWTPayload & { sub: string };
  iat: number;
  exp: number;
  key: KeyObject;
  keyId: string;
}): Promise<string> {
  const { claims, iat, exp, key, keyId } = options;
  const limitedUser = await new GeneralSign(
    new TextEncoder().encode(JSON.stringify({ sub: claims.sub, iat, exp })),
  )
    .addSignature(key)
    .setProtectedHeader({
      typ: 'vnd.backstage.limited-user',
      alg: 'ES256',
      kid: keyId,
    })
    .done()
    .sign();
  const uip = limitedUser.signatures[0].signature;
  return signEs256(
    { typ: 'vnd.backstage.user', kid: keyId },
    { ...claims, iat, exp, uip },
    key,
  );
}

/** Header and claims of a token, unverified. */
export function decodeToken(token: string): {
  header: ProtectedHeaderParameters;
  payload: JWTPayload;
} {
  return { header: decodeProtectedHeader(token), payload: decodeJwt(token) };
}

export async function startSecurityBackend(options: {
  name: string;
  /** Locations added after the production ones and the fixture. */
  extraLocations?: CatalogLocation[];
  /** More config for the test layer (merged over production). */
  extraConfig?: Record<string, unknown>;
  /** Further environment for the backend. */
  env?: Record<string, string>;
  /** Repositories the GitHub stand-in serves. */
  repos?: FakeGitHubOrg['repos'];
}): Promise<SecurityBackend> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `idp-${options.name}-`));
  const prefix = `${options.name.replace(/\W/g, '')}${Date.now().toString(
    36,
  )}_`;
  const staticToken = `${options.name}-static-token-0123456789abcdef`;
  const ghToken = 'ghs_securityTestInstallationToken0123';
  const webhookSecret = 'github-webhook-secret-8c2e41d9';
  const oauthApp = {
    clientId: 'Iv1.securitytestclient',
    clientSecret: 'oauth-client-secret-5f3a9c1e7b',
  };
  const gh = await new FakeGitHub({
    org: {
      login: 'acme',
      repos: options.repos ?? [],
      teams: [],
      users: CATALOG_LOGINS.map(fakeGitHubAccount),
    },
    token: ghToken,
    oauthApp,
  }).start();
  // A real GitHub account that is not a person in the catalog.
  gh.oauth!.extraUsers.push(fakeGitHubAccount('mallory', 99));

  const { privateKey, publicKey } = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
  });
  const keyId = `security-test-${Date.now()}`;
  writeFileSync(
    path.join(dir, 'public.pem'),
    publicKey.export({ type: 'spki', format: 'pem' }),
  );
  writeFileSync(
    path.join(dir, 'private.pem'),
    privateKey.export({ type: 'pkcs8', format: 'pem' }),
  );

  const layer = {
    auth: {
      keyStore: {
        provider: 'static',
        static: {
          keys: [
            {
              keyId,
              publicKeyFile: path.join(dir, 'public.pem'),
              privateKeyFile: path.join(dir, 'private.pem'),
              algorithm: 'ES256',
            },
          ],
        },
      },
    },
    catalog: {
      locations: [
        // the production locations (arrays replace, so they are repeated)
        {
          type: 'file',
          target: './catalog/all.yaml',
          rules: [{ allow: ['User', 'Group'] }],
        },
        {
          type: 'file',
          target: './templates/all.yaml',
          rules: [{ allow: ['Template', 'Location'] }],
        },
        {
          type: 'file',
          target: './packages/system-tests/src/security/fixtures/catalog.yaml',
          rules: [{ allow: ['User', 'Group', 'Template'] }],
        },
        ...(options.extraLocations ?? []),
      ],
    },
    ...options.extraConfig,
  };
  const layerFile = path.join(dir, 'app-config.security-test.yaml');
  // JSON is YAML.
  writeFileSync(layerFile, JSON.stringify(layer, null, 2));

  const postgresPassword =
    decodeURIComponent(testPostgresUrl().password) || 'unused';
  let backend: RunningBackend;
  try {
    backend = await startBackendProcess({
      configs: [
        'app-config.yaml',
        'app-config.production.yaml',
        path.relative(repoRoot, layerFile),
      ],
      env: baseUrl => ({
        ...productionEnv({ baseUrl, staticToken }),
        APP_CONFIG_backend_database_prefix: prefix,
        GITHUB_TOKEN: ghToken,
        GITHUB_HOST: gh.host,
        GITHUB_API_BASE_URL: gh.apiBaseUrl,
        GITHUB_WEBHOOK_SECRET: webhookSecret,
        ...gh.authEnv(),
        ...options.env,
      }),
    });
  } catch (error) {
    await gh.stop();
    throw error;
  }

  const base = backend.baseUrl;
  const doFetch: SecurityBackend['fetch'] = (pathAndQuery, init = {}) => {
    const { token, headers, ...rest } = init;
    return fetch(`${base}${pathAndQuery}`, {
      ...rest,
      headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(rest.body ? { 'Content-Type': 'application/json' } : {}),
        ...(headers as Record<string, string>),
      },
    });
  };

  const signInAttempt = (login: string) => githubSignInAttempt(base, gh, login);
  const signIn = (login: string) => githubSignIn(base, gh, login);

  async function waitForEntity(ref: string, timeoutMs = 120_000) {
    const [kind, rest] = ref.split(':');
    const [namespace, name] = rest.split('/');
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await doFetch(
        `/api/catalog/entities/by-name/${kind}/${namespace}/${name}`,
        { token: staticToken },
      );
      if (res.ok) return res.json();
      if (Date.now() > deadline) {
        // The catalog's own account of why: warnings and errors it logged.
        const problems = backend
          .output()
          .split('\n')
          .filter(
            l =>
              /"level":"(warn|error)"/.test(l) &&
              !/backend.baseUrl is set to a localhost/.test(l),
          )
          .slice(-30)
          .join('\n');
        throw new Error(`entity ${ref} not in the catalog:\n${problems}`);
      }
      await new Promise(r => setTimeout(r, 1000));
    }
  }

  return {
    backend,
    gh,
    staticToken,
    secrets: {
      staticToken,
      githubToken: ghToken,
      oauthClientSecret: oauthApp.clientSecret,
      webhookSecret,
      postgresPassword,
    },
    signingKey: { privateKey, keyId },
    signIn,
    signInAttempt,
    fetch: doFetch,
    waitForEntity,
    async stop() {
      await backend.stop();
      await gh.stop();
      rmSync(dir, { recursive: true, force: true });
      await dropTestDatabases(prefix);
    },
  };
}
