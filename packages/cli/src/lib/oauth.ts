import crypto from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { CliError, throwForPortalStatus, unreachableError } from './errors';
import { StoredLogin } from './credentials';

/** The part of the portal's OpenID configuration the CLI uses. */
export interface PortalOidcConfig {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  revocation_endpoint?: string;
  client_id_metadata_document_supported?: boolean;
}

interface TokenResponse {
  access_token: string;
  expires_in: number;
  refresh_token?: string;
}

/** Removes a trailing slash: `http://localhost:7007/` → `http://localhost:7007`. */
export function normalizePortalUrl(portal: string): string {
  let url: URL;
  try {
    url = new URL(portal);
  } catch {
    throw new CliError(
      `"${portal}" is not a URL, e.g. https://portal.acme.example`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliError(`"${portal}" is not an http(s) URL`);
  }
  return url.toString().replace(/\/+$/, '');
}

async function portalFetch(
  portal: string,
  url: string,
  init?: RequestInit,
): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, {
      ...init,
      signal: AbortSignal.timeout(30_000),
    });
  } catch (e) {
    throw unreachableError(portal, e);
  }
  await throwForPortalStatus(response, portal);
  return response;
}

/**
 * Reads the auth backend's OpenID configuration; the portal must accept
 * clients by their Client ID Metadata Documents (auth.clientIdMetadataDocuments).
 */
export async function readOidcConfig(
  portal: string,
): Promise<PortalOidcConfig> {
  const response = await portalFetch(
    portal,
    `${portal}/api/auth/.well-known/openid-configuration`,
  );
  if (!response.ok) {
    throw new CliError(
      `${portal} does not look like a Backstage portal (GET /api/auth/.well-known/openid-configuration answered ${response.status})`,
    );
  }
  const config = (await response.json()) as PortalOidcConfig;
  if (!config.client_id_metadata_document_supported) {
    throw new CliError(
      `${portal} does not accept sign-in from the command line: its auth backend needs auth.clientIdMetadataDocuments.enabled`,
    );
  }
  return config;
}

const base64url = (buffer: Buffer) => buffer.toString('base64url');

/** The user entity ref in a Backstage token (its `sub`), without verifying it. */
export function tokenSubject(token: string): string {
  try {
    const payload = JSON.parse(
      Buffer.from(token.split('.')[1], 'base64url').toString('utf8'),
    );
    return typeof payload.sub === 'string' ? payload.sub : 'unknown user';
  } catch {
    return 'unknown user';
  }
}

const page = (title: string, text: string) =>
  `<!doctype html><meta charset="utf-8"><title>${title}</title><body style="font-family:sans-serif;margin:4em"><h1>${title}</h1><p>${text}</p></body>`;

/**
 * A one-shot HTTP server on 127.0.0.1 (a port the OS picks) that receives
 * the browser's redirect with the authorization code (RFC 8252 loopback
 * redirect). The auth backend accepts any port of a loopback redirect URI
 * registered by the client's metadata document.
 */
