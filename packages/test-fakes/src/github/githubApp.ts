/*
 * GitHub App authentication, as the stand-in serves it (what Backstage's
 * GithubAppManager does when integrations.github[].apps is configured):
 *
 *   GET  /api/v3/app/installations                      app JWT (RS256, iss =
 *                                                       app id) → installations
 *   POST /api/v3/app/installations/{id}/access_tokens   app JWT → installation
 *                                                       token (1 hour)
 *
 * The installation token is the stand-in's token, so every other call checks
 * it as before. A JWT that is not signed by the app's key, names another app
 * or has expired gets GitHub's 401.
 */
import { createPublicKey, createVerify, KeyObject } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { FakeOrg } from './org';

export interface FakeGitHubAppOptions {
  appId: number;
  /** The app's public key (PEM); Backstage signs with the private key. */
  publicKeyPem: string;
}

const INSTALLATION_ID = 4242;

export class FakeGitHubApp {
  /** Installation tokens handed out. */
  tokensIssued = 0;
  /** App JWTs refused. */
  jwtRejected = 0;
  readonly #key: KeyObject;

  constructor(
    private readonly options: FakeGitHubAppOptions,
    private readonly org: () => FakeOrg,
    private readonly installationToken: string,
  ) {
    this.#key = createPublicKey(options.publicKeyPem);
  }

  /** The answer to an /app/* call, or undefined when it is not one. */
  handle(
    req: IncomingMessage,
    method: string,
    url: URL,
  ): { status: number; body: unknown } | undefined {
    const tokens = /^\/api\/v3\/app\/installations\/(\d+)\/access_tokens$/.exec(
      url.pathname,
    );
    const list = url.pathname === '/api/v3/app/installations';
    if (!(method === 'GET' && list) && !(method === 'POST' && tokens)) {
      return undefined;
    }
    const problem = this.#jwtProblem(req.headers.authorization ?? '');
    if (problem) {
      this.jwtRejected++;
      return {
        status: 401,
        body: {
          message: problem,
          documentation_url: 'https://docs.github.com/rest',
        },
      };
    }
    const account = { login: this.org().login, type: 'Organization' };
    if (list) {
      return {
        status: 200,
        body: [
          {
            id: INSTALLATION_ID,
            account,
            app_id: this.options.appId,
            target_type: 'Organization',
            repository_selection: 'all',
            suspended_at: null,
          },
        ],
      };
    }
    if (Number(tokens![1]) !== INSTALLATION_ID) {
      return { status: 404, body: { message: 'Not Found' } };
    }
    this.tokensIssued++;
    return {
      status: 201,
      body: {
        token: this.installationToken,
        expires_at: new Date(Date.now() + 3600_000).toISOString(),
        permissions: { contents: 'read', metadata: 'read', members: 'read' },
        repository_selection: 'all',
      },
    };
  }

  #jwtProblem(authorization: string): string | undefined {
    const [scheme, jwt] = authorization.split(' ');
    const parts = (jwt ?? '').split('.');
    if (scheme?.toLowerCase() !== 'bearer' || parts.length !== 3) {
      return 'A JSON web token could not be decoded';
    }
    const [header, payload, signature] = parts;
    const verify = createVerify('RSA-SHA256');
    verify.update(`${header}.${payload}`);
    if (!verify.verify(this.#key, Buffer.from(signature, 'base64url'))) {
      return 'A JSON web token could not be decoded';
    }
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    if (String(claims.iss) !== String(this.options.appId)) {
      return `Integration not found`;
    }
    if (Number(claims.exp) * 1000 < Date.now()) {
      return "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires";
    }
    return undefined;
  }
}
