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
import { errors, JWTPayload, jwtVerify } from 'jose';
import { createPublicKey, KeyObject } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { FakeOrg } from './org';

export interface FakeGitHubAppOptions {
  appId: number;
  /** The app's public key (PEM); Backstage signs with the private key. */
  publicKeyPem: string;
}

const INSTALLATION_ID = 4242;
const NOT_DECODED = 'A JSON web token could not be decoded';
const EXPIRED =
  "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires";

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
  async handle(
    req: IncomingMessage,
    method: string,
    url: URL,
  ): Promise<{ status: number; body: unknown } | undefined> {
    const tokens = /^\/api\/v3\/app\/installations\/(\d+)\/access_tokens$/.exec(
      url.pathname,
    );
    const list = url.pathname === '/api/v3/app/installations';
    if (!(method === 'GET' && list) && !(method === 'POST' && tokens)) {
      return undefined;
    }
    const problem = await this.#jwtProblem(req.headers.authorization ?? '');
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

  /** GitHub's message for an app JWT it refuses. */
  async #jwtProblem(authorization: string): Promise<string | undefined> {
    const [scheme, jwt] = authorization.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !jwt) {
      return NOT_DECODED;
    }
    let claims: JWTPayload;
    let expired = false;
    try {
      ({ payload: claims } = await jwtVerify(jwt, this.#key, {
        algorithms: ['RS256'],
      }));
    } catch (error) {
      // An expired JWT of another app is refused as another app's.
      if (!(error instanceof errors.JWTExpired)) {
        return NOT_DECODED;
      }
      claims = error.payload;
      expired = true;
    }
    // Octokit puts the app id in `iss` as a number.
    if (String(claims.iss) !== String(this.options.appId)) {
      return 'Integration not found';
    }
    return expired ? EXPIRED : undefined;
  }
}