async function startLoopback(state: string) {
  let settle!: {
    resolve: (code: string) => void;
    reject: (e: Error) => void;
  };
  const result = new Promise<string>((resolve, reject) => {
    settle = { resolve, reject };
  });
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/callback') {
      res.writeHead(404).end();
      return;
    }
    res.setHeader('content-type', 'text/html; charset=utf-8');
    if (url.searchParams.get('state') !== state) {
      res
        .writeHead(400)
        .end(
          page(
            'Sign-in failed',
            'The answer does not belong to this sign-in; run idp login again.',
          ),
        );
      return;
    }
    const error = url.searchParams.get('error');
    if (error) {
      const description = url.searchParams.get('error_description') ?? error;
      res
        .writeHead(400)
        .end(
          page('Sign-in cancelled', `${description}. You can close this tab.`),
        );
      settle.reject(new CliError(`Sign-in was not completed: ${description}`));
      return;
    }
    const code = url.searchParams.get('code');
    if (!code) {
      res.writeHead(400).end(page('Sign-in failed', 'No authorization code.'));
      return;
    }
    res
      .writeHead(200)
      .end(
        page(
          'Signed in',
          'The idp command line is signed in to the portal. You can close this tab and return to the terminal.',
        ),
      );
    settle.resolve(code);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    redirectUri: `http://127.0.0.1:${port}/callback`,
    code: result,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function tokenRequest(
  portal: string,
  tokenEndpoint: string,
  body: Record<string, string>,
): Promise<TokenResponse> {
  const response = await portalFetch(portal, tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = await response.json().catch(() => ({}));
  if (!response.ok || typeof json.access_token !== 'string') {
    throw new CliError(
      `The portal did not issue a token: ${
        json.error_description ?? json.error ?? response.status
      }`,
    );
  }
  return json as TokenResponse;
}

/**
 * Signs in the way a person does: the OAuth 2.0 authorization code flow with
 * PKCE of the auth backend, as the "Backstage CLI" public client (its Client
 * ID Metadata Document is served by the portal itself). The browser opens
 * the portal's consent page, where the person signs in with the portal's
 * sign-in (guest on a laptop, GitHub in production) and approves; the code
 * comes back to a loopback server of this process and is exchanged for the
 * person's own Backstage token. No secret is shared or stored besides it.
 */
export async function loginWithBrowser(options: {
  portal: string;
  /** Shows the URL to open (and opens it when a browser is available). */
  openUrl: (url: string) => void;
  timeoutMs?: number;
}): Promise<StoredLogin> {
  const { portal } = options;
  const oidc = await readOidcConfig(portal);
  const clientId = `${oidc.issuer}/.well-known/oauth-client/cli.json`;

  const verifier = base64url(crypto.randomBytes(32));
  const challenge = base64url(
    crypto.createHash('sha256').update(verifier).digest(),
  );
  const state = base64url(crypto.randomBytes(16));
  const loopback = await startLoopback(state);
  try {
    const authorize = new URL(oidc.authorization_endpoint);
    authorize.search = new URLSearchParams({
      client_id: clientId,
      redirect_uri: loopback.redirectUri,
      response_type: 'code',
      scope: 'openid offline_access',
      state,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }).toString();
    options.openUrl(authorize.toString());

    const timeoutMs = options.timeoutMs ?? 5 * 60_000;
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      loopback.code,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new CliError(
                `No sign-in within ${Math.round(
                  timeoutMs / 60_000,
                )} minutes; run idp login again`,
              ),
            ),
          timeoutMs,
        );
      }),
    ]).finally(() => clearTimeout(timer));

    const token = await tokenRequest(portal, oidc.token_endpoint, {
      grant_type: 'authorization_code',
      client_id: clientId,
      code,
      redirect_uri: loopback.redirectUri,
      code_verifier: verifier,
    });
    return {
      portal,
      user: tokenSubject(token.access_token),
      clientId,
      tokenEndpoint: oidc.token_endpoint,
      revocationEndpoint: oidc.revocation_endpoint,
      accessToken: token.access_token,
      expiresAt: Date.now() + token.expires_in * 1000,
      refreshToken: token.refresh_token,
    };
  } finally {
    await loopback.close();
  }
}

/** A new access token from the refresh token, when the portal issued one. */
export async function refreshLogin(login: StoredLogin): Promise<StoredLogin> {
  if (!login.refreshToken) {
    throw new CliError('no refresh token');
  }
  const token = await tokenRequest(login.portal, login.tokenEndpoint, {
    grant_type: 'refresh_token',
    client_id: login.clientId,
    refresh_token: login.refreshToken,
  });
  return {
    ...login,
    accessToken: token.access_token,
    expiresAt: Date.now() + token.expires_in * 1000,
    refreshToken: token.refresh_token ?? login.refreshToken,
  };
}

/** Revokes the refresh token (if any) at the portal; best effort. */
export async function revokeLogin(login: StoredLogin): Promise<boolean> {
  if (!login.refreshToken || !login.revocationEndpoint) {
    return false;
  }
  try {
    const response = await fetch(login.revocationEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        token: login.refreshToken,
        client_id: login.clientId,
      }),
      signal: AbortSignal.timeout(10_000),
    });
    return response.ok;
  } catch {
    return false;
  }
}
