/*
 * GitHub's OAuth web flow, as the stand-in serves it (the part of GitHub that
 * Backstage's `github` sign-in provider talks to when pointed at a GitHub
 * Enterprise Server with `enterpriseInstanceUrl`):
 *
 *   GET  /login/oauth/authorize     the browser arrives here; with a GitHub
 *                                   session (cookie `user_session`) it is sent
 *                                   back to redirect_uri with ?code&state, as
 *                                   after "Authorize"; without one GitHub
 *                                   would show its login form (here: 200 HTML)
 *   POST /login/oauth/access_token  code + client credentials → access token
 *                                   (GitHub answers errors with 200 and an
 *                                   `error` field, so does the stand-in)
 *   GET  /api/v3/user               the signed-in user, for the access token
 *
 * Codes are single use and expire after 10 minutes, like GitHub's.
 */
import { randomBytes } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { FakeOrg, FakeUser } from './org';

export interface FakeOAuthApp {
  clientId: string;
  clientSecret: string;
}

interface Grant {
  login: string;
  redirectUri: string;
  scope: string;
  expiresAt: number;
}

export const SESSION_COOKIE = 'user_session';

export class FakeGitHubOAuth {
  /** Every access token handed out, with the user it belongs to. */
  readonly tokens = new Map<string, { login: string; scope: string }>();
  readonly #codes = new Map<string, Grant>();
  readonly #sessions = new Map<string, string>();

  constructor(
    private readonly app: FakeOAuthApp,
    private readonly org: () => FakeOrg,
  ) {}

  /**
   * A GitHub web session for `login`, as the `Cookie` header value a browser
   * signed in to GitHub would send. The login need not be an org member
   * (any GitHub account can authorize an OAuth app); it must exist in
   * `extraUsers` or the org.
   */
  sessionCookie(login: string): string {
    const id = randomBytes(16).toString('hex');
    this.#sessions.set(id, login);
    return `${SESSION_COOKIE}=${id}`;
  }

  /** GitHub users outside the org (they can still sign in to GitHub). */
  readonly extraUsers: FakeUser[] = [];

  #user(login: string): FakeUser | undefined {
    return [...this.org().users, ...this.extraUsers].find(
      u => u.login === login,
    );
  }

  /** Returns true when the request was an OAuth one and has been answered. */
  handle(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    body: string,
  ): boolean {
    const method = req.method ?? 'GET';
    if (method === 'GET' && url.pathname === '/login/oauth/authorize') {
      this.#authorize(req, res, url);
      return true;
    }
    if (method === 'POST' && url.pathname === '/login/oauth/access_token') {
      this.#accessToken(req, res, body);
      return true;
    }
    if (method === 'GET' && url.pathname === '/api/v3/user') {
      const auth = req.headers.authorization ?? '';
      const token = /^(?:token|bearer) (.+)$/i.exec(auth)?.[1];
      const grant = token ? this.tokens.get(token) : undefined;
      const user = grant && this.#user(grant.login);
      if (!user) {
        send(res, 401, {
          message: 'Bad credentials',
          documentation_url: 'https://docs.github.com/rest',
        });
        return true;
      }
      send(res, 200, {
        login: user.login,
        id: Number(user.id.replace(/\D/g, '')) || 1,
        node_id: user.id,
        avatar_url: `http://${req.headers.host}/avatars/${user.login}`,
        html_url: `http://${req.headers.host}/${user.login}`,
        type: 'User',
        name: user.name,
        email: user.email,
      });
      return true;
    }
    return false;
  }

  #authorize(req: IncomingMessage, res: ServerResponse, url: URL) {
    const q = url.searchParams;
    if (q.get('client_id') !== this.app.clientId) {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<h1>404: unknown OAuth application</h1>');
      return;
    }
    const redirectUri = q.get('redirect_uri');
    if (!redirectUri) {
      res.writeHead(400, { 'content-type': 'text/html' });
      res.end('<h1>redirect_uri is required</h1>');
      return;
    }
    const cookies = parseCookies(req.headers.cookie);
    const login = this.#sessions.get(cookies[SESSION_COOKIE] ?? '');
    if (!login || !this.#user(login)) {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<form action="/session" method="post">Sign in to GitHub</form>');
      return;
    }
    const code = randomBytes(10).toString('hex');
    this.#codes.set(code, {
      login,
      redirectUri,
      scope: q.get('scope') ?? '',
      expiresAt: Date.now() + 10 * 60_000,
    });
    const back = new URL(redirectUri);
    back.searchParams.set('code', code);
    const state = q.get('state');
    if (state !== null) back.searchParams.set('state', state);
    res.writeHead(302, { location: back.toString() });
    res.end();
  }

  #accessToken(req: IncomingMessage, res: ServerResponse, body: string) {
    const type = String(req.headers['content-type'] ?? '');
    const params: Record<string, string> = type.includes('json')
      ? JSON.parse(body || '{}')
      : Object.fromEntries(new URLSearchParams(body));
    const answer = (value: Record<string, string>) => {
      if (String(req.headers.accept ?? '').includes('json')) {
        send(res, 200, value);
      } else {
        res.writeHead(200, {
          'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
        });
        res.end(new URLSearchParams(value).toString());
      }
    };
    if (
      params.client_id !== this.app.clientId ||
      params.client_secret !== this.app.clientSecret
    ) {
      answer({
        error: 'incorrect_client_credentials',
        error_description:
          'The client_id and/or client_secret passed are incorrect.',
      });
      return;
    }
    const grant = this.#codes.get(params.code ?? '');
    this.#codes.delete(params.code ?? '');
    if (
      !grant ||
      grant.expiresAt < Date.now() ||
      (params.redirect_uri && params.redirect_uri !== grant.redirectUri)
    ) {
      answer({
        error: 'bad_verification_code',
        error_description: 'The code passed is incorrect or expired.',
      });
      return;
    }
    const token = `gho_${randomBytes(18).toString('hex')}`;
    this.tokens.set(token, { login: grant.login, scope: grant.scope });
    answer({ access_token: token, token_type: 'bearer', scope: grant.scope });
  }
}

export function parseCookies(
  header: string | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
